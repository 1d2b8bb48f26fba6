import { describe, expect, it } from 'vitest';
import { ALIAS_FILE, AliasFileError, loadAliases, parseAliases } from '../../src/names/aliases.ts';
import { AliasTable } from '../../src/names/table.ts';

const parseError = (text: string): string => {
  try {
    parseAliases(text, 'fixture.txt');
  } catch (error) {
    expect(error).toBeInstanceOf(AliasFileError);
    return (error as Error).message;
  }
  throw new Error('expected the alias text to be rejected');
};

describe('parseAliases', () => {
  it('reads kind, English spellings (canonical first) and the Ukrainian and Russian forms; comments and blanks skipped', () => {
    const groups = parseAliases(
      [
        '# places',
        '',
        'place  Kyiv, Kiev | uk: Київ | ru: Киев   # the capital',
        'person Lavrov | uk: Лавров | ru: Лавров',
        'thing NATO',
      ].join('\n'),
    );
    expect(groups).toEqual([
      { kind: 'place', english: ['Kyiv', 'Kiev'], uk: ['Київ'], ru: ['Киев'], line: 3 },
      { kind: 'person', english: ['Lavrov'], uk: ['Лавров'], ru: ['Лавров'], line: 4 },
      { kind: 'thing', english: ['NATO'], uk: [], ru: [], line: 5 },
    ]);
  });

  it('rejects mistakes with the file, the line, what was expected and what arrived', () => {
    expect(parseError('place Kyiv\nplase Kharkiv')).toBe(
      'fixture.txt:2: expected a kind (place, person, name, thing) at the start of the line, got "plase"',
    );
    expect(parseError('place Київ')).toBe(
      'fixture.txt:1: expected an English spelling in Latin letters, got "Київ"',
    );
    expect(parseError('place Kyiv | uk: Kyiv')).toBe(
      'fixture.txt:1: expected a Ukrainian spelling in Cyrillic letters, got "Kyiv"',
    );
    expect(parseError('place Kryvyi Rih')).toBe(
      'fixture.txt:1: expected one word per English spelling, got "Kryvyi Rih" (2 words)',
    );
    expect(parseError('place Kyiv,, Kiev')).toBe(
      'fixture.txt:1: expected an English spelling between commas, got an empty one',
    );
    expect(parseError('place Kyiv | de: Kiew')).toBe(
      'fixture.txt:1: expected "uk: …" or "ru: …" after "|", got "de: Kiew"',
    );
    expect(parseError('place Kyiv | ru:')).toBe(
      'fixture.txt:1: expected at least one spelling after "ru:", got none',
    );
    expect(parseError('place Kyiv | ru: Киев | ru: Киев')).toBe(
      'fixture.txt:1: "ru:" appears twice on this line',
    );
    expect(parseError('place Kyiv, KYIV')).toBe('fixture.txt:1: "KYIV" is listed twice on this line');
    expect(parseError('place Kyiv, Kiev\nplace Kiev')).toBe(
      'fixture.txt:2: "Kiev" is already a spelling of the name on line 1; a spelling may belong to one name only',
    );
    expect(parseError('place')).toBe(
      'fixture.txt:1: expected at least one English spelling after "place", got none',
    );
  });

  it('a file that cannot be read is an error naming it', () => {
    expect(() => loadAliases('/nonexistent/aliases.txt')).toThrow(
      '/nonexistent/aliases.txt: expected a readable alias file, got ENOENT',
    );
  });
});

describe('the bundled alias file', () => {
  const groups = loadAliases();
  const table = new AliasTable(groups);
  const same = (...spellings: string[]): void => {
    const first = table.groupOf(spellings[0]!.toLowerCase());
    expect(first, spellings[0]).toBeDefined();
    for (const s of spellings)
      expect(
        table.groupOf(
          s
            .toLowerCase()
            .normalize('NFKD')
            .replace(/[\u0300-\u036f]/g, ''),
        ),
        s,
      ).toBe(first);
  };

  it('loads, and holds the names the issue lists, each in one group', () => {
    expect(ALIAS_FILE.endsWith('src/names/aliases.txt')).toBe(true);
    expect(groups.length).toBeGreaterThan(100);
    same('Kyiv', 'Kiev', 'Київ', 'Киев');
    same('Kharkiv', 'Kharkov', 'Харків', 'Харьков');
    same('Odesa', 'Odessa');
    same('Luhansk', 'Lugansk');
    same('Donbas', 'Donbass');
    same('Mykolaiv', 'Nikolaev');
    same('Zaporizhzhia', 'Zaporozhye');
    same('Zelensky', 'Zelenskyy', 'Zelenskiy', 'Зеленський', 'Зеленский');
    same('Lavrov', 'Лавров');
    same('Sergey', 'Sergei');
    same('Dmytro', 'Dmitry');
  });
});
