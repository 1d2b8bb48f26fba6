/**
 * The alias file (./aliases.txt): every spelling of a place, person, given name or thing, in English and in
 * Ukrainian and Russian Cyrillic. Parsed and validated here; a mistake is an error naming the file, the line,
 * what was expected and what arrived, and nothing is half-loaded.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { words } from '../index/tokenize.ts';
import { CrisisDeskError } from '../errors.ts';

export const ALIAS_KINDS = ['place', 'person', 'name', 'thing'] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

/** One name in all its spellings, as written in the file. */
export interface AliasGroup {
  kind: AliasKind;
  /** English spellings; the first is the canonical one (what a Cyrillic question is read as). */
  english: string[];
  /** Ukrainian Cyrillic spellings. */
  uk: string[];
  /** Russian Cyrillic spellings. */
  ru: string[];
  /** Where it was defined, for messages. */
  line: number;
}

/** Thrown for a malformed alias file; the message starts with `file:line:`. */
export class AliasFileError extends CrisisDeskError {
  constructor(message: string) {
    super('AliasFileError', message);
  }
}

/** The bundled alias file. */
export const ALIAS_FILE = fileURLToPath(new URL('./aliases.txt', import.meta.url));

const LATIN_WORD = /^\p{Script=Latin}+$/u;
const CYRILLIC_WORD = /^\p{Script=Cyrillic}+$/u;

/** A spelling as questions and passages are compared by it: `words()` folding (case, accents, й → и). */
export function foldSpelling(spelling: string): string {
  return words(spelling).join(' ');
}

/**
 * Parses alias lines: `<kind> <English, …> [| uk: <Ukrainian, …>] [| ru: <Russian, …>]`, `#` starts a comment.
 * Every spelling is one word; a spelling may belong to one group only.
 */
export function parseAliases(text: string, file = 'aliases'): AliasGroup[] {
  const groups: AliasGroup[] = [];
  const owner = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const fail = (what: string): never => {
      throw new AliasFileError(`${file}:${line}: ${what}`);
    };
    const content = raw.replace(/#.*/, '').trim();
    if (content === '') return;
    const [head = '', ...sections] = content.split('|').map((s) => s.trim());
    const kindMatch = /^(\S+)\s+(.*)$/.exec(head);
    const kind = kindMatch?.[1] ?? head;
    if (!(ALIAS_KINDS as readonly string[]).includes(kind)) {
      fail(
        `expected a kind (${ALIAS_KINDS.join(', ')}) at the start of the line, got ${JSON.stringify(kind)}`,
      );
    }
    const group: AliasGroup = {
      kind: kind as AliasKind,
      english: spellings(kindMatch?.[2] ?? '', 'English', LATIN_WORD, 'Latin letters', fail),
      uk: [],
      ru: [],
      line,
    };
    if (group.english.length === 0) fail(`expected at least one English spelling after "${kind}", got none`);
    for (const section of sections) {
      const m = /^(uk|ru):\s*(.*)$/.exec(section);
      if (!m) fail(`expected "uk: …" or "ru: …" after "|", got ${JSON.stringify(section)}`);
      const lang = m![1] as 'uk' | 'ru';
      if (group[lang].length > 0) fail(`"${lang}:" appears twice on this line`);
      group[lang] = spellings(
        m![2]!,
        lang === 'uk' ? 'Ukrainian' : 'Russian',
        CYRILLIC_WORD,
        'Cyrillic letters',
        fail,
      );
      if (group[lang].length === 0) fail(`expected at least one spelling after "${lang}:", got none`);
    }
    // Ukrainian and Russian often spell a name alike (Лавров): that is one spelling, not a clash.
    const own = new Set<string>();
    for (const s of [...group.english, ...group.uk, ...group.ru]) {
      const key = foldSpelling(s);
      if (own.has(key)) {
        if (group.uk.includes(s) && group.ru.includes(s)) continue;
        fail(`${JSON.stringify(s)} is listed twice on this line`);
      }
      own.add(key);
      const first = owner.get(key);
      if (first !== undefined)
        fail(
          `${JSON.stringify(s)} is already a spelling of the name on line ${first}; a spelling may belong to one name only`,
        );
      owner.set(key, line);
    }
    groups.push(group);
  });
  return groups;
}

function spellings(
  list: string,
  language: string,
  script: RegExp,
  scriptName: string,
  fail: (what: string) => never,
): string[] {
  const a = language === 'English' ? 'an' : 'a';
  const out = list.split(',').map((s) => s.trim());
  if (out.length === 1 && out[0] === '') return [];
  for (const s of out) {
    if (s === '') fail(`expected ${a} ${language} spelling between commas, got an empty one`);
    const folded = words(s);
    if (folded.length !== 1)
      fail(`expected one word per ${language} spelling, got ${JSON.stringify(s)} (${folded.length} words)`);
    if (!script.test(s))
      fail(`expected ${a} ${language} spelling in ${scriptName}, got ${JSON.stringify(s)}`);
  }
  return out;
}

/** Reads and validates an alias file. */
export function loadAliases(file: string = ALIAS_FILE): AliasGroup[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AliasFileError(
      `${file}: expected a readable alias file, got ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseAliases(text, file);
}
