import { describe, expect, it } from 'vitest';
import { runVariants, spellingVariants, summarizeVariants } from '../../src/eval/aliases.ts';
import { parseAliases } from '../../src/names/aliases.ts';
import { AliasTable } from '../../src/names/table.ts';
import type { Answer, AskOptions, Engine } from '../../src/types.ts';
import { passage, citation } from '../helpers/fake-engine.ts';

const table = new AliasTable(
  parseAliases(['place Kyiv, Kiev | uk: Київ', 'person Lavrov | ru: Лавров'].join('\n')),
);

describe('spellingVariants', () => {
  it('writes every name canonically, then each other spelling of each name once', () => {
    const { canonical, variants } = spellingVariants("Did Lavrov visit Kiev's suburbs?", table);
    expect(canonical).toBe("Did Lavrov visit Kyiv's suburbs?");
    expect(variants).toEqual([
      {
        question: "Did Лавров visit Kyiv's suburbs?",
        name: 'Lavrov',
        spelling: 'Лавров',
        script: 'cyrillic',
      },
      { question: "Did Lavrov visit Kiev's suburbs?", name: 'Kyiv', spelling: 'Kiev', script: 'latin' },
      { question: "Did Lavrov visit Київ's suburbs?", name: 'Kyiv', spelling: 'Київ', script: 'cyrillic' },
    ]);
    expect(spellingVariants('No names here', table)).toEqual({ canonical: 'No names here', variants: [] });
  });
});

describe('runVariants and summarizeVariants', () => {
  // An engine whose top passage depends on the spelling: Kiev finds chunk b, everything else chunk a.
  const engine: Engine = {
    async ask(question: string, _options?: AskOptions): Promise<Answer> {
      const id = question.includes('Kiev') ? 'b' : 'a';
      const p = {
        ...passage(1, { highlight: 'the answer' }),
        chunkId: `${id}#0`,
        citation: citation({ id }),
      };
      return {
        question,
        answered: true,
        confidence: 'answer',
        notes: [],
        time: null,
        passages: [p],
        hasMore: false,
        articlesConsidered: 2,
      };
    },
    timeline: async () => {
      throw new Error('not used');
    },
    documents: async () => [],
    stats: async () => {
      throw new Error('not used');
    },
  };

  it('compares each variant’s top passage with the canonical question’s and with the gold', async () => {
    const rows = await runVariants(
      engine,
      [
        {
          id: 'q1',
          question: 'Who shelled Kyiv?',
          answerable: true,
          gold: [{ article: 'a', phrase: 'the answer' }],
        },
      ],
      table,
    );
    expect(rows.map((r) => [r.spelling, r.top, r.canonicalTop, r.hit, r.canonicalHit])).toEqual([
      ['Kiev', 'b#0', 'a#0', false, true],
      ['Київ', 'a#0', 'a#0', true, true],
    ]);
    expect(summarizeVariants(rows)).toEqual({ variants: 2, sameTop: 0.5, hitAt1: 0.5, canonicalHitAt1: 1 });
    expect(summarizeVariants([])).toEqual({ variants: 0, sameTop: 0, hitAt1: 0, canonicalHitAt1: 0 });
  });
});
