/** The service client and RemoteEngine against real local servers: down, silent, refused, and a new generation. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RemoteEngine } from '../../src/service/remote.ts';
import { SearchServiceError, SearchUnavailableError, ServiceClient } from '../../src/service/client.ts';
import type { Engine } from '../../src/types.ts';
import { serveEngine, serveSource, withGeneration } from '../helpers/engine-service.ts';
import { fakeEngine } from '../helpers/fake-engine.ts';

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('ServiceClient', () => {
  it('readiness: null when the service is ready, its reason when not, and why it could not be asked when down', async () => {
    let reason: string | null = 'the database is unreachable';
    const engine = withGeneration(fakeEngine(), () => 'gen-1');
    const served = await serveSource({ current: () => engine, readiness: async () => reason });
    try {
      expect(await served.client.readiness()).toBe('not ready: the database is unreachable');
      reason = null;
      expect(await served.client.readiness()).toBeNull();
    } finally {
      await served.close();
    }
    const url = `http://127.0.0.1:${await freePort()}`;
    expect(await new ServiceClient({ url, token: null }).readiness()).toBe(
      `the search service at ${url} could not be reached (ECONNREFUSED); expected it running (npm run serve)`,
    );
  });

  it('a service that is down is a SearchUnavailableError naming the URL and the cause', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const error = await new RemoteEngine(new ServiceClient({ url, token: null }))
      .ask('q')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect((error as Error).message).toBe(
      `crisis-desk: the search service at ${url} could not be reached (ECONNREFUSED); expected it running (npm run serve)`,
    );
  });

  it('a service that never answers is a SearchUnavailableError after the timeout', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const error = await new ServiceClient({ url, token: null, timeoutMs: 100 })
        .stats()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SearchUnavailableError);
      expect((error as Error).message).toContain('did not answer within 100 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('a refused token is a SearchServiceError with the service’s reason, never the token', async () => {
    const served = await serveEngine(fakeEngine());
    try {
      const wrong = 'wrong-token-9876543210';
      const error = await new ServiceClient({ url: served.url, token: wrong })
        .documents()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SearchServiceError);
      expect((error as SearchServiceError).status).toBe(401);
      expect((error as Error).message).toBe(
        `crisis-desk: the search service refused GET /v1/documents (401): expected the service's SEARCH_TOKEN, got another token`,
      );
      expect((error as Error).message).not.toContain(wrong);
    } finally {
      await served.close();
    }
  });

  it('stores asks and takes cooldowns on the service; an unknown ask is null', async () => {
    const served = await serveEngine(fakeEngine());
    try {
      const ask = { question: 'q?', options: { k: 3, source: 'BBC' }, private: false, userId: 'u1' };
      const id = await served.client.saveAsk(ask);
      expect(await served.client.getAsk(id)).toEqual(ask);
      expect(await served.client.getAsk('nothing-here')).toBeNull();
      expect(await served.client.takeCooldown('u1', 30)).toEqual({ ok: true });
      expect(await served.client.takeCooldown('u1', 30)).toMatchObject({ ok: false, retryInSeconds: 30 });
    } finally {
      await served.close();
    }
  });

  it('stores timelines (topic, filters, owner); an unknown one is null and a malformed one is a 400', async () => {
    const served = await serveEngine(fakeEngine());
    try {
      const timeline = {
        topic: 'grain',
        filters: { after: '2022-03-01', excludeSources: ['RT'] },
        private: true,
        userId: 'u1',
      };
      const id = await served.client.saveTimeline(timeline);
      expect(id).toMatch(/^t/);
      expect(await served.client.getTimeline(id)).toEqual(timeline);
      expect(await served.client.getTimeline('nothing-here')).toBeNull();
      await expect(
        served.client.saveTimeline({ ...timeline, filters: { after: 20220301 } } as never),
      ).rejects.toThrow(
        'refused POST /v1/timelines (400): timeline: expected options.after to be a string, got number 20220301',
      );
    } finally {
      await served.close();
    }
  });
});

describe('ServiceClient answers', () => {
  /** A server that answers every request with `status` and `body` as JSON. */
  async function answering(
    status: number,
    body: unknown,
  ): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  it('an answer that does not fit its route is a SearchServiceError naming the field and what arrived', async () => {
    const cases: [unknown, (c: ServiceClient) => Promise<unknown>, string][] = [
      [
        { ok: true, generation: 'g', engines: '2' },
        (c) => c.health(),
        'answered 200 to GET /v1/health with engines: "2"; expected {"ok": boolean, "generation": string, "engines": number}',
      ],
      [
        ['not', 'stats'],
        (c) => c.stats(),
        'answered 200 to GET /v1/stats with an array of 2; expected corpus stats {"articles", "chunks", "outlets", …}',
      ],
      [
        { question: 'q', answered: true, confidence: 'answer', notes: [], passages: [null], hasMore: false },
        (c) => c.ask('q'),
        'answered 200 to POST /v1/ask with passages.0: null; expected an answer {"question", "answered", "confidence", "passages", …}',
      ],
      [
        { id: 7 },
        (c) => c.saveAsk({ question: 'q', options: { k: 3 }, private: false, userId: 'u' }),
        'answered 200 to POST /v1/asks with id: number 7; expected {"id": string}',
      ],
    ];
    for (const [body, call, message] of cases) {
      const served = await answering(200, body);
      try {
        const error = await call(new ServiceClient({ url: served.url, token: null })).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(SearchServiceError);
        expect((error as SearchServiceError).code).toBe('bad_response');
        expect((error as Error).message).toBe(`crisis-desk: the search service at ${served.url} ${message}`);
      } finally {
        await served.close();
      }
    }
  });

  it('a refusal without an error body still says its status', async () => {
    const served = await answering(502, null);
    try {
      const error = await new ServiceClient({ url: served.url, token: null })
        .stats()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SearchServiceError);
      expect((error as SearchServiceError).code).toBe('unknown');
      expect((error as Error).message).toBe(
        'crisis-desk: the search service refused GET /v1/stats (502): status 502',
      );
    } finally {
      await served.close();
    }
  });
});

describe('RemoteEngine.timeline', () => {
  it('returns the engine’s timeline through the service, and a malformed option is a 400 naming it', async () => {
    const engine = fakeEngine();
    const served = await serveEngine(engine);
    try {
      const t = await served.remote.timeline('Kherson', { source: 'BBC', after: '2022-11-01', limit: 5 });
      expect(t.events.map((e) => e.date)).toEqual(['2022-02-21', '2022-02-24', '2022-03-02']);
      expect(engine.timelineCalls.at(-1)).toEqual({
        topic: 'Kherson',
        options: { source: 'BBC', after: '2022-11-01', limit: 5 },
      });
      const error = await served.client
        .timeline('Kherson', { limit: 'five' as unknown as number })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SearchServiceError);
      expect((error as Error).message).toContain('timeline: expected options.limit to be a number, got');
    } finally {
      await served.close();
    }
  });
});

describe('RemoteEngine', () => {
  it('caches documents and stats per generation and refetches when the service swaps generations', async () => {
    let generation = 'gen-a';
    let statsCalls = 0;
    const base = fakeEngine();
    const counted: Engine = { ...base, stats: () => (statsCalls++, base.stats()) };
    const served = await serveEngine(counted, { generation: () => generation });
    try {
      const remote = served.remote;
      await remote.ask('first');
      expect(remote.generation).toBe('gen-a');
      await remote.stats();
      await remote.stats();
      expect(statsCalls).toBe(1);
      generation = 'gen-b';
      await remote.ask('after the re-index');
      expect(remote.generation).toBe('gen-b');
      expect(await remote.stats()).toEqual(await base.stats());
      expect(statsCalls).toBe(2);
    } finally {
      await served.close();
    }
  });
});
