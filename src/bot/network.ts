/**
 * Turns a failure to talk to Discord into a one-line error that names the setting to fix: an unreachable
 * DISCORD_REST_API, a network without Discord, or a token Discord rejects. Never echoes the token or a URL's
 * credentials: only the host of DISCORD_REST_API is shown.
 */
import { ConfigError } from '../config.ts';
import { CrisisDeskError } from '../errors.ts';

/** Discord's REST API did not answer (`code`): the network, or DISCORD_REST_API, is the thing to check. */
class DiscordUnreachableError extends CrisisDeskError {
  constructor(code: string) {
    super(
      'DiscordUnreachableError',
      `could not reach Discord's REST API (${code}): check the network, or set DISCORD_REST_API to a proxy that can`,
    );
  }
}

/** Error codes of a connection that never got an answer. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** What unreachableCode says for a request aborted after its timeout. */
const NO_ANSWER = 'no answer in time';

/** The network error code anywhere in an error's cause chain (fetch wraps it as `TypeError: fetch failed`). */
export function unreachableCode(error: unknown, depth = 0): string | null {
  if (typeof error !== 'object' || error === null || depth > 5) return null;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown; name?: unknown };
  if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) return e.code;
  // discord.js aborts a request that gets no answer ("This operation was aborted"): an address that never answers.
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') return NO_ANSWER;
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const code = unreachableCode(inner, depth + 1);
    if (code) return code;
  }
  return null;
}

/** Discord said no to the token: a 401 from the REST API, or discord.js's TokenInvalid. */
function tokenRejected(error: unknown): boolean {
  const e = error as { status?: unknown; code?: unknown } | null;
  return e?.status === 401 || e?.code === 'TokenInvalid';
}

/** The error to show for `error` from a Discord call: a clearer one when the cause is known, else `error`. */
export function explainDiscordError(error: unknown, restApi: string | null): unknown {
  if (tokenRejected(error)) {
    return new ConfigError(
      'DISCORD_TOKEN',
      'a bot token that Discord accepts',
      'one it rejected (401 Unauthorized)',
    );
  }
  const code = unreachableCode(error);
  if (code === null) return error;
  if (restApi !== null) {
    let host = 'it';
    try {
      host = new URL(restApi).host;
    } catch {
      // config.ts only lets http(s) URLs through; keep the message without a host otherwise.
    }
    return new ConfigError(
      'DISCORD_REST_API',
      "an address where Discord's REST API (or a proxy in front of it) answers",
      `${code} from ${host}`,
    );
  }
  return new DiscordUnreachableError(code);
}
