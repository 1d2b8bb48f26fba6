/**
 * The community loop's one door for the bot: votes, asked questions, per-server settings and gaps over the
 * state database. It never throws a database error at a caller that serves answers: when the database is
 * damaged, locked or gone, reads give the defaults, writes are dropped, and the problem is reported once
 * (then again only when it changes), so /ask keeps answering without the loop.
 */
import path from 'node:path';
import type { Answer } from '../types.ts';
import { memberText, openStateDb, StateDbError, stateDbFile, stateDir, type StateDb } from './db.ts';
import { FeedbackStore, type DownvoteReason, type VoteTally } from './feedback.ts';
import { groupGaps, type GapGroup } from './gaps.ts';
import { SqliteWatchStore } from './watch-sqlite-store.ts';
import { loadOrCreateSecret } from './secret.ts';
import { defaultGuildSettings, SettingsStore, type GuildSettings } from './settings.ts';
import { CrisisDeskError, withoutPrefix } from '../errors.ts';

export interface CommunityOptions {
  dataDir: string;
  /** Told about a database problem (once per distinct problem). */
  onProblem?: (message: string) => void;
  now?: () => number;
  busyTimeoutMs?: number;
}

/** Thrown to commands that cannot work without the database (/settings, /gaps); the message is for members. */
export class CommunityUnavailableError extends CrisisDeskError {
  /**
   * `problem` is for the log (it may name paths and system errors); `memberReason` is what a member may be
   * shown (memberText: no path, no "EROFS … chmod").
   */
  constructor(
    readonly problem: string,
    readonly memberReason: string = "the bot's database is unavailable",
  ) {
    super('CommunityUnavailableError', `the bot's state database is unavailable: ${problem}`);
  }
}

export class Community {
  private db: StateDb | null = null;
  private feedbackStore: FeedbackStore | null = null;
  private settingsStore: SettingsStore | null = null;
  private watches: SqliteWatchStore | null = null;
  private secret: Buffer | null = null;
  private lastProblem: string | null = null;
  private lastMemberText: string | null = null;

  private constructor(private readonly options: CommunityOptions) {}

  /** Opens the database under DATA_DIR/bot/; a failure is reported and leaves the loop off, never thrown. */
  static open(options: CommunityOptions): Community {
    const community = new Community(options);
    community.connect();
    return community;
  }

  /** A loop that is off from the start (no DATA_DIR to keep it in): every read gives the defaults. */
  static disabled(reason: string): Community {
    const community = new Community({ dataDir: '' });
    community.lastProblem = reason;
    return community;
  }

  get available(): boolean {
    return this.db !== null;
  }

  /** The key member ids are hashed with, when it could be read (even if the database could not open). */
  memberKey(): Buffer | null {
    return this.secret;
  }

  /** What a member may be told is wrong (no path, no system error), or null while it works. */
  get memberProblem(): string | null {
    return this.lastProblem === null ? null : (this.lastMemberText ?? "the bot's database is unavailable");
  }

  /** What is wrong with the database, or null while it works. */
  get problem(): string | null {
    return this.lastProblem;
  }

  private connect(): void {
    const { dataDir } = this.options;
    try {
      const secret = loadOrCreateSecret(path.join(stateDir(dataDir), 'member-key'));
      this.secret = secret;
      const db = openStateDb(
        stateDbFile(dataDir),
        this.options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: this.options.busyTimeoutMs },
      );
      this.db = db;
      this.feedbackStore = new FeedbackStore(db, secret, this.options.now);
      this.settingsStore = new SettingsStore(db, this.options.now);
      const now = this.options.now;
      this.watches = new SqliteWatchStore(db, secret, now ? () => new Date(now()) : undefined);
      this.lastProblem = null;
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    // Anything else that reaches here came from the files (the key's chmod on a read-only disk, say).
    this.lastMemberText = memberText(error instanceof StateDbError ? error.problem : 'unusable');
    if (error instanceof StateDbError && error.problem === 'gone') {
      // Writes would go into the unlinked file and be lost at the next restart: open the path afresh (a new,
      // empty database) for what comes next; this write was not stored and is not confirmed.
      this.options.onProblem?.(
        `${error.message}; re-opening ${stateDbFile(this.options.dataDir)} (what it held before is lost)`,
      );
      this.close();
      this.connect();
      if (this.db !== null) return;
    }
    const message =
      error instanceof StateDbError || error instanceof Error
        ? error.message
        : `crisis-desk: ${String(error)}`;
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.options.onProblem?.(`${message}; answers go on without votes, settings and gaps`);
  }

  /** Runs `fn` against the stores; on a database error reports it and returns `fallback`. */
  private attempt<T>(fallback: T, fn: (f: FeedbackStore, s: SettingsStore) => T): T {
    if (this.feedbackStore === null || this.settingsStore === null) return fallback;
    try {
      return fn(this.feedbackStore, this.settingsStore);
    } catch (error) {
      if (!(error instanceof StateDbError)) throw error;
      this.report(error);
      return fallback;
    }
  }

  /** Like attempt, for what cannot work without the database: throws CommunityUnavailableError. */
  private require<T>(fn: (f: FeedbackStore, s: SettingsStore) => T): T {
    const unavailable = () =>
      new CommunityUnavailableError(
        withoutPrefix(this.lastProblem ?? 'not opened'),
        this.memberProblem ?? undefined,
      );
    if (this.feedbackStore === null || this.settingsStore === null) throw unavailable();
    try {
      return fn(this.feedbackStore, this.settingsStore);
    } catch (error) {
      if (!(error instanceof StateDbError)) throw error;
      this.report(error);
      throw new CommunityUnavailableError(error.line, memberText(error.problem));
    }
  }

  /** A server's settings; the defaults outside servers or without the database. */
  settings(guildId: string | null): GuildSettings {
    const defaults = { ...defaultGuildSettings, channels: [], excludeOutlets: [], excludeKinds: [] };
    if (guildId === null) return defaults;
    return this.attempt(defaults, (_, s) => s.get(guildId));
  }

  updateSettings(guildId: string, change: Partial<GuildSettings>): GuildSettings {
    return this.require((_, s) => s.update(guildId, change));
  }

  resetSettings(guildId: string): void {
    this.require((_, s) => s.reset(guildId));
  }

  /** Stores an answer page; its id for the vote buttons, or null without the database. */
  recordAsk(guildId: string | null, answer: Answer, generation: string, model: string): number | null {
    return this.attempt(null, (f) => f.recordAsk({ guildId, answer, generation, model }));
  }

  /** Records a vote; the answer's new tally, or null when the answer is unknown or the database is down. */
  vote(askId: number, userId: string, vote: 1 | -1, reason?: DownvoteReason): VoteTally | null {
    return this.attempt(null, (f) => (f.vote(askId, userId, vote, reason) ? f.tally(askId) : null));
  }

  gaps(filter: { since?: string; guildId?: string; minOverlap?: number } = {}): GapGroup[] {
    return this.require((f) => groupGaps(f.gapCandidates(filter), filter.minOverlap));
  }

  /** The stores themselves, for reports run from the command line. */
  get stores(): { feedback: FeedbackStore; settings: SettingsStore } {
    return this.require((feedback, settings) => ({ feedback, settings }));
  }

  /** /watch's store in this database, or null without one (the bot then keeps watches in a JSON file). */
  watchStore(): SqliteWatchStore | null {
    return this.watches;
  }

  close(): void {
    this.db?.close();
    this.watches = null;
    this.db = null;
    this.feedbackStore = null;
    this.settingsStore = null;
  }
}
