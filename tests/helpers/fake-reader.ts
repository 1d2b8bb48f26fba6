/** A deterministic reader for tests: the logit is whatever `scoreOf` says of the pair. */
import type { Reader } from '../../src/read/reader.ts';

export class FakeReader implements Reader {
  readonly id = 'cross-encoder:fake/reader:fp32:64';
  /** Every question it was asked and how many passages came with it, in order. */
  readonly calls: { question: string; passages: number }[] = [];

  constructor(private readonly scoreOf: (question: string, passage: string) => number) {}

  async score(question: string, passages: readonly string[]): Promise<number[]> {
    this.calls.push({ question, passages: passages.length });
    return passages.map((p) => this.scoreOf(question, p));
  }

  async close(): Promise<void> {}
}
