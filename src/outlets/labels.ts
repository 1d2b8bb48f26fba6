/**
 * Outlet labels: what kind of outlet a citation comes from, read from the editable outlets.json beside this
 * file. A citation's outlet is matched by name first (as the data names it), then by its URL's host, so AP
 * copy on the Daily Mail's wire pages stays AP. Anything not listed is "unreviewed": a label is only ever a
 * publicly documented fact (who owns or funds an outlet, what format it is), never a score.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Citation } from '../types.ts';
import { urlHost } from '../ingest/metadata.ts';
import { CrisisDeskError, malformedJson } from '../errors.ts';

export const OUTLET_KINDS = [
  'wire service',
  'public broadcaster',
  'commercial broadcaster',
  'newspaper',
  'tabloid',
  'online news site',
  'state-affiliated media',
  'unreviewed',
] as const;
export type OutletKind = (typeof OUTLET_KINDS)[number];

export interface OutletLabel {
  name: string;
  /** Shown after the name, e.g. "Russian state media"; "unreviewed" for outlets not in the file. */
  label: string;
  country: string | null;
  kind: OutletKind;
  aliases: string[];
  /** The public fact the label rests on. */
  basis: string;
  reviewed: boolean;
}

const DEFAULT_OUTLETS_FILE = new URL('./outlets.json', import.meta.url);

/** A non-empty string, trimmed. */
const nonEmpty = z.string().trim().min(1);

/** One entry of outlets.json. */
const outletEntrySchema = z.object({
  kind: nonEmpty.pipe(z.enum(OUTLET_KINDS)),
  aliases: z.array(z.string()),
  name: nonEmpty,
  label: nonEmpty,
  country: nonEmpty,
  basis: nonEmpty,
});

const outletsFileSchema = z.object({ outlets: z.array(z.unknown()) });

/** The order in which an entry's keys are checked: the first one with a problem is the one named. */
const ENTRY_KEYS = ['kind', 'aliases', 'name', 'label', 'country', 'basis'] as const;

/** The message for an entry the schema refused: its first key with a problem, what was expected, what arrived. */
function entryProblem(entry: unknown, issues: readonly z.core.$ZodIssue[]): string {
  const key = ENTRY_KEYS.find((k) => issues.some((i) => i.path[0] === k)) ?? 'kind';
  if (key === 'aliases') return 'expected "aliases" to be a list of names and hosts';
  const enumIssue = issues.find((i) => i.path[0] === key && i.code === 'invalid_value');
  if (key === 'kind' && enumIssue !== undefined) {
    const kind = String((entry as { kind: string }).kind).trim();
    return `expected "kind" to be one of ${OUTLET_KINDS.join(', ')}, got ${JSON.stringify(kind)}`;
  }
  return `expected "${key}" to be a non-empty string`;
}

/** Parses outlets.json; a bad entry is an error naming it and what was expected. */
export function parseOutlets(text: string, name: string): OutletLabel[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw malformedJson(name, error);
  }
  const file = outletsFileSchema.safeParse(raw);
  if (!file.success) throw new CrisisDeskError('DataFileError', `${name}: expected {"outlets": [...]}`);
  return file.data.outlets.map((entry, i) => {
    const parsed = outletEntrySchema.safeParse(entry);
    if (!parsed.success)
      throw new CrisisDeskError(
        'DataFileError',
        `${name}: outlet ${i + 1}: ${entryProblem(entry, parsed.error.issues)}`,
      );
    const { kind, aliases, name: outlet, label, country, basis } = parsed.data;
    return { name: outlet, label, country, kind, aliases, basis, reviewed: true };
  });
}

const key = (s: string) => s.trim().toLowerCase();

export class OutletLabels {
  private readonly byName = new Map<string, OutletLabel>();
  private readonly byHost = new Map<string, OutletLabel>();

  constructor(readonly outlets: readonly OutletLabel[]) {
    for (const o of outlets) {
      this.byName.set(key(o.name), o);
      for (const a of o.aliases) {
        // Something with a dot and no space is a host; a name may also be used as one ("bbc.com" vs "BBC").
        if (/^[\w-]+(\.[\w-]+)+$/.test(a.trim())) this.byHost.set(key(a), o);
        else this.byName.set(key(a), o);
      }
    }
  }

  /** The label for an outlet as the data names it (and its URL, when the name is unknown). */
  lookup(source: string | null, url: string | null = null): OutletLabel {
    const named = source === null ? undefined : this.byName.get(key(source));
    if (named !== undefined) return named;
    const host = urlHost(url);
    if (host !== null) {
      // Longest suffix first: edition.cnn.com → cnn.com.
      const parts = host.split('.');
      for (let i = 0; i < parts.length - 1; i++) {
        const found = this.byHost.get(parts.slice(i).join('.'));
        if (found !== undefined) return found;
      }
    }
    return {
      name: source ?? 'Unknown outlet',
      label: 'unreviewed',
      country: null,
      kind: 'unreviewed',
      aliases: [],
      basis: 'Not in src/outlets/outlets.json.',
      reviewed: false,
    };
  }

  /** Outlet names in `sources` (as the index names them) whose label has one of `kinds`. */
  sourcesOfKinds(sources: readonly string[], kinds: readonly string[]): string[] {
    if (kinds.length === 0) return [];
    const wanted = new Set(kinds.map(key));
    return sources.filter((s) => wanted.has(this.lookup(s).kind));
  }
}

let defaultLabels: OutletLabels | null = null;

/** The labels from src/outlets/outlets.json, read once per process. */
export function outletLabels(): OutletLabels {
  defaultLabels ??= new OutletLabels(
    parseOutlets(readFileSync(DEFAULT_OUTLETS_FILE, 'utf8'), 'src/outlets/outlets.json'),
  );
  return defaultLabels;
}

/** "RT · Russian state media · 2022-03-02": the outlet's display name, its label, and the date. */
export function citationLabel(
  citation: Pick<Citation, 'source' | 'url' | 'date'>,
  labels = outletLabels(),
): string {
  const outlet = labels.lookup(citation.source, citation.url);
  const name = outlet.reviewed ? outlet.name : (citation.source ?? 'Unknown outlet');
  return `${name} · ${outlet.label} · ${citation.date ?? 'undated'}`;
}
