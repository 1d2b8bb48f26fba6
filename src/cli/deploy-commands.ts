/** npm run deploy-commands: registers the slash commands in commands/ for DISCORD_GUILD_ID, else globally. */
import 'dotenv/config';
import { deployCommands } from '../bot/deploy.ts';
import { loadCommands } from '../bot/loader.ts';
import { createLogger } from '../log.ts';
import { explainDiscordError } from '../bot/network.ts';
import { loadBotConfig } from '../config.ts';
import { defineCommand } from './args.ts';
import { runCommand } from './run.ts';

export const command = defineCommand({
  usage: ['npm run deploy-commands'],
  summary: 'Registers the slash commands: in DISCORD_GUILD_ID when set (instant), else globally.',
  options: {},
});

runCommand(command, async () => {
  const config = loadBotConfig();
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken] });
  const commands = await loadCommands(logger);
  const result = await deployCommands({
    token: config.discordToken,
    clientId: config.discordClientId,
    guildId: config.discordGuildId,
    restApi: config.discordRestApi,
    commands,
  }).catch((error: unknown) => {
    throw explainDiscordError(error, config.discordRestApi);
  });
  const where =
    result.scope === 'guild'
      ? `server ${config.discordGuildId} (available now)`
      : 'every server (global commands can take up to an hour to appear)';
  console.log(`Registered ${result.names.map((n) => `/${n}`).join(', ')} for ${where}.`);
});
