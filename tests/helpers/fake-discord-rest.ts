/**
 * The REST half of the fake Discord: answers the routes discord.js calls for a slash-command bot with
 * plausible JSON, keeps the messages each interaction token created (so edits return the edited message),
 * and records every request, matched or not.
 */
import type http from 'node:http';
import type { FakeDiscord } from './fake-discord.ts';

export interface RestState {
  fake: FakeDiscord;
  /** Messages per interaction token; `@original` is the interaction's own response. */
  messages: Map<string, Map<string, Record<string, unknown>>>;
  nextId: bigint;
}

type Reply = { status: number; json?: unknown };
type Handler = (state: RestState, match: RegExpExecArray, body: unknown, query: URLSearchParams) => Reply;

const ROUTES: [method: string, path: RegExp, handler: Handler, auth: boolean][] = [
  ['GET', /^\/gateway\/bot$/, gatewayBot, true],
  ['GET', /^\/gateway$/, (s) => ({ status: 200, json: { url: s.fake.gatewayUrl } }), false],
  ['GET', /^\/users\/@me$/, (s) => ({ status: 200, json: s.fake.botUser }), true],
  [
    'GET',
    /^\/applications\/@me$/,
    (s) => ({ status: 200, json: { id: s.fake.applicationId, name: 'Crisis Desk', flags: 0 } }),
    true,
  ],
  ['PUT', /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/, registerCommands, true],
  ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, interactionCallback, false],
  [
    'POST',
    /^\/webhooks\/(\d+)\/([^/]+)$/,
    (s, m, b) => ({ status: 200, json: saveMessage(s, m[2]!, null, b) }),
    false,
  ],
  [
    'PATCH',
    /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
    (s, m, b) => ({ status: 200, json: saveMessage(s, m[2]!, m[3]!, b) }),
    false,
  ],
  ['GET', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, fetchMessage, false],
  ['DELETE', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, () => ({ status: 204 }), false],
  // A bot message in a channel (what /watch posts); kept under the key `channel:<id>`.
  [
    'POST',
    /^\/channels\/(\d+)\/messages$/,
    (s, m, b) => ({
      status: 200,
      json: { ...saveMessage(s, `channel:${m[1]!}`, null, b), channel_id: m[1], webhook_id: undefined },
    }),
    true,
  ],
];

function gatewayBot(state: RestState): Reply {
  return {
    status: 200,
    json: {
      url: state.fake.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    },
  };
}

function registerCommands(state: RestState, match: RegExpExecArray, body: unknown): Reply {
  const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
  const json = list.map((c) => ({
    ...c,
    id: state.fake.nextSnowflake(),
    application_id: match[1],
    ...(match[2] === undefined ? {} : { guild_id: match[2] }),
    version: '1',
  }));
  return { status: 200, json };
}

/** A message as Discord returns it; enough fields for discord.js to build a Message. */
function saveMessage(
  state: RestState,
  token: string,
  id: string | null,
  body: unknown,
): Record<string, unknown> {
  const forToken = state.messages.get(token) ?? new Map<string, Record<string, unknown>>();
  state.messages.set(token, forToken);
  const key = id ?? state.fake.nextSnowflake();
  const previous = forToken.get(key);
  const message: Record<string, unknown> = {
    id: key === '@original' ? (previous?.id ?? state.fake.nextSnowflake()) : key,
    channel_id: '300000000000000001',
    type: 0,
    content: '',
    author: state.fake.botUser,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    flags: 0,
    webhook_id: state.fake.applicationId,
    application_id: state.fake.applicationId,
    ...previous,
    ...(typeof body === 'object' && body !== null
      ? withoutRequestOnlyKeys(body as Record<string, unknown>)
      : {}),
  };
  if (previous !== undefined) message.edited_timestamp = new Date().toISOString();
  forToken.set(key, message);
  return message;
}

function withoutRequestOnlyKeys(body: Record<string, unknown>): Record<string, unknown> {
  const { allowed_mentions: _allowed, ...rest } = body;
  return rest;
}

function interactionCallback(
  state: RestState,
  match: RegExpExecArray,
  body: unknown,
  query: URLSearchParams,
): Reply {
  const { type, data } = (body ?? {}) as { type?: number; data?: Record<string, unknown> };
  // 4 reply and 7 update carry a message; 5 "thinking" and 6 deferred update leave an empty original.
  if (type === 4 || type === 5 || type === 7) saveMessage(state, match[2]!, '@original', data ?? {});
  if (query.get('with_response') !== 'true') return { status: 204 };
  const resource = state.messages.get(match[2]!)?.get('@original');
  return {
    status: 200,
    json: {
      interaction: { id: match[1], type: 2 },
      resource: { type, ...(resource ? { message: resource } : {}) },
    },
  };
}

function fetchMessage(state: RestState, match: RegExpExecArray): Reply {
  const message = state.messages.get(match[2]!)?.get(match[3]!);
  return message === undefined
    ? { status: 404, json: { message: 'Unknown Message', code: 10008 } }
    : { status: 200, json: message };
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return null;
  if (contentType?.startsWith('multipart/form-data')) {
    const json = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw)?.[1];
    return json === undefined ? raw : JSON.parse(json);
  }
  return JSON.parse(raw);
}

export async function handleRest(
  state: RestState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.replace(/^\/api(?:\/v\d+)?/, '');
  const method = req.method ?? 'GET';
  let body: unknown;
  try {
    body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
  } catch {
    body = null;
    res
      .writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ message: 'Invalid JSON', code: 50109 }));
    state.fake.record({ method, path, query: url.searchParams, body, headers: req.headers, status: 400 });
    return;
  }
  await state.fake.holdFor(method, path);
  let reply: Reply = { status: 404, json: { message: '404: Not Found', code: 0 } };
  for (const [m, pattern, handler, auth] of ROUTES) {
    const match = m === method ? pattern.exec(path) : null;
    if (match === null) continue;
    reply =
      auth && req.headers.authorization !== `Bot ${state.fake.expectedToken}`
        ? { status: 401, json: { message: '401: Unauthorized', code: 0 } }
        : handler(state, match, body, url.searchParams);
    break;
  }
  state.fake.record({
    method,
    path,
    query: url.searchParams,
    body,
    headers: req.headers,
    status: reply.status,
  });
  res.writeHead(reply.status, reply.json === undefined ? {} : { 'content-type': 'application/json' });
  res.end(reply.json === undefined ? undefined : JSON.stringify(reply.json));
}
