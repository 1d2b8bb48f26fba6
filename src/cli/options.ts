/** Options that several commands share, declared once with their help (src/cli/args.ts). */

export const jsonOption = { type: 'boolean', help: 'print one JSON object' } as const;

/** The index a one-shot command opens or writes. */
export const dataDirOption = {
  type: 'string',
  value: 'D',
  help: 'the index folder (default: DATA_DIR, else data/)',
} as const;

/** The article filters that ask and timeline pass to the engine, which checks their values. */
export const filterOptions = {
  source: { type: 'string', value: 'S', help: 'only this outlet' },
  after: { type: 'string', value: 'D', help: 'only articles dated on or after this day (YYYY-MM-DD)' },
  before: { type: 'string', value: 'D', help: 'only articles dated on or before this day (YYYY-MM-DD)' },
} as const;

/** The SQuAD file that the fits and the highlight evaluation read. */
export const squadOption = {
  type: 'string',
  value: '<file>',
  help: 'SQuAD v1.1 JSON (every paragraph one article)',
  required: true,
  example: '--squad ../shared/datasets/squad/squad-dev-half-a.json',
} as const;

/** Where a fit caches its indexes and recorded questions. */
export const workOption = {
  type: 'string',
  value: 'D',
  help: 'where indexes and recorded questions are cached (default: DATA_DIR/fit)',
} as const;

/** The filters given, as the engine's options (an absent one is left out, not undefined). */
export function givenFilters(values: {
  source?: string | undefined;
  after?: string | undefined;
  before?: string | undefined;
}): {
  source?: string;
  after?: string;
  before?: string;
} {
  const given: { source?: string; after?: string; before?: string } = {};
  for (const key of ['source', 'after', 'before'] as const) {
    const value = values[key];
    if (value !== undefined) given[key] = value;
  }
  return given;
}

/** An index an evaluation opens read-only. */
export const readOnlyIndexOption = {
  type: 'string',
  value: 'D',
  help: 'the index folder (opened read-only)',
} as const;

/** An existing index that a benchmark measures and never writes. */
export const benchIndexOption = {
  type: 'string',
  value: '<index folder>',
  help: 'an existing index (only read)',
  required: true,
  example: '--data-dir /tmp/idx1000',
} as const;
