/**
 * USE-lite's SentencePiece (unigram) segmentation, giving exactly the ids of @energetic-ai/embeddings'
 * Tokenizer but in linear time: that one copies the rest of the string at every position (quadratic;
 * 30 s for a 125k-character article, ~1 ms for a 550-character window). Same vocabulary, same Viterbi
 * scores and tie-breaks, same quirks (a score of exactly 0 counts as "unset"; backtracking steps by the
 * piece's UTF-16 length), so the vectors cannot change. tests/embed/use-lite/tokenizer.test.ts compares
 * the two.
 */

/** vocab.json: [piece, log-probability] per id. */
export type Vocabulary = ReadonlyArray<readonly [string, number]>;

/** Ids below this are control symbols (<unk>, <s>, …) that segmentation never produces, except <unk> = 0. */
const RESERVED = 6;
const SEPARATOR = '\u2581';

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Vocabulary id of the piece ending here, or -1. */
  id: number;
  score: number;
}

const newNode = (): TrieNode => ({ children: new Map(), id: -1, score: 0 });

export class SentencePieceTokenizer {
  private readonly root = newNode();

  constructor(private readonly vocabulary: Vocabulary) {
    for (let id = RESERVED; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id]!;
      let node = this.root;
      for (const symbol of piece) {
        let next = node.children.get(symbol);
        if (!next) node.children.set(symbol, (next = newNode()));
        node = next;
      }
      // A repeated piece takes the later id, as in the original trie.
      if (node !== this.root) Object.assign(node, { id, score });
    }
  }

  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    const input = normalized.length > 0 ? SEPARATOR + normalized.replace(/ /g, SEPARATOR) : normalized;
    const symbols = Array.from(input);
    const n = symbols.length;
    // Lattice edges grouped by end position; pushing starts in increasing order keeps, per end, the
    // start order the original iterates in (it matters for ties).
    const edges: { start: number; id: number; score: number }[][] = Array.from({ length: n + 1 }, () => []);
    for (let start = 0; start < n; start++) {
      let node = this.root.children.get(symbols[start]!);
      let matched = false;
      for (let end = start + 1; node; end++) {
        if (node.id >= 0) {
          edges[end]!.push({ start, id: node.id, score: node.score });
          matched = true;
        }
        node = end < n ? node.children.get(symbols[end]!) : undefined;
      }
      if (!matched) edges[start + 1]!.push({ start, id: 0, score: 0 });
    }
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    for (let end = 0; end <= n; end++) {
      for (const e of edges[end]!) {
        const score = e.score + best[e.start]!;
        if (best[end] === 0 || score >= best[end]!) {
          best[end] = score;
          words[end] = e.id;
        }
      }
    }
    const reversed: number[] = [];
    for (let at = n; at > 0; at -= this.vocabulary[words[at]!]![0].length) reversed.push(words[at]!);
    // Runs of unknown symbols collapse into one <unk>.
    const ids: number[] = [];
    for (let i = reversed.length - 1; i >= 0; i--) {
      const id = reversed[i]!;
      if (!(id === 0 && i < reversed.length - 1 && reversed[i + 1] === 0)) ids.push(id);
    }
    return ids;
  }
}
