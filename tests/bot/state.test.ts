import { describe, expect, it } from 'vitest';
import { AskStore, type AskState } from '../../src/session/ask-store.ts';
import { createBotContext, ReindexBusyError } from '../../src/bot/context.ts';
import { Cooldowns } from '../../src/session/cooldowns.ts';
import { cooldownMessage } from '../../src/bot/format/messages.ts';
import { createMemoryLogger } from '../../src/log.ts';
import { parseDay } from '../../src/bot/options.ts';
import { fakeEngine, fakeHost, passage } from '../helpers/fake-engine.ts';

const state = (): AskState => ({
  question: 'q',
  options: { k: 3 },
  private: false,
  userId: 'u',
  shown: new Map(),
});

describe('Cooldowns', () => {
  it('refuses a second ask within the cooldown and says when to retry', () => {
    let now = 1_000_000;
    const cooldowns = new Cooldowns(5, () => now);
    expect(cooldowns.take('u1')).toEqual({ ok: true });
    expect(cooldowns.take('u2')).toEqual({ ok: true });
    now += 1500;
    expect(cooldowns.take('u1')).toEqual({ ok: false, retryAt: 1_005_000, retryInSeconds: 4 });
    now += 3500;
    expect(cooldowns.take('u1')).toEqual({ ok: true });
    expect(cooldownMessage(1_005_000, 4).content).toBe(
      "You're asking a little fast. Please try again <t:1005:R> (in 4 s).",
    );
  });

  it('is off at 0 seconds', () => {
    const cooldowns = new Cooldowns(0);
    expect([cooldowns.take('u'), cooldowns.take('u')]).toEqual([{ ok: true }, { ok: true }]);
  });
});

describe('AskStore', () => {
  it('gives short ids that expire', () => {
    let now = 0;
    const store = new AskStore({ ttlMs: 1000, now: () => now });
    const id = store.save(state());
    expect(id.length).toBeLessThanOrEqual(12);
    expect(store.get(id)?.question).toBe('q');
    now = 1000;
    expect(store.get(id)).toBeNull();
    expect(store.get('nope')).toBeNull();
  });

  it('is bounded, oldest out first', () => {
    const store = new AskStore({ maxEntries: 2 });
    const [a, b, c] = [store.save(state()), store.save(state()), store.save(state())];
    expect([store.get(a), store.get(b) !== null, store.get(c) !== null]).toEqual([null, true, true]);
  });

  it('remembers the latest ask per channel and user, and forgets it', () => {
    const store = new AskStore();
    store.remember('c1', 'u1', { question: 'first', passages: [passage(1)] });
    store.remember('c1', 'u1', { question: 'second', passages: [passage(2)] });
    expect(store.lastAsk('c1', 'u1')?.question).toBe('second');
    expect(store.lastAsk('c2', 'u1')).toBeNull();
    store.forget('c1', 'u1');
    expect(store.lastAsk('c1', 'u1')).toBeNull();
  });
});

describe('parseDay', () => {
  it('accepts real YYYY-MM-DD days only and names the option in the error', () => {
    expect(parseDay('2022-02-24', 'after')).toEqual({ day: '2022-02-24' });
    expect(parseDay(null, 'after')).toEqual({});
    expect(parseDay('2022-02-30', 'before').error).toBe(
      'The `before` option expects a day written YYYY-MM-DD, such as 2022-02-24; got “2022-02-30”.',
    );
    expect(parseDay('24/02/2022', 'after').error).toContain('got “24/02/2022”');
  });
});

describe('BotContext', () => {
  it('refuses a second re-index while one runs, and allows one after', async () => {
    const host = fakeHost(fakeEngine());
    const context = createBotContext({ host, logger: createMemoryLogger(), askCooldownSeconds: 0 });
    const first = context.reindex(() => {});
    expect(context.isReindexing()).toBe(true);
    await expect(context.reindex(() => {})).rejects.toBeInstanceOf(ReindexBusyError);
    host.finish();
    await expect(first).resolves.toMatchObject({ generation: 'g2' });
    expect(context.isReindexing()).toBe(false);
  });

  it('always reads the current engine from the host', () => {
    const engines = [fakeEngine(), fakeEngine()];
    let current = engines[0]!;
    const context = createBotContext({
      host: {
        current: () => current,
        isReindexing: () => false,
        reindex: () => Promise.reject(new Error('unused')),
      },
      logger: createMemoryLogger(),
      askCooldownSeconds: 0,
    });
    expect(context.engine()).toBe(engines[0]);
    current = engines[1]!;
    expect(context.engine()).toBe(engines[1]);
  });
});
