/**
 * The one interactionCreate handler. It routes slash commands, autocomplete and button clicks to the command
 * modules (select menus too, by the same custom_id prefix), and it is the only place errors stop: an input error
 * gets its one line (the CLI's words), anything else a short apology; the log gets the details with the
 * interaction id, and nothing propagates to crash the process. It also tracks in-flight work so shutdown can
 * finish (or fail) every pending reply before the gateway closes.
 */
import type { Interaction } from 'discord.js';
import { SearchUnavailableError } from '../service/client.ts';
import { parseCustomId, type Command } from './command.ts';
import type { BotContext } from './context.ts';
import {
  errorMessage,
  searchUnavailableMessage,
  shuttingDownMessage,
  unknownButtonMessage,
  unknownCommandMessage,
} from './format/messages.ts';
import { inputErrorLine } from '../errors.ts';
import { metrics } from '../metrics/metrics.ts';
import { plain } from './format/escape.ts';
import type { ReplyDraft } from './limits.ts';
import { editReply, followUp, reply } from './respond.ts';

export interface Dispatcher {
  /** Handles one interaction; never rejects. */
  handle(interaction: Interaction): Promise<void>;
  /** Stops taking new work, waits up to `graceMs` for in-flight work, then fails what is left. */
  drain(graceMs: number): Promise<void>;
  readonly inFlight: number;
}

export function createDispatcher(commands: ReadonlyMap<string, Command>, context: BotContext): Dispatcher {
  const pending = new Map<Promise<void>, Interaction>();
  let accepting = true;
  const { logger } = context;

  async function route(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      if (command?.autocomplete === undefined) return void (await interaction.respond([]));
      return command.autocomplete(interaction, context);
    }
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (command === undefined) {
        logger.warn('crisis-desk: unknown command', {
          interactionId: interaction.id,
          command: interaction.commandName,
        });
        return reply(interaction, unknownCommandMessage(interaction.commandName, [...commands.keys()]), {
          ephemeral: true,
        });
      }
      return command.execute(interaction, context);
    }
    if (interaction.isButton()) {
      const { command: name, args } = parseCustomId(interaction.customId);
      const command = commands.get(name);
      if (command?.button === undefined)
        return reply(interaction, unknownButtonMessage(), { ephemeral: true });
      return command.button(interaction, context, args);
    }
    if (interaction.isStringSelectMenu()) {
      const { command: name, args } = parseCustomId(interaction.customId);
      const command = commands.get(name);
      if (command?.select === undefined)
        return reply(interaction, unknownButtonMessage(), { ephemeral: true });
      return command.select(interaction, context, args);
    }
    logger.debug('crisis-desk: ignored an interaction of an unhandled type', {
      interactionId: interaction.id,
      type: interaction.type,
    });
  }

  async function handleOne(interaction: Interaction): Promise<void> {
    if (!accepting) return answerSafely(interaction, shuttingDownMessage());
    const started = performance.now();
    let outcome = 'ok';
    try {
      await route(interaction);
    } catch (error) {
      // A value the user typed that the engine refused (an outlet it does not index…): their words to fix, the
      // CLI's words to read, no apology and no reference.
      const line = inputErrorLine(error);
      if (line !== null) {
        outcome = 'input_error';
        logger.info(
          `crisis-desk: interaction ${interaction.id} refused its input: ${line}`,
          describe(interaction),
        );
        return answerSafely(interaction, { content: plain(line) });
      }
      logger.error(`crisis-desk: interaction ${interaction.id} failed`, { ...describe(interaction), error });
      const unavailable = error instanceof SearchUnavailableError;
      outcome = unavailable ? 'unavailable' : 'failed';
      metrics.error('bot', outcome);
      await answerSafely(
        interaction,
        unavailable ? searchUnavailableMessage() : errorMessage(interaction.id),
      );
    } finally {
      metrics.interaction(commandLabel(interaction), outcome, (performance.now() - started) / 1000);
    }
  }

  /** The command an interaction belongs to, for metrics: only names this bot has, so labels stay few. */
  function commandLabel(interaction: Interaction): string {
    const name =
      interaction.isChatInputCommand() || interaction.isAutocomplete()
        ? interaction.commandName
        : interaction.isMessageComponent()
          ? parseCustomId(interaction.customId).command
          : 'other';
    return commands.has(name) ? name : 'other';
  }

  /** Tells the user, ephemerally, without ever throwing: a failure here is logged and dropped. */
  async function answerSafely(interaction: Interaction, draft: ReplyDraft): Promise<void> {
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
        return;
      }
      if (!interaction.isRepliable()) return;
      // The first message after a deferred reply always becomes that reply, with the visibility it was deferred
      // with (a follow-up too; deleting the placeholder afterwards deleted the message itself): edit it in place.
      // Commands check what the user typed before deferring, so their refusals are first replies, ephemeral.
      // A button's deferral may be an update of its message, which a follow-up leaves alone.
      if (interaction.isChatInputCommand() && interaction.deferred && !interaction.replied)
        await editReply(interaction, draft);
      else if (interaction.deferred || interaction.replied)
        await followUp(interaction, draft, { ephemeral: true });
      else await reply(interaction, draft, { ephemeral: true });
    } catch (error) {
      logger.error(`crisis-desk: could not send the error reply for interaction ${interaction.id}`, {
        error,
      });
    }
  }

  return {
    handle(interaction) {
      const work = handleOne(interaction).finally(() => pending.delete(work));
      pending.set(work, interaction);
      return work;
    },
    async drain(graceMs) {
      accepting = false;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)));
      const finished = Promise.allSettled([...pending.keys()]).then(() => false);
      const late = await Promise.race([finished, timedOut]);
      clearTimeout(timer);
      if (!late) return;
      logger.warn(
        `crisis-desk: ${pending.size} interaction(s) still running at shutdown; telling their users`,
      );
      await Promise.allSettled([...pending.values()].map((i) => answerSafely(i, shuttingDownMessage())));
    },
    get inFlight() {
      return pending.size;
    },
  };
}

function describe(interaction: Interaction): Record<string, unknown> {
  return {
    interactionId: interaction.id,
    type: interaction.type,
    command: interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined,
    customId: interaction.isMessageComponent() ? interaction.customId : undefined,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
  };
}
