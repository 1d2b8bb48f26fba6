/** The search service's routes over real HTTP on 127.0.0.1: auth, limits, errors, keep-alive and shutdown. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AskInputError } from '../../src/search/options.ts';
import { inThreadBackend } from '../../src/service/backend.ts';
import { createLogger } from '../../src/log.ts';
import { createSearchService } from '../../src/service/server.ts';
import type { Engine } from '../../src/types.ts';
import {
  serveEngine,
  serveSource,
  type Served,
  TEST_SEARCH_TOKEN,
  withGeneration,
} from '../helpers/engine-service.ts';
import { fakeEngine } from '../helpers/fake-engine.ts';

const auth = { authorization: `Bearer ${TEST_SEARCH_TOKEN}` };
const json = { 'content-type': 'application/json' };

async function call(
  url: string,
  path: string,
  init: RequestInit = {},
): Promise<{
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
  headers: Headers;
}> {
  const res = await fetch(`${url}${path}`, init);
  return { status: res.status, body: (await res.json()) as never, headers: res.headers };
}

let s: Served;
beforeAll(async () => {
  s = await serveEngine(fakeEngine({ failWord: 'explode' }), { generation: () => 'gen-1' });
});
afterAll(() => s.close());

describe('routes', () => {
  it('answers ask, documents, stats and health with the generation that answered', async () => {
    const ask = await call(s.url, '/v1/ask', {
      method: 'POST',
      headers: { ...auth, ...json },
      body: JSON.stringify({ question: 'q', options: { k: 2 } }),
    });
    expect(ask.status).toBe(200);
    expect(ask.headers.get('x-index-generation')).toBe('gen-1');
    expect((ask.body.passages as unknown[]).length).toBe(2);
    expect((await call(s.url, '/v1/documents', { headers: auth })).body).toHaveLength(23);
    expect((await call(s.url, '/v1/stats', { headers: auth })).body).toEqual(await fakeEngine().stats());
    expect((await call(s.url, '/v1/health')).body).toEqual({ ok: true, generation: 'gen-1', engines: 1 });
  });

  it('answers readiness without the token: 200 when an engine can answer, 503 with the reason while none can', async () => {
    expect(await call(s.url, '/v1/ready')).toMatchObject({
      status: 200,
      body: { ready: true, generation: 'gen-1', engines: 1 },
    });
    let reason: string | null = 'the database is unreachable';
    const engine = withGeneration(fakeEngine(), () => 'gen-2');
    const down = await serveSource({ current: () => engine, readiness: async () => reason });
    try {
      const r = await call(down.url, '/v1/ready');
      expect(r.status).toBe(503);
      expect(r.body.error).toEqual({
        code: 'unavailable',
        message: 'not ready: the database is unreachable',
      });
      // Liveness stays: the process is up and answers.
      expect((await call(down.url, '/v1/health')).status).toBe(200);
      reason = null;
      expect((await call(down.url, '/v1/ready')).status).toBe(200);
    } finally {
      await down.close();
    }
  });

  it('keeps the connection alive between requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (): Promise<boolean> =>
      new Promise((resolve, reject) => {
        const req = http.get(`${s.url}/v1/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(req.reusedSocket));
        });
        req.on('error', reject);
      });
    expect(await get()).toBe(false);
    expect(await get()).toBe(true);
    agent.destroy();
  });
});

describe('auth', () => {
  it('refuses a missing header, another scheme and a wrong token, saying which, and never logs the token', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'expected an Authorization: Bearer <SEARCH_TOKEN> header, got none'],
      [{ authorization: `Basic ${TEST_SEARCH_TOKEN}` }, 'expected the Bearer scheme, got "Basic"'],
      [
        { authorization: 'Bearer not-the-token-at-all' },
        "expected the service's SEARCH_TOKEN, got another token",
      ],
      [
        { authorization: TEST_SEARCH_TOKEN },
        'expected the Bearer scheme, got a value without a scheme (not shown)',
      ],
      [
        { authorization: `${TEST_SEARCH_TOKEN} extra` },
        'expected the Bearer scheme, got an unknown scheme (not shown)',
      ],
    ];
    for (const [headers, message] of cases) {
      const r = await call(s.url, '/v1/stats', { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(r.body.error).toEqual({ code: 'unauthorized', message });
    }
    expect(s.lines.join('\n')).not.toContain(TEST_SEARCH_TOKEN);
    // Not even a part of it: the first 20 characters were once echoed back.
    expect(s.lines.join('\n')).not.toContain(TEST_SEARCH_TOKEN.slice(0, 8));
    expect(s.lines.some((l) => l.includes('"status":401'))).toBe(true);
  });
});

describe('bad requests', () => {
  const post = (body: string, headers: Record<string, string> = json) =>
    call(s.url, '/v1/ask', { method: 'POST', headers: { ...auth, ...headers }, body });

  it('says what was expected and what arrived', async () => {
    expect((await post('{"question": 3}')).body.error).toEqual({
      code: 'bad_request',
      message: 'ask: expected "question" to be a string, got number 3',
    });
    expect((await post('{"question": "q", "options": {"k": "3"}}')).body.error!.message).toBe(
      'ask: expected options.k to be a number, got "3"',
    );
    expect((await post('{"question": "q", "options": {"top": 3}}')).body.error!.message).toBe(
      'ask: expected options among k, offset, source, after, before, ids, excludeSources, got "top"',
    );
    // A server's excluded outlets travel to the service with the question.
    expect(
      (await post('{"question": "q", "options": {"excludeSources": ["RT", "Daily Mail"]}}')).status,
    ).toBe(200);
    expect((await post('[1]')).body.error!.message).toMatch(
      /^ask: expected a JSON object .*, got an array of 1$/,
    );
    const broken = await post('{"question": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error!.message).toMatch(/^expected a JSON body, got invalid JSON/);
    expect((await post('')).body.error!.message).toBe('expected a JSON body, got an empty body');
    const text = await post('question', { 'content-type': 'text/plain' });
    expect([text.status, text.body.error!.message]).toEqual([
      415,
      'expected Content-Type: application/json, got "text/plain"',
    ]);
  });

  it('passes the engine’s own input errors on as 400 bad_input', async () => {
    const strict: Engine = {
      ...fakeEngine(),
      ask: async () => Promise.reject(new AskInputError('k: expected an integer from 1 to 50, got 0')),
    };
    const served = await serveEngine(strict);
    try {
      const r = await call(served.url, '/v1/ask', {
        method: 'POST',
        headers: { ...auth, ...json },
        body: '{"question": "q", "options": {"k": 0}}',
      });
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({
        code: 'bad_input',
        message: 'k: expected an integer from 1 to 50, got 0',
      });
    } finally {
      await served.close();
    }
  });

  it('names the routes for an unknown path and the methods for a wrong one', async () => {
    const missing = await call(s.url, '/v2/ask', { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.body.error!.message).toContain(
      'expected one of POST /v1/ask, POST /v1/timeline, GET /v1/documents',
    );
    const wrong = await call(s.url, '/v1/ask', { headers: auth });
    expect([wrong.status, wrong.headers.get('allow'), wrong.body.error!.message]).toEqual([
      405,
      'POST',
      '/v1/ask: expected POST, got GET',
    ]);
  });

  it('turns an engine failure into a 500 without its details, which go to the log', async () => {
    const r = await post('{"question": "make it explode"}');
    expect(r.status).toBe(500);
    expect(r.body.error!.message).toMatch(
      /^the search failed; the service log has the details \(request \d+\)$/,
    );
    expect(JSON.stringify(r.body)).not.toContain('on purpose');
    expect(
      s.lines.some((l) => l.includes('"level":"error"') && l.includes('the search failed on purpose')),
    ).toBe(true);
  });
});

describe('limits', () => {
  const quiet = createLogger({ format: 'json', write: () => {} });

  it('refuses a body over the limit, declared or streamed, with 413', async () => {
    const service = createSearchService({
      backend: inThreadBackend({ current: () => withGeneration(fakeEngine(), () => 'g') }),
      token: null,
      logger: quiet,
      maxBodyBytes: 1024,
    });
    const url = await service.listen(0);
    try {
      const big = JSON.stringify({ question: 'x'.repeat(2000) });
      const declared = await call(url, '/v1/ask', { method: 'POST', headers: json, body: big });
      expect([declared.status, declared.body.error!.message]).toEqual([
        413,
        `expected a body of at most 1024 bytes, got ${big.length}`,
      ]);
      const chunks = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      });
      const streamed = await call(url, '/v1/ask', {
        method: 'POST',
        headers: json,
        body: chunks,
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect(streamed.body.error!.message).toMatch(/^expected a body of at most 1024 bytes, got more/);
    } finally {
      await service.close();
    }
  });

  it('rate-limits each address with a token bucket and says when to retry', async () => {
    let now = 1_000_000;
    const service = createSearchService({
      backend: inThreadBackend({ current: () => withGeneration(fakeEngine(), () => 'g') }),
      token: null,
      logger: quiet,
      rateLimit: { perSecond: 1, burst: 2 },
      now: () => now,
    });
    const url = await service.listen(0);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(url, '/v1/stats')).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await call(url, '/v1/stats');
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(limited.body.error!.code).toBe('rate_limited');
      now += 1000;
      expect((await call(url, '/v1/stats')).status).toBe(200);
    } finally {
      await service.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes the question in flight, refuses new connections, then closes the engine', async () => {
    let release!: () => void;
    let started!: () => void;
    const began = new Promise<void>((r) => (started = r));
    const slow: Engine = {
      ...fakeEngine(),
      ask: async (q) => {
        started();
        await new Promise<void>((r) => (release = r));
        return fakeEngine().ask(q);
      },
    };
    let engineClosed = false;
    const service = createSearchService({
      backend: inThreadBackend(
        { current: () => withGeneration(slow, () => 'g') },
        async () => void (engineClosed = true),
      ),
      token: null,
      logger: createLogger({ format: 'json', write: () => {} }),
    });
    const url = await service.listen(0);
    const inFlight = call(url, '/v1/ask', {
      method: 'POST',
      headers: json,
      body: '{"question": "slow one"}',
    });
    await began;
    const closing = service.close();
    await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
    expect(engineClosed).toBe(false);
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.question).toBe('slow one');
    await closing;
    expect(engineClosed).toBe(true);
  });
});
