/**
 * A local fake of Discord on 127.0.0.1 for end-to-end tests: an HTTP server for the REST routes discord.js
 * uses (gateway discovery, interaction callbacks, webhook edits and follow-ups, command registration) and a
 * gateway WebSocket speaking Discord's protocol (HELLO op 10, IDENTIFY op 2, READY, heartbeat op 1 → ACK
 * op 11, dispatches op 0). The real discord.js Client logs in to it when `rest.api` points at `restApi`:
 * discord.js asks `GET /gateway/bot` for the WebSocket URL and appends `?v=10&encoding=json` itself.
 * Everything sent either way is recorded for assertions.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { handleRest, type RestState } from './fake-discord-rest.ts';

export interface RecordedRequest {
  method: string;
  /** Route without the `/api/v10` prefix, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (multipart bodies are parsed from their `payload_json` part); null when empty. */
  body: unknown;
  headers: http.IncomingHttpHeaders;
  status: number;
}

export interface GatewayFrame {
  direction: 'received' | 'sent';
  op: number;
  t?: string | null;
  d?: unknown;
}

export interface FakeDiscordOptions {
  /** The token the bot must present; anything else gets 401 / close 4004 like the real Discord. */
  token: string;
  applicationId?: string;
  botUserId?: string;
  /** Guild ids sent (as unavailable) in READY. Default one guild. */
  guildIds?: string[];
  /** Default 41,250 ms, Discord's usual; tests ask for heartbeats with `requestHeartbeat` instead of waiting. */
  heartbeatIntervalMs?: number;
  /** Called before a REST request is answered; the answer waits for the promise it returns (a slow Discord). */
  hold?: (method: string, path: string) => Promise<void> | undefined;
}

export class FakeDiscord extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly frames: GatewayFrame[] = [];
  /** The query string of each gateway connection (v, encoding, compress). */
  readonly connections: URLSearchParams[] = [];
  readonly applicationId: string;
  readonly botUser: {
    id: string;
    username: string;
    discriminator: string;
    global_name: string;
    avatar: null;
    bot: true;
  };
  private readonly sockets = new Set<WebSocket>();
  private readonly identified = new WeakSet<WebSocket>();
  private sequence = 0;
  private readonly rest: RestState;

  private constructor(
    private readonly options: FakeDiscordOptions,
    private readonly server: http.Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {
    super();
    this.applicationId = options.applicationId ?? '100000000000000001';
    this.botUser = {
      id: options.botUserId ?? '100000000000000002',
      username: 'crisis-desk',
      discriminator: '0',
      global_name: 'Crisis Desk',
      avatar: null,
      bot: true,
    };
    this.rest = { fake: this, messages: new Map(), nextId: 900000000000000000n };
  }

  /** Starts the fake on an ephemeral port of 127.0.0.1. */
  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const server = http.createServer();
    const wss = new WebSocketServer({ server });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeDiscord(options, server, wss, (server.address() as AddressInfo).port);
    server.on('request', (req, res) => void handleRest(fake.rest, req, res));
    wss.on('connection', (socket, req) => fake.onConnection(socket, req));
    return fake;
  }

  get restApi(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get expectedToken(): string {
    return this.options.token;
  }

  /** Called by the REST half for every request it answered. */
  record(request: RecordedRequest): void {
    this.requests.push(request);
    this.emit('request', request);
  }

  nextSnowflake(): string {
    return (this.rest.nextId++).toString();
  }

  /** The message Discord holds as an interaction's response (what a later button click carries). */
  originalMessage(interactionToken: string): Record<string, unknown> {
    const message = this.rest.messages.get(interactionToken)?.get('@original');
    if (message === undefined)
      throw new Error(`fake-discord: expected a response for token ${interactionToken}, found none`);
    return message;
  }

  /** True while at least one identified gateway session is open. */
  isConnected(): boolean {
    return [...this.sockets].some((s) => this.identified.has(s) && s.readyState === s.OPEN);
  }

  /** Sends a dispatch (op 0) to every identified session, or only to the `only`-th (in the order they connected). */
  dispatch(type: string, data: unknown, only?: number): void {
    const sessions = [...this.sockets].filter((socket) => this.identified.has(socket));
    for (const socket of only === undefined ? sessions : sessions.slice(only, only + 1))
      this.send(socket, { op: 0, t: type, s: ++this.sequence, d: data });
  }

  /** To every session, or only to the `only`-th: with several shards connected, Discord sends it to one. */
  sendInteraction(interaction: unknown, only?: number): void {
    this.dispatch('INTERACTION_CREATE', interaction, only);
  }

  /** What `options.hold` says about a request (the REST half awaits it before answering). */
  holdFor(method: string, path: string): Promise<void> | undefined {
    return this.options.hold?.(method, path);
  }

  /** Asks the client for a heartbeat (op 1) and resolves when it has sent one and been ACKed. */
  async requestHeartbeat(timeoutMs = 5000): Promise<void> {
    const acked = this.waitForFrame(
      (f) => f.direction === 'sent' && f.op === 11,
      timeoutMs,
      'a heartbeat ACK',
    );
    for (const socket of this.sockets) this.send(socket, { op: 1, d: this.sequence });
    await acked;
  }

  /** Resolves with the first recorded request (earlier ones included) that matches. */
  waitForRequest(
    match: (r: RecordedRequest) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<RecordedRequest> {
    return this.waitFor('request', () => this.requests.find(match), timeoutMs, what);
  }

  waitForFrame(match: (f: GatewayFrame) => boolean, timeoutMs: number, what: string): Promise<GatewayFrame> {
    const seen = this.frames.length;
    return this.waitFor('frame', () => this.frames.slice(seen).find(match), timeoutMs, what);
  }

  private waitFor<T>(event: string, find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = find();
        if (found === undefined) return;
        clearTimeout(timer);
        this.off(event, check);
        resolve(found);
      };
      // A deadline only so a broken bot fails the test with a message instead of hanging it.
      const timer = setTimeout(() => {
        this.off(event, check);
        reject(new Error(`fake-discord: expected ${what} within ${timeoutMs} ms; it never arrived`));
      }, timeoutMs);
      this.on(event, check);
      check();
    });
  }

  private send(
    socket: WebSocket,
    payload: { op: number; t?: string | null; s?: number | null; d?: unknown },
  ): void {
    this.frames.push({ direction: 'sent', op: payload.op, t: payload.t ?? null, d: payload.d });
    this.emit('frame');
    socket.send(JSON.stringify({ t: null, s: null, ...payload }));
  }

  private onConnection(socket: WebSocket, req: http.IncomingMessage): void {
    this.sockets.add(socket);
    this.connections.push(new URL(req.url ?? '/', this.gatewayUrl).searchParams);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (raw) => this.onFrame(socket, raw.toString()));
    this.send(socket, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250 } });
  }

  private onFrame(socket: WebSocket, raw: string): void {
    const frame = JSON.parse(raw) as { op: number; d?: unknown };
    this.frames.push({ direction: 'received', op: frame.op, d: frame.d });
    this.emit('frame');
    if (frame.op === 1) return this.send(socket, { op: 11 });
    if (frame.op === 2) return this.onIdentify(socket, frame.d as { token?: string });
    if (frame.op === 6) return this.send(socket, { op: 9, d: false }); // no resuming here: start a new session
  }

  private onIdentify(socket: WebSocket, identify: { token?: string }): void {
    if (identify.token !== this.options.token) return void socket.close(4004, 'Authentication failed.');
    this.identified.add(socket);
    this.send(socket, {
      op: 0,
      t: 'READY',
      s: ++this.sequence,
      d: {
        v: 10,
        user: this.botUser,
        guilds: (this.options.guildIds ?? ['200000000000000001']).map((id) => ({ id, unavailable: true })),
        session_id: `fake-session-${this.sequence}`,
        resume_gateway_url: this.gatewayUrl,
        shard: [0, 1],
        application: { id: this.applicationId, flags: 0 },
      },
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
