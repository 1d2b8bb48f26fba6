import { type Embedder, normalizeInPlace } from './embedder.ts';

/**
 * A deterministic embedder for tests: hashed bag of lower-cased words (and their 4-letter prefixes, so
 * "cancelled" and "canceled" land near each other). Texts that share words get similar vectors, which is
 * enough to exercise dense ranking without a model.
 */
export class FakeEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly maxTokens: number;
  readonly unit: 'window' | 'chunk';
  /** Texts embedded so far; tests use it to prove that unchanged documents are not re-embedded. */
  embeddedTexts = 0;

  constructor(options: { dimensions?: number; maxTokens?: number; unit?: 'window' | 'chunk' } = {}) {
    this.dimensions = options.dimensions ?? 64;
    this.maxTokens = options.maxTokens ?? 128;
    this.unit = options.unit ?? 'window';
    this.id = `fake-hash-${this.dimensions}${this.unit === 'chunk' ? '-chunk' : ''}`;
  }

  countTokens(text: string): number {
    return words(text).length;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.embeddedTexts += texts.length;
    return texts.map((t) => this.embedOne(t));
  }

  async embedQueries(questions: readonly string[]): Promise<Float32Array[]> {
    return this.embed(questions);
  }

  async close(): Promise<void> {}

  private embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dimensions);
    for (const w of words(text).slice(0, this.maxTokens)) {
      v[hash(w) % this.dimensions]! += 1;
      if (w.length > 4) v[hash(w.slice(0, 4)) % this.dimensions]! += 0.5;
    }
    return normalizeInPlace(v);
  }
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** FNV-1a, 32-bit: stable across runs and platforms. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
