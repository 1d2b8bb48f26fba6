/**
 * Scoring timelines against topics labelled by reading (eval/timeline-topics.jsonl, eval/README.md): pure
 * functions, so the numbers can be tested. An event is recalled when any article that reports it is cited by the
 * timeline (as an event's own report or among its other reports); precision is over what the timeline shows.
 */
import type { Timeline } from '../types.ts';
import { CrisisDeskError, malformedJson } from '../errors.ts';

/** What an article that names the topic does with it (eval/README.md). */
export type TopicLabel = 'reports' | 'landmark' | 'unnamed';

export interface LabelledArticle {
  article: string;
  date: string | null;
  label: TopicLabel;
  /** Articles reporting one occurrence share it; absent for landmarks. */
  event?: string;
}

/** One line of the topics file: labelled when `articles` is present, else only a keyword (scripts/eval-timeline.ts). */
export interface TimelineTopic {
  topic: string;
  keyword: string | null;
  covered: boolean;
  /** Which corpus the labels are over, e.g. `ukraine-news-400`. */
  corpus?: string;
  /** Labelled after the landmark rule was chosen, or never used to choose it. */
  heldout?: boolean;
  articles?: LabelledArticle[];
}

const LABELS: readonly TopicLabel[] = ['reports', 'landmark', 'unnamed'];

/** Parses the topics file; a bad line is an error naming the line and what was expected. */
export function parseTopicsFile(content: string, name: string): TimelineTopic[] {
  return content
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, n }) => {
      let raw: Partial<TimelineTopic>;
      try {
        raw = JSON.parse(line) as Partial<TimelineTopic>;
      } catch (error) {
        throw malformedJson(`${name}:${n}`, error);
      }
      const articleOk = (a: Partial<LabelledArticle>): boolean =>
        typeof a.article === 'string' &&
        LABELS.includes(a.label as TopicLabel) &&
        (a.label !== 'reports' || typeof a.event === 'string');
      if (
        typeof raw.topic !== 'string' ||
        typeof raw.covered !== 'boolean' ||
        (raw.keyword !== null && typeof raw.keyword !== 'string') ||
        (raw.articles !== undefined && (!Array.isArray(raw.articles) || !raw.articles.every(articleOk)))
      ) {
        throw new CrisisDeskError(
          'DataFileError',
          `${name}:${n}: expected {topic, keyword, covered, articles?: [{article, label: ${LABELS.join(' | ')}, event (for reports)}]}`,
        );
      }
      return raw as TimelineTopic;
    });
}

export interface TimelineScore {
  /** Events (distinct `event` keys of `reports` articles) and how many the timeline cites an article of. */
  events: number;
  eventsFound: number;
  /** `reports` articles, and how many the timeline cites. */
  reports: number;
  reportsFound: number;
  /** Events shown, and how many are led by an article labelled `reports`. */
  shown: number;
  shownReports: number;
  /** Every article the timeline cites (leads and other reports), and how many are labelled `reports`. */
  cited: number;
  citedReports: number;
  /** Cited articles labelled `landmark`, `unnamed`, or not labelled at all (they do not name the topic). */
  landmarks: string[];
  unnamed: string[];
  unlabelled: string[];
  /** Events no cited article reports. */
  missed: string[];
}

/** How a timeline fares against one topic's labels. */
export function scoreTimeline(
  timeline: Pick<Timeline, 'events'>,
  articles: readonly LabelledArticle[],
): TimelineScore {
  const label = new Map(articles.map((a) => [a.article, a]));
  const cited = new Set<string>();
  let shownReports = 0;
  for (const e of timeline.events) {
    if (label.get(e.citation.id)?.label === 'reports') shownReports++;
    for (const c of [e.citation, ...e.alsoReportedBy]) cited.add(c.id);
  }
  const reports = articles.filter((a) => a.label === 'reports');
  const events = new Map<string, boolean>();
  for (const a of reports) events.set(a.event!, (events.get(a.event!) ?? false) || cited.has(a.article));
  const kind = (l: TopicLabel) => [...cited].filter((id) => label.get(id)?.label === l).sort();
  return {
    events: events.size,
    eventsFound: [...events.values()].filter(Boolean).length,
    reports: reports.length,
    reportsFound: reports.filter((a) => cited.has(a.article)).length,
    shown: timeline.events.length,
    shownReports,
    cited: cited.size,
    citedReports: kind('reports').length,
    landmarks: kind('landmark'),
    unnamed: kind('unnamed'),
    unlabelled: [...cited].filter((id) => !label.has(id)).sort(),
    missed: [...events]
      .filter(([, found]) => !found)
      .map(([event]) => event)
      .sort(),
  };
}

/** Sums of several topics' scores (the lists concatenated). */
export function totalScore(scores: readonly TimelineScore[]): TimelineScore {
  const sum = (k: keyof TimelineScore) => scores.reduce((s, x) => s + (x[k] as number), 0);
  const all = (k: 'landmarks' | 'unnamed' | 'unlabelled' | 'missed') => scores.flatMap((x) => x[k]);
  return {
    events: sum('events'),
    eventsFound: sum('eventsFound'),
    reports: sum('reports'),
    reportsFound: sum('reportsFound'),
    shown: sum('shown'),
    shownReports: sum('shownReports'),
    cited: sum('cited'),
    citedReports: sum('citedReports'),
    landmarks: all('landmarks'),
    unnamed: all('unnamed'),
    unlabelled: all('unlabelled'),
    missed: all('missed'),
  };
}

/** A share with two decimals, or a dash when there is nothing to divide by. */
export function ratio(part: number, whole: number): string {
  return whole === 0 ? '–' : (part / whole).toFixed(2);
}
