/**
 * The one interface every reader implements: a model that reads a question and a passage together and says how
 * well the passage answers it. Embeddings compare two vectors made apart; a reader sees both texts at once, so it
 * can tell a passage that holds the asked fact from one that is only on the same topic.
 */
export interface Reader {
  /** Names the model and its weights (shown in `--json` as the reader that ran). */
  readonly id: string;
  /** One relevance logit per passage, in order; higher answers better. Sigmoid turns it into 0–1. */
  score(question: string, passages: readonly string[]): Promise<number[]>;
  /** Frees native memory. Safe to call twice. */
  close(): Promise<void>;
}
