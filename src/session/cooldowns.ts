/**
 * Per-user cooldown for /ask. A user who asks again too soon is told when they may retry; the clock is
 * injected so tests need no waiting.
 */
import { CrisisDeskError } from '../errors.ts';

export type CooldownVerdict = { ok: true } | { ok: false; retryAt: number; retryInSeconds: number };

export class Cooldowns {
  private readonly until = new Map<string, number>();

  /** @param seconds pause between two uses by one user; 0 turns the cooldown off. */
  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new CrisisDeskError(
        'OptionError',
        `cooldown must be a non-negative number of seconds, got ${seconds}`,
      );
    }
  }

  /** The pause this bot was started with (ASK_COOLDOWN_SECONDS). */
  get defaultSeconds(): number {
    return this.seconds;
  }

  /** Checks `userId` and, when allowed, starts their next cooldown (`seconds` overrides the default, per server). */
  take(userId: string, seconds: number = this.seconds): CooldownVerdict {
    if (seconds === 0) return { ok: true };
    const now = this.now();
    const until = this.until.get(userId) ?? 0;
    if (until > now) return { ok: false, retryAt: until, retryInSeconds: Math.ceil((until - now) / 1000) };
    this.until.set(userId, now + seconds * 1000);
    this.sweep(now);
    return { ok: true };
  }

  /** Forgets expired entries so a busy server does not grow the map forever. */
  private sweep(now: number): void {
    if (this.until.size < 1000) return;
    for (const [user, until] of this.until) if (until <= now) this.until.delete(user);
  }
}
