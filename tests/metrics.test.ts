/**
 * Prometheus metrics: the service's /metrics (behind its token) counts requests, decisions and the generation;
 * the bot's METRICS_PORT listener serves the same registry; the bot's settings validate METRICS_PORT and LOG_FORMAT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config.ts';
import { metrics } from '../src/metrics/metrics.ts';
import { startMetricsServer } from '../src/metrics/server.ts';
import { measuredHost } from '../src/bot/measured.ts';
import { serveEngine, type Served, TEST_SEARCH_TOKEN } from './helpers/engine-service.ts';
import { configErrorOf } from './helpers/config-error.ts';
import { fakeEngine } from './helpers/fake-engine.ts';

let s: Served;
beforeAll(async () => {
  s = await serveEngine(fakeEngine(), { generation: () => 'gen-metrics-1' });
});
afterAll(() => s.close());

const BOT = {
  DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAy.fake.not-a-real-token',
  DISCORD_CLIENT_ID: '100000000000000002',
};

describe('metrics', () => {
  it('the service counts questions, decisions, requests and the generation at /metrics, behind its token', async () => {
    const auth = { authorization: `Bearer ${TEST_SEARCH_TOKEN}` };
    const asked = await fetch(`${s.url}/v1/ask`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Who did Kuleba meet?' }),
    });
    const answer = (await asked.json()) as { confidence: string };
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${s.url}/metrics`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain(`crisis_desk_questions_total{via="service",confidence="${answer.confidence}"}`);
    expect(text).toMatch(/crisis_desk_http_requests_total\{route="POST \/v1\/ask",status="200"\} [1-9]/);
    expect(text).toMatch(/crisis_desk_question_duration_seconds_bucket\{le="\+Inf",via="service"\} [1-9]/);
    expect(text).toContain('crisis_desk_index_generation_info{generation="gen-metrics-1"} 1');
    expect(text).toContain('crisis_desk_process_resident_memory_bytes');
  });

  it("the bot's listener serves the registry, and 404 elsewhere", async () => {
    metrics.interaction('ask', 'ok', 0.2);
    metrics.feedFetch('not_modified');
    const served = await startMetricsServer(0);
    try {
      const text = await (await fetch(served.url)).text();
      expect(text).toMatch(/crisis_desk_interactions_total\{command="ask",outcome="ok"\} [1-9]/);
      expect(text).toMatch(/crisis_desk_feed_fetches_total\{outcome="not_modified"\} [1-9]/);
      expect((await fetch(served.url.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      await served.close();
    }
  });

  it('METRICS_PORT, its shard offset and LOG_FORMAT are validated, naming the key', () => {
    expect(loadBotConfig(BOT)).toMatchObject({
      metricsPort: null,
      metricsHost: '127.0.0.1',
      logFormat: 'text',
    });
    expect(loadBotConfig({ ...BOT, METRICS_PORT: '9464', LOG_FORMAT: 'json' })).toMatchObject({
      metricsPort: 9464,
      logFormat: 'json',
    });
    expect(
      loadBotConfig({
        ...BOT,
        METRICS_PORT: '9464',
        SHARDING_MANAGER: 'true',
        SHARDS: '3',
        SHARD_COUNT: '4',
      }),
    ).toMatchObject({ metricsPort: 9468 });
    expect(configErrorOf(() => loadBotConfig({ ...BOT, METRICS_PORT: 'x' }))).toBe(
      'crisis-desk: setting METRICS_PORT: expected an integer from 1 to 65000, got "x"',
    );
    expect(configErrorOf(() => loadBotConfig({ ...BOT, LOG_FORMAT: 'xml' }))).toBe(
      'crisis-desk: setting LOG_FORMAT: expected text or json, got "xml"',
    );
  });
});

describe('the bot host for metrics', () => {
  it('counts each ask by decision and leaves the engine as it was otherwise', async () => {
    const engine = Object.assign(fakeEngine(), { generation: 'gen-7' });
    const host = measuredHost({
      current: () => engine,
      isReindexing: () => false,
      reindex: () => Promise.reject(new Error('unused')),
    });
    const measured = host.current();
    expect(host.current()).toBe(measured);
    expect((measured as typeof engine).generation).toBe('gen-7');
    const answer = await measured.ask('Who did Kuleba meet?');
    const served = await startMetricsServer(0);
    try {
      expect(await (await fetch(served.url)).text()).toContain(
        `crisis_desk_questions_total{via="bot",confidence="${answer.confidence}"}`,
      );
    } finally {
      await served.close();
    }
  });
});
