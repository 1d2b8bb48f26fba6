/**
 * The engine host as `npm start` hands it to the bot, with each question's decision and latency counted
 * (src/metrics/). The engine is wrapped in a Proxy, cached per engine, so everything but `ask` (a remote
 * engine's `generation`, …) reads through unchanged and the same engine always gives the same wrapper.
 */
import type { EngineHostLike } from '../host/contract.ts';
import { metrics } from '../metrics/metrics.ts';
import type { Engine } from '../types.ts';

const wrapped = new WeakMap<Engine, Engine>();

function measuredEngine(engine: Engine): Engine {
  let measured = wrapped.get(engine);
  if (measured === undefined) {
    const ask: Engine['ask'] = async (question, options) => {
      const started = performance.now();
      const answer = await engine.ask(question, options);
      metrics.question('bot', answer.confidence, (performance.now() - started) / 1000);
      return answer;
    };
    measured = new Proxy(engine, {
      get(target, key) {
        if (key === 'ask') return ask;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    wrapped.set(engine, measured);
  }
  return measured;
}

export function measuredHost(host: EngineHostLike): EngineHostLike {
  return {
    current: () => measuredEngine(host.current()),
    reindex: (onProgress) => host.reindex(onProgress),
    isReindexing: () => host.isReindexing(),
    ...(host.feeds ? { feeds: () => host.feeds!() } : {}),
  };
}
