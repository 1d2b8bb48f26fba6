import { describe, expect, it } from 'vitest';
import { parseAliases } from '../../src/names/aliases.ts';
import { cyrillicLanguage, QuestionReader } from '../../src/names/reader.ts';
import { AliasTable } from '../../src/names/table.ts';

const table = new AliasTable(
  parseAliases(
    [
      'place  Kyiv, Kiev | uk: Київ | ru: Киев',
      'place  Kharkiv, Kharkov | uk: Харків | ru: Харьков',
      'place  Odesa, Odessa | uk: Одеса | ru: Одесса',
      'person Zelensky, Zelenskyy, Zelenskiy | uk: Зеленський | ru: Зеленский',
      'person Lavrov | uk: Лавров | ru: Лавров',
      'name   Sergey, Sergei | uk: Сергій | ru: Сергей',
      'place  China | uk: Китай | ru: Китай',
    ].join('\n'),
  ),
);
const reader = new QuestionReader(table);
const name = (word: string): string | undefined => table.groupOf(word)?.english[0];

describe('AliasTable.groupOf', () => {
  it('finds a name by any spelling, folded as words() folds it', () => {
    expect(name('kiev')).toBe('Kyiv');
    expect(name('київ')).toBeUndefined(); // unfolded ї: words() gives "киів"
    expect(name('киів')).toBe('Kyiv');
    expect(name('зеленскии')).toBe('Zelensky');
    expect(name('kyivan')).toBeUndefined();
  });

  it('reads Russian and Ukrainian case endings off Cyrillic words', () => {
    expect(name('киеве')).toBe('Kyiv'); // в Киеве
    expect(name('києва')).toBe('Kyiv'); // з Києва: є closes to і in the nominative
    expect(name('харкова')).toBe('Kharkiv');
    expect(name('харькова')).toBe('Kharkiv');
    expect(name('зеленського')).toBe('Zelensky');
    expect(name('лаврову')).toBe('Lavrov');
    expect(name('одесі')).toBe('Odesa');
    expect(name('китае')).toBe('China'); // о Китае: Китай's й folds to и
    expect(name('сергея')).toBe('Sergey');
    // Latin words get no such treatment: "Kieva" is not a spelling.
    expect(name('kieva')).toBeUndefined();
  });
});

describe('QuestionReader', () => {
  it('turns each name into one word with every spelling, the question’s own first', () => {
    const r = reader.read('Did Zelenskyy visit Kiev and Kyiv?');
    expect(r.terms).toEqual([
      {
        terms: ['zelenskyy', 'zelensky', 'zelenskiy', 'зеленськии', 'зеленскии'],
        stems: ['zelenskii', 'zelenski', 'zelenskii', 'зеленськии', 'зеленскии'],
        group: table.groups[3],
      },
      { terms: ['visit'], stems: ['visit'] },
      {
        terms: ['kiev', 'kyiv', 'киів', 'киев'],
        stems: ['kiev', 'kiiv', 'киів', 'киев'],
        group: table.groups[0],
      },
    ]);
    expect(r.canonical).toBe('Did Zelensky visit Kyiv and Kyiv?');
    expect(r.names.map((g) => g.english[0])).toEqual(['Zelensky', 'Kyiv']);
    expect(r.notes).toEqual([]);
  });

  it('without aliases reads words as queryTerms does', () => {
    const r = new QuestionReader().read("Kiev's mayor met Kyiv officials");
    expect(r.terms.map((t) => t.terms)).toEqual([['kiev'], ['mayor'], ['met'], ['kyiv'], ['official']]);
    expect(r.canonical).toBe("Kiev's mayor met Kyiv officials");
  });

  it('writes a given name canonically only from Cyrillic: Latin ones belong to their person as spelled', () => {
    expect(reader.read('What did Sergei Lavrov say?').canonical).toBe('What did Sergei Lavrov say?');
    expect(reader.read('What did Сергей Лавров say?').canonical).toBe('What did Sergey Lavrov say?');
    expect(reader.read('What did Sergei Lavrov say?').terms[0]!.terms).toEqual([
      'sergei',
      'sergey',
      'сергіи',
      'сергеи',
    ]);
  });

  it('keeps a possessive when writing the canonical spelling', () => {
    expect(reader.read("What is Kiev's population?").canonical).toBe("What is Kyiv's population?");
  });

  it('a question in Russian gets its names and a note that the articles are in English', () => {
    const r = reader.read('Что сказал Лавров о Киеве?');
    expect(r.names.map((g) => g.english[0])).toEqual(['Lavrov', 'Kyiv']);
    expect(r.canonical).toBe('Что сказал Lavrov о Kyiv?');
    expect(r.notes).toEqual([
      'The question is in Russian; the articles are in English, so only the names in it can match their words: Lavrov, Kyiv.',
    ]);
  });

  it('a question in Ukrainian without a known name is told to ask in English', () => {
    expect(reader.read('Яка погода сьогодні?').notes).toEqual([
      'The question is in Ukrainian; the articles are in English, and it names nothing we know an English spelling for: ask in English.',
    ]);
  });

  it('an English question with a Cyrillic name in it gets no language note', () => {
    const r = reader.read('What did Зеленський say about Odessa?');
    expect(r.notes).toEqual([]);
    expect(r.canonical).toBe('What did Zelensky say about Odesa?');
  });
});

describe('cyrillicLanguage', () => {
  it('tells Ukrainian and Russian apart by the letters only one of them uses', () => {
    expect(cyrillicLanguage('Що відбувається в Києві?')).toBe('Ukrainian');
    expect(cyrillicLanguage('Что происходит в Киеве? Где мы?')).toBe('Russian');
    expect(cyrillicLanguage('Кто такой Лавров')).toBe('Russian');
    expect(cyrillicLanguage('Хто такий Лавров')).toBe('Ukrainian');
    expect(cyrillicLanguage('Лавров в Москве')).toBe('Ukrainian or Russian');
    expect(cyrillicLanguage('Where is Київ?')).toBeNull();
    expect(cyrillicLanguage('2022?')).toBeNull();
  });
});
