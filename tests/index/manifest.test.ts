/**
 * manifest.json as a reader parses it: the first damaged field is named, another schema version is returned as
 * it is (the caller says which it reads), and fields the parser does not check come back as written.
 */
import { describe, expect, it } from 'vitest';
import { type Manifest, parseManifest, SCHEMA_VERSION, serializeManifest } from '../../src/index/manifest.ts';

const document = {
  id: 'a',
  hash: 'h',
  title: 'A',
  source: null,
  date: null,
  url: null,
  path: 'a.txt',
  characters: 10,
  chunkStart: 0,
  chunkCount: 2,
  windowStart: 0,
  windowCount: 3,
};

const manifest: Manifest = {
  schemaVersion: SCHEMA_VERSION,
  createdAt: '2026-01-01T00:00:00.000Z',
  embedder: { id: 'fake', dimensions: 8, maxTokens: 128 },
  chunking: { targetWords: 120, overlapSentences: 1 } as Manifest['chunking'],
  hnsw: { m: 16, efConstruction: 200, space: 'ip', nextLabel: 3, deleted: 0 } as Manifest['hnsw'],
  counts: { documents: 1, chunks: 2, windows: 3 },
  documents: [document],
  files: { 'chunks.jsonl': { bytes: 5, sha256: 'x' } },
};

/** The message of parsing `manifest` with `change` applied (and no checksum), or 'ok'. */
function problem(change: (m: Record<string, unknown>) => void): string {
  const m = structuredClone(manifest) as unknown as Record<string, unknown>;
  change(m);
  try {
    parseManifest(JSON.stringify(m));
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('parseManifest', () => {
  it('returns a sound manifest as written, checksum included', () => {
    const text = serializeManifest(manifest);
    expect(parseManifest(text)).toEqual(JSON.parse(text));
  });

  it('names what is wrong: the JSON, the checksum, the version, then the first damaged field', () => {
    expect(() => parseManifest('{')).toThrow('manifest.json is not valid JSON');
    expect(() => parseManifest('[]')).toThrow('manifest.json: expected a JSON object');
    const tampered = JSON.parse(serializeManifest(manifest)) as Manifest;
    tampered.createdAt = '2027-01-01T00:00:00.000Z';
    expect(() => parseManifest(JSON.stringify(tampered))).toThrow(
      'manifest.json: its content does not match its checksum',
    );
    expect(problem((m) => (m.schemaVersion = '1'))).toBe('manifest.json: expected a schemaVersion number');
    expect(problem((m) => ((m.schemaVersion = SCHEMA_VERSION + 1), delete m.embedder))).toBe('ok');
    const malformed = (field: string) => `manifest.json: missing or malformed ${field}`;
    expect(problem((m) => ((m.embedder as { dimensions: number }).dimensions = 0))).toBe(
      malformed('embedder'),
    );
    expect(problem((m) => ((m.embedder = null), (m.counts = {})))).toBe(malformed('embedder'));
    expect(problem((m) => (m.chunking = 'words'))).toBe(malformed('chunking'));
    expect(problem((m) => ((m.hnsw as { deleted: number }).deleted = -1))).toBe(malformed('hnsw'));
    expect(problem((m) => ((m.counts as { chunks: number }).chunks = 1.5))).toBe(malformed('counts'));
    expect(problem((m) => ((m.counts as { documents: number }).documents = 2))).toBe(malformed('documents'));
    expect(problem((m) => ((m.counts as { windows: number }).windows = 2))).toBe(malformed('documents'));
    expect(problem((m) => (m.documents = [{ ...document, title: 5 }]))).toBe(malformed('documents'));
    expect(problem((m) => (m.documents = [null]))).toBe(malformed('documents'));
    expect(problem((m) => (m.files = { 'chunks.jsonl': { bytes: -1, sha256: 'x' } }))).toBe(
      malformed('files'),
    );
    expect(problem((m) => (m.files = null))).toBe(malformed('files'));
    expect(problem((m) => delete m.files)).toBe('ok');
  });
});
