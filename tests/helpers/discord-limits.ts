/**
 * An independent check of a message payload (as the bot sent it over HTTP) against Discord's documented
 * limits. Deliberately not shared with src/bot/limits.ts, so a wrong constant there cannot hide here.
 */
import { expect } from 'vitest';

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}
interface Payload {
  content?: string;
  embeds?: Embed[];
  components?: { components: { custom_id?: string; label?: string }[] }[];
  allowed_mentions?: { parse?: unknown[] };
}

export function expectWithinDiscordLimits(body: unknown): void {
  const p = body as Payload;
  expect(p.content?.length ?? 0).toBeLessThanOrEqual(2000);
  const embeds = p.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
      expect(f.value.length).toBeGreaterThan(0);
    }
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    total +=
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(6000);
  const rows = p.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  for (const row of rows) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const c of row.components) {
      expect(c.custom_id?.length ?? 0).toBeLessThanOrEqual(100);
      expect(c.label?.length ?? 0).toBeLessThanOrEqual(80);
    }
  }
}

/** Every message the bot sends must carry `allowed_mentions: { parse: [] }`. */
export function expectNoMentions(body: unknown): void {
  expect((body as Payload).allowed_mentions).toEqual({ parse: [] });
}

/** Markdown balance check: an even number of unescaped `**`, so no cut left bold open. */
export function unescapedBoldMarkers(text: string): number {
  return (text.replace(/\\[\s\S]/g, '').match(/\*\*/g) ?? []).length;
}
