/**
 * Who may run the admin commands (/reindex, /gaps, changing /settings), checked when they run: Discord's default
 * permission (Manage Server) is only a default a server can loosen in its integration settings, so a member with
 * Send Messages alone could otherwise re-index or change the server's settings.
 */
import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { GuildSettings } from '../state/settings.ts';

/** The role ids of the member who ran the interaction, whether discord.js holds a full GuildMember or the raw API one. */
function memberRoles(interaction: ChatInputCommandInteraction): readonly string[] {
  const member = interaction.member;
  if (member === null) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}

/**
 * Null when the member may run `command`: they have Manage Server, or the role the server named with
 * `/settings admins`. Otherwise the refusal to show them, naming what would let them.
 */
export function adminRefusal(
  interaction: ChatInputCommandInteraction,
  settings: Pick<GuildSettings, 'adminRole'>,
  command: string,
): string | null {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true) return null;
  if (settings.adminRole !== null && memberRoles(interaction).includes(settings.adminRole)) return null;
  const role = settings.adminRole === null ? '' : ` or the <@&${settings.adminRole}> role`;
  return `${command} needs the Manage Server permission${role}; ask a server manager.`;
}
