/**
 * SHARDS=1 npm start, end to end (real-model free: the bundled USE-lite indexes seeds/): the process becomes the
 * sharding manager, starts a search service on 127.0.0.1 for its shard, and the forked shard logs in to the
 * fake Discord, answers /ask through the service, and everything stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/articles.ts';
import { TEST_TOKEN } from '../helpers/bot-harness.ts';
import { FakeDiscord } from '../helpers/fake-discord.ts';
import { chatInput } from '../helpers/interactions.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('SHARDS=1 npm start (USE-lite over seeds/)', () => {
  it('runs a manager with its own search service and a shard that answers through it, and stops on SIGTERM', async () => {
    const fake = await FakeDiscord.start({ token: TEST_TOKEN });
    cleanup.push(() => fake.close());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-desk-shards-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const manager = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'cli', 'start.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SHARDS: '1',
        SHARDING_MANAGER: '',
        SEARCH_URL: '',
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_REST_API: fake.restApi,
        DATA_DIR: path.join(dir, 'index'),
        EMBEDDING_MODEL: 'use-lite',
        SERVE_WORKERS: '1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    manager.stdout.setEncoding('utf8').on('data', (d: string) => (log += d));
    manager.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
    const exited = new Promise<number | null>((resolve) => manager.on('close', resolve));
    cleanup.push(async () => {
      if (manager.exitCode === null) manager.kill('SIGKILL');
    });

    const identify = await fake.waitForFrame(
      (f) => f.direction === 'received' && f.op === 2,
      110_000,
      'a shard identifying',
    );
    expect((identify.d as { shard: number[] }).shard).toEqual([0, 1]);
    const i = chatInput(fake.applicationId, 'ask', {
      question: 'Why did Blinken cancel the meeting with Lavrov?',
    });
    fake.sendInteraction(i);
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path.includes(i.token),
      'the answer',
      60_000,
    );
    expect(JSON.stringify(edit.body)).toMatch(/Blinken/);
    expect(log).toContain('crisis-desk: shard launched');
    expect(log).toMatch(/"msg":"request".*"path":"\/v1\/ask","status":200/);

    manager.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log).toContain('crisis-desk: gateway closed');
    expect(log).toContain('"msg":"service closed"');
    expect(log).not.toContain(TEST_TOKEN);
  });
});
