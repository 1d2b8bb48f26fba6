/** /settings and /gaps replies: a server's settings, what changed, and the gaps the corpus has. */
import type { APIEmbed } from 'discord.js';
import type { GapGroup } from '../../state/gaps.ts';
import type { GuildSettings } from '../../state/settings.ts';
import type { ReplyDraft } from '../limits.ts';
import { plain } from './escape.ts';

export function formatSettings(settings: GuildSettings, defaultCooldown: number, note = ''): ReplyDraft {
  const list = (items: readonly string[], none: string) =>
    items.length === 0 ? none : items.map(plain).join(', ');
  const embed: APIEmbed = {
    title: 'Settings for this server',
    ...(note === '' ? {} : { description: note }),
    fields: [
      { name: 'Passages per answer (k)', value: String(settings.k), inline: true },
      { name: 'Private by default', value: settings.private ? 'yes' : 'no', inline: true },
      {
        name: 'Cooldown',
        value:
          settings.cooldownSeconds === null
            ? `${defaultCooldown} s (the bot's default)`
            : `${settings.cooldownSeconds} s`,
        inline: true,
      },
      {
        name: '/ask allowed in',
        value:
          settings.channels.length === 0
            ? 'every channel'
            : settings.channels.map((c) => `<#${c}>`).join(', '),
      },
      { name: 'Outlets left out of answers', value: list(settings.excludeOutlets, 'none') },
      { name: 'Kinds of outlet left out', value: list(settings.excludeKinds, 'none') },
      {
        name: 'May reindex, see /gaps and change settings',
        value:
          settings.adminRole === null
            ? 'members with Manage Server'
            : `members with Manage Server or <@&${settings.adminRole}>`,
      },
    ],
    footer: {
      text: 'Change with /settings set, /settings channels, /settings exclude, /settings include, /settings admins, /settings reset',
    },
  };
  if (embed.description === undefined) delete embed.description;
  return { embeds: [embed] };
}

export function settingsUnavailable(problem: string): ReplyDraft {
  return {
    content: `Settings can't be read or changed right now: ${plain(problem)}. Answers keep working with the defaults.`,
  };
}

/** The gaps report: most-asked first, one line per group, within one embed. */
export function formatGaps(groups: readonly GapGroup[], since: string | null): ReplyDraft {
  const scope = since === null ? 'so far' : `since ${since}`;
  if (groups.length === 0) return { content: `No declined or voted-down questions ${scope}. 🎉` };
  const lines = groups.slice(0, 25).map((g) => {
    const also =
      g.variants.length === 0 ? '' : ` (+${g.variants.length} wording${g.variants.length === 1 ? '' : 's'})`;
    const how = [
      `${g.count}×`,
      g.declined > 0 ? `${g.declined} declined` : '',
      g.downvotes > 0 ? `${g.downvotes} 👎` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const dates =
      g.firstAsked.slice(0, 10) === g.lastAsked.slice(0, 10)
        ? g.lastAsked.slice(0, 10)
        : `${g.firstAsked.slice(0, 10)} – ${g.lastAsked.slice(0, 10)}`;
    return `• **${plain(g.question)}**${also} — ${how} · ${dates}`;
  });
  return {
    embeds: [
      {
        title: `What the corpus lacks (${groups.length} group${groups.length === 1 ? '' : 's'} ${scope})`,
        description: lines.join('\n'),
        footer: {
          text: 'Questions the bot declined or members voted down, grouped by shared content words. Full list: npm run report -- gaps',
        },
      },
    ],
  };
}
