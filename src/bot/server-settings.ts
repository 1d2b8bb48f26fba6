/**
 * A server's /settings as /ask and /sources apply them: defaults for k and privacy, where /ask may run, the
 * cooldown, and the outlets left out (named ones plus every outlet of an excluded kind).
 */
import type { GuildSettings } from '../state/settings.ts';
import type { OutletCount } from '../types.ts';
import type { BotContext } from './context.ts';

export interface AppliedSettings extends GuildSettings {
  /** Outlet names as the index spells them, to pass to the engine as `excludeSources`. */
  excludeSources: string[];
}

export async function appliedSettings(context: BotContext, guildId: string | null): Promise<AppliedSettings> {
  const settings = context.community.settings(guildId);
  if (settings.excludeOutlets.length === 0 && settings.excludeKinds.length === 0)
    return { ...settings, excludeSources: [] };
  // Awaited: stats() may become asynchronous (a search service); awaiting a plain value is harmless.
  const stats = await context.engine().stats();
  const indexed = stats.outlets.map((o) => o.source);
  const named = new Set(settings.excludeOutlets.map((o) => o.toLowerCase()));
  const byName = indexed.filter((s) => named.has(s.toLowerCase()));
  const byKind = context.labels.sourcesOfKinds(indexed, settings.excludeKinds);
  // Named outlets the index does not hold (yet) are still passed: a later index may hold them.
  const extra = settings.excludeOutlets.filter(
    (o) => !indexed.some((s) => s.toLowerCase() === o.toLowerCase()),
  );
  return { ...settings, excludeSources: [...new Set([...byName, ...byKind, ...extra])] };
}

/** The indexed outlets this server has not excluded, for the `source` option's autocomplete. */
export async function visibleOutlets(context: BotContext, guildId: string | null): Promise<OutletCount[]> {
  const settings = await appliedSettings(context, guildId);
  const hidden = new Set(settings.excludeSources.map((o) => o.toLowerCase()));
  return (await context.engine().stats()).outlets.filter((o) => !hidden.has(o.source.toLowerCase()));
}

/** Where /ask may run in this server, as channel mentions; null when it may run anywhere (or here). */
export function channelRefusal(settings: GuildSettings, channelId: string | null): string | null {
  if (settings.channels.length === 0 || (channelId !== null && settings.channels.includes(channelId)))
    return null;
  return `In this server \`/ask\` works in ${settings.channels.map((c) => `<#${c}>`).join(', ')}.`;
}
