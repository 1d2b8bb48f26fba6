/**
 * A sample of the places that throw a coded error (src/errors.ts) where they once threw a plain Error: each throws
 * its code with today's message, word for word, and still ends a command as before (exit 1 with the debug hint).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dot } from '../src/embed/embedder.ts';
import { packSparse, unpackVectors } from '../src/embed/use-lite/batch.ts';
import { createUseLiteEmbedder } from '../src/embed/use-lite/embedder.ts';
import { createUseLitePool } from '../src/embed/use-lite/pool.ts';
import { OnnxGraphBuilder } from '../src/embed/use-lite/tf-to-onnx/onnx-graph.ts';
import { attrInt } from '../src/embed/use-lite/tf-to-onnx/tf-model.ts';
import { exitClassOf } from '../src/errors.ts';
import { feedStatePath, loadFeedState } from '../src/feeds/state.ts';
import { parseBeirQueries } from '../src/eval/beir.ts';
import { fitLogistic } from '../src/eval/fit/logistic.ts';
import { parseSquad } from '../src/eval/fit/squad.ts';
import { parseQaFile } from '../src/eval/qa.ts';
import { parseTopicsFile } from '../src/eval/timeline.ts';
import { parseManifest } from '../src/index/manifest.ts';
import { generationSchema } from '../src/index/pg/schema.ts';
import { blendOrder } from '../src/search/reading.ts';
import { openServiceHost } from '../src/service/open-host.ts';
import { Cooldowns } from '../src/session/cooldowns.ts';
import { loadOrCreateSecret } from '../src/state/secret.ts';
import { TempDirs } from './helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/** The code and message of what `fn` throws, and how a command would end for it. */
function thrown(fn: () => unknown): { name: string; message: string; exit: string } {
  try {
    fn();
  } catch (error) {
    const e = error as Error;
    return { name: e.name, message: e.message, exit: exitClassOf(e) };
  }
  throw new Error('expected a throw, got none');
}

/** `thrown` for a promise that rejects. */
async function rejected(promise: Promise<unknown>): Promise<{ name: string; message: string; exit: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error;
    return { name: e.name, message: e.message, exit: exitClassOf(e) };
  }
  throw new Error('expected a rejection, got none');
}

const parserWords = (text: string): string => {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('coded errors where plain ones were', () => {
  it('files from outside that do not parse or fit: DataFileError', async () => {
    expect(thrown(() => parseBeirQueries('{\n', 'queries.jsonl'))).toEqual({
      name: 'DataFileError',
      message: `crisis-desk: queries.jsonl:1: malformed JSON (${parserWords('{')})`,
      exit: 'internal',
    });
    expect(thrown(() => parseQaFile('{"id": "q1"}\n', 'qa.jsonl'))).toEqual({
      name: 'DataFileError',
      message:
        'crisis-desk: qa.jsonl:1: expected {id, question, answerable, gold: [{seed or article, phrase}]}',
      exit: 'internal',
    });
    expect(thrown(() => parseTopicsFile('\n[', 'topics.jsonl'))).toEqual({
      name: 'DataFileError',
      message: `crisis-desk: topics.jsonl:2: malformed JSON (${parserWords('[')})`,
      exit: 'internal',
    });
    expect(thrown(() => parseSquad('{}', 'dev.json'))).toEqual({
      name: 'DataFileError',
      message: 'crisis-desk: dev.json: expected {"data": [...]} (SQuAD v1.1), got no data array',
      exit: 'internal',
    });
    const key = path.join(await temp.make(), 'member-key');
    writeFileSync(key, 'not a key\n');
    expect(thrown(() => loadOrCreateSecret(key))).toEqual({
      name: 'DataFileError',
      message: `crisis-desk: ${key}: expected 64 hex digits (the key for member hashes), found 9 characters of something else`,
      exit: 'internal',
    });
  });

  it('an option out of range: OptionError; a fit with nothing to fit: FitError', () => {
    expect(thrown(() => new Cooldowns(-1))).toEqual({
      name: 'OptionError',
      message: 'crisis-desk: cooldown must be a non-negative number of seconds, got -1',
      exit: 'internal',
    });
    expect(thrown(() => fitLogistic([]))).toEqual({
      name: 'FitError',
      message: 'crisis-desk: fitLogistic: expected at least one example, got none',
      exit: 'internal',
    });
  });

  it('what cannot happen: InvariantError; a generation name kept out of SQL: GenerationNameError, unprefixed', () => {
    expect(thrown(() => dot(new Float32Array(2), new Float32Array(3)))).toEqual({
      name: 'InvariantError',
      message: 'crisis-desk: vectors differ in length: expected 2, got 3',
      exit: 'internal',
    });
    expect(thrown(() => blendOrder([1, 2], [0.5], 0.3))).toEqual({
      name: 'InvariantError',
      message: 'crisis-desk: blendOrder: expected one reader probability per candidate (2), got 1',
      exit: 'internal',
    });
    expect(thrown(() => generationSchema('gen-1"; drop'))).toEqual({
      name: 'GenerationNameError',
      message: 'expected a generation name (gen-…), got "gen-1\\"; drop"',
      exit: 'internal',
    });
  });

  it('USE-lite: a model that does not convert or answers off shape: ModelError; an option out of range: OptionError', async () => {
    expect(thrown(() => attrInt({ name: 'n1', op: 'Mul' }, 'axis'))).toEqual({
      name: 'ModelError',
      message: 'crisis-desk: tf node n1 (Mul): expected attribute axis, got none',
      exit: 'internal',
    });
    expect(thrown(() => new OnnxGraphBuilder().constant('w', 'float', [2, 2], [1, 2, 3]))).toEqual({
      name: 'ModelError',
      message: 'crisis-desk: tensor w: expected 4 values for [2,2], got 3',
      exit: 'internal',
    });
    expect(thrown(() => unpackVectors(new Float32Array(3), packSparse([[1], [2]]), 2, 2))).toEqual({
      name: 'ModelError',
      message: 'crisis-desk: use-lite: expected 2 × 2 output values, got 3',
      exit: 'internal',
    });
    expect(await rejected(createUseLiteEmbedder({ batchSize: 0 }))).toEqual({
      name: 'OptionError',
      message: 'crisis-desk: use-lite batchSize: expected an integer ≥ 1, got 0',
      exit: 'internal',
    });
    expect(await rejected(createUseLitePool({ workers: 1, jobSize: 0 }))).toEqual({
      name: 'OptionError',
      message: 'crisis-desk: use-lite pool jobSize: expected an integer ≥ 1, got 0',
      exit: 'internal',
    });
  });

  it('an index file that does not parse or fit: IndexFileError, unprefixed (read inside "is damaged (…)")', () => {
    expect(thrown(() => parseManifest('{'))).toEqual({
      name: 'IndexFileError',
      message: 'manifest.json is not valid JSON',
      exit: 'internal',
    });
    expect(thrown(() => parseManifest('{"schemaVersion": "2"}'))).toEqual({
      name: 'IndexFileError',
      message: 'manifest.json: expected a schemaVersion number',
      exit: 'internal',
    });
  });

  it('a feed state file of another version: DataFileError; a service host with nothing to embed with: InvariantError', async () => {
    const dataDir = await temp.make();
    const file = feedStatePath(dataDir);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ version: 2, feeds: {} }));
    expect(await rejected(loadFeedState(dataDir))).toEqual({
      name: 'DataFileError',
      message: `crisis-desk: ${file}: expected feed state version 1, got 2`,
      exit: 'internal',
    });
    expect(await rejected(openServiceHost({ dataDir, config: null, fake: null }, () => {}))).toEqual({
      name: 'InvariantError',
      message: 'crisis-desk: search service: expected settings or a fake embedder, got neither',
      exit: 'internal',
    });
  });
});
