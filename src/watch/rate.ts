/** How many /watch messages a channel may get: at most `limit` in any `windowMs`, so a busy news day cannot flood it. */
export class ChannelBudget {
  private readonly sent = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Messages `channelId` may still get now. */
  left(channelId: string): number {
    const since = this.now() - this.windowMs;
    const recent = (this.sent.get(channelId) ?? []).filter((t) => t > since);
    this.sent.set(channelId, recent);
    return Math.max(0, this.limit - recent.length);
  }

  /** Counts one message to `channelId`. */
  spend(channelId: string): void {
    this.sent.set(channelId, [...(this.sent.get(channelId) ?? []), this.now()]);
  }
}
