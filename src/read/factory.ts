/** Opens the reader the settings name (READER), or says why there is none. The only place that knows every reader. */
import { DEFAULT_READER, type EngineConfig } from '../config.ts';
import { findReader, READERS } from '../models/catalog.ts';
import { modelAvailability } from '../models/check.ts';
import type { Reader } from './reader.ts';
import { CrisisDeskError } from '../errors.ts';

export class ReaderUnavailableError extends CrisisDeskError {
  constructor(message: string) {
    super('ReaderUnavailableError', message);
  }
}

/**
 * The reader, or null with the reason when the default one is not fetched (the engine then ranks alone, as before
 * the reader existed). A reader named in READER that cannot be opened is a ReaderUnavailableError.
 */
export async function openReader(
  config: Pick<EngineConfig, 'reader' | 'transformersLocalModels'>,
): Promise<{ reader: Reader | null; reason: string | null }> {
  const wanted = config.reader;
  if (wanted === null) return { reader: null, reason: 'READER=off' };
  const spec = findReader(wanted.name);
  if (!spec)
    throw new ReaderUnavailableError(
      `READER: expected off or a known reader (${READERS.map((r) => r.name).join(', ')}), got ${JSON.stringify(wanted.name)}`,
    );
  const availability = await modelAvailability(spec, config.transformersLocalModels);
  if (!availability.available) {
    const why = `reader ${availability.reason}`;
    if (wanted.required) throw new ReaderUnavailableError(why);
    return { reader: null, reason: why };
  }
  // Loaded only when used: transformers.js costs memory just by being imported.
  const { createCrossEncoderReader } = await import('./cross-encoder.ts');
  return {
    reader: await createCrossEncoderReader({
      model: spec.id,
      localModelPath: config.transformersLocalModels,
      maxTokens: READER_TOKENS,
    }),
    reason: null,
  };
}

/**
 * For the scripts that measure or fit the reader: the reader READER names (or the default one, even with
 * READER=off), a ReaderUnavailableError when it cannot be opened.
 */
export async function openRequiredReader(
  config: Pick<EngineConfig, 'reader' | 'transformersLocalModels'>,
): Promise<Reader> {
  const { reader } = await openReader({
    ...config,
    reader: { name: config.reader?.name ?? DEFAULT_READER, required: true },
  });
  return reader!;
}

/** Tokens the reader reads per pair; fit and measured at this length (docs/reader.md). */
const READER_TOKENS = 192;
