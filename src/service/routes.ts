/**
 * The service's routes, one line each: method, path, and what it does with the parsed JSON body. Adding an
 * engine verb (e.g. timeline) is one entry here and one method in ./client.ts.
 */
import type { SearchBackend, VerbResult } from './backend.ts';
import {
  HttpError,
  parseAskBody,
  parseCooldownBody,
  parseSharedAsk,
  parseSharedTimeline,
  parseTimelineBody,
} from './protocol.ts';
import type { Health, Ready, Saved } from './responses.ts';
import type { SharedState } from './state.ts';

export interface RouteContext {
  backend: SearchBackend;
  state: SharedState;
  /** The path parameter (`:id`), when the route has one. */
  param: string | null;
}

export interface Route {
  method: 'GET' | 'POST';
  /** A literal path, or one ending in `/:id`. */
  path: string;
  /** Health answers without the token, so a load balancer can probe it. */
  open?: boolean;
  handle(body: unknown, ctx: RouteContext): Promise<VerbResult | { value: unknown; generation?: undefined }>;
}

const ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/ask',
    handle: async (body, { backend }) => {
      const { question, options } = parseAskBody(body);
      return backend.run('ask', [question, options]);
    },
  },
  {
    method: 'POST',
    path: '/v1/timeline',
    handle: async (body, { backend }) => {
      const { topic, options } = parseTimelineBody(body);
      return backend.run('timeline', [topic, options]);
    },
  },
  { method: 'GET', path: '/v1/documents', handle: async (_b, { backend }) => backend.run('documents', []) },
  { method: 'GET', path: '/v1/stats', handle: async (_b, { backend }) => backend.run('stats', []) },
  {
    method: 'GET',
    path: '/v1/health',
    open: true,
    handle: async (_b, { backend }) => {
      const h = backend.health();
      return { value: { ok: true, ...h } satisfies Health, generation: h.generation };
    },
  },
  {
    // Readiness, apart from liveness (/v1/health): 503 with the reason while no question could be answered.
    method: 'GET',
    path: '/v1/ready',
    open: true,
    handle: async (_b, { backend }) => {
      const reason = await backend.ready();
      const h = backend.health();
      if (reason !== null)
        throw new HttpError(503, 'unavailable', `not ready: ${reason}`, { 'retry-after': '1' });
      return { value: { ready: true, ...h } satisfies Ready, generation: h.generation };
    },
  },
  {
    method: 'POST',
    path: '/v1/asks',
    handle: async (body, { state }) => ({
      value: { id: state.saveAsk(parseSharedAsk(body)) } satisfies Saved,
    }),
  },
  {
    method: 'GET',
    path: '/v1/asks/:id',
    handle: async (_b, { state, param }) => {
      const ask = state.getAsk(param ?? '');
      if (ask === null)
        throw new HttpError(
          404,
          'not_found',
          `asks: expected the id of a stored ask, got ${JSON.stringify(param)} (expired or unknown)`,
        );
      return { value: ask };
    },
  },
  {
    method: 'POST',
    path: '/v1/timelines',
    handle: async (body, { state }) => ({
      value: { id: state.saveTimeline(parseSharedTimeline(body)) } satisfies Saved,
    }),
  },
  {
    method: 'GET',
    path: '/v1/timelines/:id',
    handle: async (_b, { state, param }) => {
      const timeline = state.getTimeline(param ?? '');
      if (timeline === null)
        throw new HttpError(
          404,
          'not_found',
          `timelines: expected the id of a stored timeline, got ${JSON.stringify(param)} (expired or unknown)`,
        );
      return { value: timeline };
    },
  },
  {
    method: 'POST',
    path: '/v1/cooldowns',
    handle: async (body, { state }) => {
      const { user, seconds } = parseCooldownBody(body);
      return { value: state.takeCooldown(user, seconds) };
    },
  },
];

/** The route for a method and path, its `:id`, or an HttpError saying what exists. */
export function findRoute(method: string, pathname: string): { route: Route; param: string | null } {
  const matches = ROUTES.flatMap((route): { route: Route; param: string | null }[] => {
    if (route.path === pathname) return [{ route, param: null }];
    if (route.path.endsWith('/:id')) {
      const prefix = route.path.slice(0, -3);
      const rest = pathname.slice(prefix.length);
      if (pathname.startsWith(prefix) && /^[\w-]{1,64}$/.test(rest)) return [{ route, param: rest }];
    }
    return [];
  });
  if (matches.length === 0) {
    const known = ROUTES.map((r) => `${r.method} ${r.path}`).join(', ');
    throw new HttpError(
      404,
      'not_found',
      `expected one of ${known}; got ${method} ${pathname.slice(0, 100)}`,
    );
  }
  const match = matches.find((m) => m.route.method === method);
  if (!match) {
    const allowed = [...new Set(matches.map((m) => m.route.method))].join(', ');
    throw new HttpError(405, 'method_not_allowed', `${pathname}: expected ${allowed}, got ${method}`, {
      allow: allowed,
    });
  }
  return match;
}
