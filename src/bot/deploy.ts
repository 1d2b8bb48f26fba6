/**
 * Registers the slash commands with Discord: to one guild when an id is given (changes show at once), else
 * globally (can take up to an hour to reach every client). A PUT replaces the whole list, so commands that
 * were removed from commands/ disappear too.
 */
import { REST, Routes } from 'discord.js';
import type { Command } from './command.ts';
import { CrisisDeskError } from '../errors.ts';

export interface DeployOptions {
  token: string;
  clientId: string;
  guildId: string | null;
  /** DISCORD_REST_API; null for discord.js's default. */
  restApi: string | null;
  commands: ReadonlyMap<string, Command>;
}

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST(options.restApi ? { api: options.restApi } : {}).setToken(options.token);
  const body = [...options.commands.values()].map((command) => command.data.toJSON());
  const route =
    options.guildId === null
      ? Routes.applicationCommands(options.clientId)
      : Routes.applicationGuildCommands(options.clientId, options.guildId);
  const registered = (await rest.put(route, { body })) as { name?: unknown }[];
  if (!Array.isArray(registered)) {
    throw new CrisisDeskError(
      'InvariantError',
      `expected Discord to answer the command registration with a list, got ${typeof registered}`,
    );
  }
  return {
    scope: options.guildId === null ? 'global' : 'guild',
    names: registered.map((c) => String(c.name)),
  };
}
