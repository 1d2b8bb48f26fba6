/**
 * The shape of a module in commands/: `export default { data, execute } satisfies Command`. Buttons a command
 * puts on its replies carry a custom_id of the form `<command>:<action>:<args…>`, and the dispatcher routes a
 * click back to that command's `button` handler (and a select menu's choice to its `select` handler).
 */
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { BotContext } from './context.ts';

export interface Command {
  /** The slash command builder (or anything with a name and a JSON form to register). */
  data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  /** Answers autocomplete for this command's options; must respond within 3 seconds, from memory. */
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
  /** Handles a click on a button whose custom_id starts with `<name>:`; `args` are the parts after it. */
  button?(interaction: ButtonInteraction, context: BotContext, args: string[]): Promise<void>;
  /** Handles a choice in a select menu whose custom_id starts with `<name>:`, like `button`. */
  select?(interaction: StringSelectMenuInteraction, context: BotContext, args: string[]): Promise<void>;
}

/** Builds a custom_id that routes back to `command`; parts must not contain ':'. */
export function customId(command: string, ...parts: (string | number)[]): string {
  return [command, ...parts].join(':');
}

/** Splits a custom_id into the command that owns it and the rest. */
export function parseCustomId(id: string): { command: string; args: string[] } {
  const [command = '', ...args] = id.split(':');
  return { command, args };
}

/** Runtime check for a loaded module's default export; the loader skips anything that fails it. */
export function isCommand(value: unknown): value is Command {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Command>;
  const data = candidate.data as Partial<Command['data']> | undefined;
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof data.name === 'string' &&
    data.name.length > 0 &&
    typeof data.toJSON === 'function' &&
    typeof candidate.execute === 'function' &&
    (candidate.autocomplete === undefined || typeof candidate.autocomplete === 'function') &&
    (candidate.button === undefined || typeof candidate.button === 'function') &&
    (candidate.select === undefined || typeof candidate.select === 'function')
  );
}
