/** The engine as commands use it, with each question's decision and latency counted (src/metrics/). */
import { metrics } from '../metrics/metrics.ts';
import type { Engine } from '../types.ts';

export function measuredEngine(engine: Engine): Engine {
  return {
    async ask(question, options) {
      const started = performance.now();
      const answer = await engine.ask(question, options);
      metrics.question('bot', answer.confidence, (performance.now() - started) / 1000);
      return answer;
    },
    timeline: (topic, options) => engine.timeline(topic, options),
    documents: () => engine.documents(),
    stats: () => engine.stats(),
  };
}
