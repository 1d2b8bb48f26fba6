/**
 * The only way the bot sends anything to Discord: each function runs the draft through `fitReply`, so every
 * message respects the limits and pings no one. `ephemeral` applies where Discord lets a message choose
 * (a first reply or a follow-up); an edit keeps the visibility of what it edits.
 */
import {
  type AutocompleteInteraction,
  type MessageComponentInteraction,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import { fitChoices, fitReply, type ReplyDraft } from './limits.ts';

export interface SendOptions {
  ephemeral?: boolean;
}

const flagsFor = (options: SendOptions) =>
  options.ephemeral === true ? { flags: MessageFlags.Ephemeral as const } : {};

/** Defers with Discord's "thinking…" state; call first for anything slower than a map lookup. */
export async function defer(interaction: RepliableInteraction, options: SendOptions = {}): Promise<void> {
  await interaction.deferReply(flagsFor(options));
}

export async function reply(
  interaction: RepliableInteraction,
  draft: ReplyDraft,
  options: SendOptions = {},
): Promise<void> {
  await interaction.reply({ ...fitReply(draft), ...flagsFor(options) });
}

export async function editReply(interaction: RepliableInteraction, draft: ReplyDraft): Promise<void> {
  await interaction.editReply(fitReply(draft));
}

export async function followUp(
  interaction: RepliableInteraction,
  draft: ReplyDraft,
  options: SendOptions = {},
): Promise<void> {
  await interaction.followUp({ ...fitReply(draft), ...flagsFor(options) });
}

/** Replaces the message a button or select menu sits on (a page turn, a choice made). */
export async function update(interaction: MessageComponentInteraction, draft: ReplyDraft): Promise<void> {
  await interaction.update(fitReply(draft));
}

export async function suggest(
  interaction: AutocompleteInteraction,
  choices: readonly { name: string; value: string }[],
): Promise<void> {
  await interaction.respond(fitChoices(choices));
}
