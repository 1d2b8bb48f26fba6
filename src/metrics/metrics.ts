/**
 * Prometheus metrics (prom-client) for the bot and the search service: one registry per process, with Node's
 * default process metrics, and the few series an operator alerts on. Counted where the work happens on the
 * process's main thread; the service's worker threads report nothing of their own (their questions are
 * counted by the HTTP server that answers them). Every name starts with `crisis_desk_`.
 *
 * | series | labels | counts |
 * |---|---|---|
 * | `crisis_desk_questions_total` | `via` (bot, service), `confidence` (answer, related, none) | decisions |
 * | `crisis_desk_question_duration_seconds` | `via` | a question's latency (histogram) |
 * | `crisis_desk_errors_total` | `via`, `kind` | failed requests and interactions |
 * | `crisis_desk_http_requests_total` / `_duration_seconds` | `route`, `status` / `route` | the service's requests |
 * | `crisis_desk_interactions_total` / `_duration_seconds` | `command`, `outcome` / `command` | the bot's interactions |
 * | `crisis_desk_index_generation_info` | `generation` | 1 for the generation being served |
 * | `crisis_desk_feed_fetches_total` | `outcome` (ok, not_modified, failed) | feed documents fetched |
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'crisis_desk_' });

/** Seconds: a cached answer is milliseconds, a question under load on two cores a few seconds. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Via = 'bot' | 'service';

const questions = new Counter({
  name: 'crisis_desk_questions_total',
  help: 'Questions answered, by decision.',
  labelNames: ['via', 'confidence'] as const,
  registers: [registry],
});
const questionSeconds = new Histogram({
  name: 'crisis_desk_question_duration_seconds',
  help: 'Time to answer a question.',
  labelNames: ['via'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
const errors = new Counter({
  name: 'crisis_desk_errors_total',
  help: 'Failed requests and interactions, by kind.',
  labelNames: ['via', 'kind'] as const,
  registers: [registry],
});
const httpRequests = new Counter({
  name: 'crisis_desk_http_requests_total',
  help: 'Search service requests, by route and status.',
  labelNames: ['route', 'status'] as const,
  registers: [registry],
});
const httpSeconds = new Histogram({
  name: 'crisis_desk_http_request_duration_seconds',
  help: 'Search service request latency.',
  labelNames: ['route'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
const interactions = new Counter({
  name: 'crisis_desk_interactions_total',
  help: 'Discord interactions handled, by command and outcome.',
  labelNames: ['command', 'outcome'] as const,
  registers: [registry],
});
const interactionSeconds = new Histogram({
  name: 'crisis_desk_interaction_duration_seconds',
  help: 'Time to handle a Discord interaction.',
  labelNames: ['command'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
const generation = new Gauge({
  name: 'crisis_desk_index_generation_info',
  help: 'The index generation being served (value 1).',
  labelNames: ['generation'] as const,
  registers: [registry],
});
const feedFetches = new Counter({
  name: 'crisis_desk_feed_fetches_total',
  help: 'Feed and page fetches, by outcome.',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

let currentGeneration: string | null = null;

/** What the rooms record; each call is cheap (a label lookup and an add). */
export const metrics = {
  question(via: Via, confidence: string, seconds: number): void {
    questions.inc({ via, confidence });
    questionSeconds.observe({ via }, seconds);
  },
  error(via: Via, kind: string): void {
    errors.inc({ via, kind });
  },
  request(route: string, status: number, seconds: number): void {
    httpRequests.inc({ route, status: String(status) });
    httpSeconds.observe({ route }, seconds);
  },
  interaction(command: string, outcome: string, seconds: number): void {
    interactions.inc({ command, outcome });
    interactionSeconds.observe({ command }, seconds);
  },
  generation(name: string | undefined): void {
    if (name === undefined || name === '' || name === currentGeneration) return;
    generation.reset();
    generation.set({ generation: name }, 1);
    currentGeneration = name;
  },
  feedFetch(outcome: 'ok' | 'not_modified' | 'failed'): void {
    feedFetches.inc({ outcome });
  },
};

/** The exposition text and its content type, for a `/metrics` response. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
