/**
 * The PostgreSQL store going away under a running search service with two pool workers: while the database is
 * down every question is a 503 (never a 500, never a dead worker) and readiness says why; when it is back on
 * the same address the same workers answer again with no restart of the service. A worker that dies for
 * another reason is replaced by the pool.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConfig } from '../../src/config.ts';
import { openDb } from '../../src/index/pg/db.ts';
import { type LocalPostgres, startLocalPostgres } from '../../src/index/pg/local-server.ts';
import { createLogger } from '../../src/log.ts';
import { createEnginePool } from '../../src/service/pool.ts';
import { createSearchService, type SearchService } from '../../src/service/server.ts';
import { seedArticles } from '../helpers/articles.ts';
import { TEST_SEARCH_TOKEN } from '../helpers/engine-service.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

let pgDir: string;
let server: LocalPostgres | null = null;
let port: number;
let service: SearchService;
let url: string;
const lines: string[] = [];

const ask = async (question: string): Promise<number | string> => {
  try {
    const res = await fetch(`${url}/v1/ask`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_SEARCH_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    await res.arrayBuffer();
    return res.status;
  } catch (error) {
    return (error as Error).message;
  }
};
const ready = async (): Promise<{ status: number; body: { error?: { message: string } } }> => {
  const res = await fetch(`${url}/v1/ready`);
  return { status: res.status, body: (await res.json()) as never };
};
/** Polls `check` until it holds, at most `tries` times 100 ms apart (bounded: a failure is a failed test, not a hang). */
async function eventually(check: () => Promise<boolean>, tries = 300): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

beforeAll(async () => {
  pgDir = await mkdtemp(path.join(os.tmpdir(), 'cd-pg-outage-'));
  server = await startLocalPostgres({ dataDir: pgDir });
  port = Number(new URL(server.url).port);
  const db = openDb(server.url);
  await buildFake('unused', await seedArticles(), { database: db });
  await db.close();
  const config = { store: 'postgres', databaseUrl: server.url } as EngineConfig;
  const backend = await createEnginePool(
    { dataDir: 'unused', config, fake: { search: FAKE_SEARCH_PARAMS, exitOn: 'crash-now' }, pollMs: 0 },
    { workers: 2, log: (m) => lines.push(m), backoff: { firstMs: 50, maxMs: 400 } },
  );
  service = createSearchService({
    backend,
    token: TEST_SEARCH_TOKEN,
    logger: createLogger({ format: 'json', level: 'info', write: (l) => lines.push(l) }),
    rateLimit: { perSecond: 0, burst: 0 },
  });
  url = await service.listen(0);
}, 120_000);

afterAll(async () => {
  await service?.close();
  await server?.stop();
  await rm(pgDir, { recursive: true, force: true });
});

describe('the database killed under load', () => {
  it('questions are 503 while it is down, readiness says why, and the same workers answer when it is back', async () => {
    expect(await ask('Who did Kuleba meet in Washington?')).toBe(200);
    expect((await ready()).status).toBe(200);

    // 20 clients asking while the server goes away.
    const load = Array.from({ length: 20 }, async (_, i) => {
      const statuses: (number | string)[] = [];
      for (let j = 0; j < 5; j++) statuses.push(await ask(`sanctions question ${i} ${j}`));
      return statuses;
    });
    await server!.stop();
    server = null;
    const statuses = (await Promise.all(load)).flat();
    // Every question got an HTTP answer: 200 before the stop, 503 after; no 500, no dropped connection.
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(await ask('Who did Kuleba meet?')).toBe(503);
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.error?.message).toBe('not ready: the database is unreachable');
    // Liveness is not readiness: the process is fine.
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);

    server = await startLocalPostgres({ dataDir: pgDir, port });
    expect(await eventually(async () => (await ask('Who did Kuleba meet in Washington?')) === 200)).toBe(
      true,
    );
    expect((await ready()).status).toBe(200);
    const health = (await (await fetch(`${url}/v1/health`)).json()) as { engines: number };
    expect(health.engines).toBe(2);
    expect(lines.join('\n')).not.toContain('Unhandled');
    expect(lines.some((l) => l.includes('search worker exited'))).toBe(false);
  }, 120_000);

  it('a worker that dies is restarted: its question is a 503, the next ones are answered', async () => {
    expect(await ask('please crash-now')).toBe(503);
    expect(
      await eventually(
        async () => ((await (await fetch(`${url}/v1/health`)).json()) as { engines: number }).engines === 2,
      ),
    ).toBe(true);
    expect(lines.some((l) => l.includes('search worker restarted'))).toBe(true);
    // One at a time: PGlite's socket server mixes up the extended protocol of concurrent connections now and
    // then ("unnamed prepared statement does not exist"), a limit of the test server, not of the pool.
    const answers: (number | string)[] = [];
    for (let i = 0; i < 6; i++) answers.push(await ask(`Kuleba ${i}`));
    expect(answers).toEqual(Array(6).fill(200));
  }, 60_000);
});
