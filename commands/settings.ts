/**
 * /settings (Manage Server, servers only): how the bot answers in this server — default k, private by
 * default, the channels /ask may run in, outlets and kinds of outlet left out of answers, the cooldown, and a
 * role that may run the admin commands besides Manage Server (checked at run time: src/bot/permissions.ts).
 * Stored in the bot's state database and applied to every command in the server.
 */
import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { Command } from '../src/bot/command.ts';
import type { BotContext } from '../src/bot/context.ts';
import { formatSettings, settingsUnavailable } from '../src/bot/format/settings.ts';
import { adminRefusal } from '../src/bot/permissions.ts';
import { reply, suggest } from '../src/bot/respond.ts';
import { OUTLET_KINDS } from '../src/outlets/labels.ts';
import { CommunityUnavailableError } from '../src/state/community.ts';
import { SETTINGS_LIMITS, type GuildSettings } from '../src/state/settings.ts';
import { userLine } from '../src/errors.ts';

const kinds: { name: string; value: string }[] = OUTLET_KINDS.map((k) => ({
  name: k === 'unreviewed' ? 'unreviewed (outlets without a label)' : k,
  value: k,
}));

const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('How the bot answers in this server (server managers only)')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) => s.setName('show').setDescription("Show this server's settings"))
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Change the defaults')
      .addIntegerOption((o) =>
        o
          .setName('k')
          .setDescription('Passages per answer (1–8)')
          .setMinValue(SETTINGS_LIMITS.minK)
          .setMaxValue(SETTINGS_LIMITS.maxK),
      )
      .addBooleanOption((o) =>
        o.setName('private').setDescription('Answers only the asker sees, unless they say otherwise'),
      )
      .addIntegerOption((o) =>
        o
          .setName('cooldown')
          .setDescription("Seconds between two /ask by one member (-1: the bot's default)")
          .setMinValue(-1)
          .setMaxValue(SETTINGS_LIMITS.maxCooldown),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('channels')
      .setDescription('Where /ask may run')
      .addStringOption((o) =>
        o
          .setName('allow')
          .setDescription('Channel mentions (#news #questions), or "all"')
          .setRequired(true)
          .setMaxLength(1000),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('exclude')
      .setDescription("Leave an outlet, or a kind of outlet, out of this server's answers")
      .addStringOption((o) =>
        o.setName('outlet').setDescription('An indexed outlet').setAutocomplete(true).setMaxLength(100),
      )
      .addStringOption((o) =>
        o
          .setName('kind')
          .setDescription('A kind of outlet')
          .addChoices(...kinds),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('include')
      .setDescription('Bring back an excluded outlet or kind')
      .addStringOption((o) =>
        o.setName('outlet').setDescription('An excluded outlet').setAutocomplete(true).setMaxLength(100),
      )
      .addStringOption((o) =>
        o
          .setName('kind')
          .setDescription('An excluded kind')
          .addChoices(...kinds),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('admins')
      .setDescription('A role that may also reindex, see /gaps and change settings (Manage Server only)')
      .addRoleOption((o) =>
        o.setName('role').setDescription('The role; leave out to leave it to Manage Server alone'),
      ),
  )
  .addSubcommand((s) => s.setName('reset').setDescription('Back to the defaults'));

/** Channel ids from `<#id>` mentions (or bare ids); [] for "all"; a string saying what is wrong otherwise. */
export function parseChannels(text: string): string[] | string {
  if (/^\s*(all|everywhere|any)\s*$/i.test(text)) return [];
  const ids = [...text.matchAll(/<#(\d{17,20})>|\b(\d{17,20})\b/g)].map((m) => m[1] ?? m[2]!);
  if (ids.length === 0)
    return 'Expected channel mentions such as #news (type # and pick the channel), or "all".';
  return [...new Set(ids)];
}

function change(
  interaction: ChatInputCommandInteraction,
  current: GuildSettings,
): Partial<GuildSettings> | string {
  const sub = interaction.options.getSubcommand();
  const outlet = interaction.options.getString('outlet')?.trim() || null;
  const kind = interaction.options.getString('kind');
  const toggle = (list: string[], item: string | null, add: boolean) =>
    item === null
      ? list
      : add
        ? [...new Set([...list, item])]
        : list.filter((x) => x.toLowerCase() !== item.toLowerCase());
  switch (sub) {
    case 'set': {
      const k = interaction.options.getInteger('k');
      const isPrivate = interaction.options.getBoolean('private');
      const cooldown = interaction.options.getInteger('cooldown');
      const next: Partial<GuildSettings> = {};
      if (k !== null) next.k = k;
      if (isPrivate !== null) next.private = isPrivate;
      if (cooldown !== null) next.cooldownSeconds = cooldown < 0 ? null : cooldown;
      return Object.keys(next).length === 0 ? 'Name at least one of k, private or cooldown.' : next;
    }
    case 'channels': {
      const channels = parseChannels(interaction.options.getString('allow', true));
      return typeof channels === 'string' ? channels : { channels };
    }
    case 'admins':
      return { adminRole: interaction.options.getRole('role')?.id ?? null };
    case 'exclude':
    case 'include': {
      if (outlet === null && kind === null) return 'Name an outlet, a kind, or both.';
      const add = sub === 'exclude';
      return {
        excludeOutlets: toggle(current.excludeOutlets, outlet, add),
        excludeKinds: toggle(current.excludeKinds, kind, add),
      };
    }
    default:
      return {};
  }
}

export default {
  data,
  async execute(interaction, context: BotContext) {
    if (!interaction.inGuild())
      return reply(interaction, { content: '/settings works in a server only.' }, { ephemeral: true });
    const guildId = interaction.guildId;
    const defaultCooldown = context.cooldowns.defaultSeconds;
    try {
      const sub = interaction.options.getSubcommand();
      // Reading the settings is for everyone; changing them is checked here, as Discord's default can be loosened.
      // Naming the admin role stays with Manage Server, so a role cannot hand itself on.
      if (sub !== 'show') {
        const current = sub === 'admins' ? { adminRole: null } : context.community.settings(guildId);
        const refusal = adminRefusal(interaction, current, `/settings ${sub}`);
        if (refusal !== null) return reply(interaction, { content: refusal }, { ephemeral: true });
      }
      if (sub === 'show') {
        const note = context.community.available
          ? ''
          : `The bot's state database is unavailable, so these are the defaults in use: ${context.community.memberProblem ?? 'not opened'}.`;
        return reply(
          interaction,
          formatSettings(context.community.settings(guildId), defaultCooldown, note),
          { ephemeral: true },
        );
      }
      if (sub === 'reset') {
        context.community.resetSettings(guildId);
        return reply(
          interaction,
          formatSettings(context.community.settings(guildId), defaultCooldown, 'Back to the defaults.'),
          { ephemeral: true },
        );
      }
      const next = change(interaction, context.community.settings(guildId));
      if (typeof next === 'string') return reply(interaction, { content: next }, { ephemeral: true });
      const saved = context.community.updateSettings(guildId, next);
      context.logger.info('crisis-desk: server settings changed', { guildId, subcommand: sub });
      await reply(
        interaction,
        formatSettings(saved, defaultCooldown, 'Saved. It applies to every command in this server.'),
        { ephemeral: true },
      );
    } catch (error) {
      if (error instanceof CommunityUnavailableError)
        return reply(interaction, settingsUnavailable(error.memberReason), { ephemeral: true });
      if (error instanceof RangeError)
        return reply(interaction, { content: userLine(error) }, { ephemeral: true });
      throw error;
    }
  },
  async autocomplete(interaction, context) {
    const typed = interaction.options.getFocused().toLowerCase();
    const excluded = context.community.settings(interaction.guildId).excludeOutlets;
    const outlets =
      interaction.options.getSubcommand() === 'include'
        ? excluded
        : (await context.engine().stats()).outlets.map((o) => o.source);
    await suggest(
      interaction,
      outlets
        .filter((o) => o.toLowerCase().includes(typed))
        .map((o) => ({ name: `${o} (${context.labels.lookup(o).label})`, value: o })),
    );
  },
} satisfies Command;
