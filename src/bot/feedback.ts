/**
 * What the 👍 / 👎 buttons, the reasons select and "Share to channel" do. Votes go to the community loop
 * (src/state/community.ts) under a keyed hash of the member's id; when its database is down the member is
 * told so and nothing else changes.
 */
import type { ButtonInteraction, StringSelectMenuInteraction } from 'discord.js';
import { isDownvoteReason } from '../state/feedback.ts';
import type { AskState } from '../session/ask-store.ts';
import type { BotContext } from './context.ts';
import {
  nothingToShareMessage,
  reasonPrompt,
  reasonRecordedMessage,
  sharedAnswer,
  unknownAnswerMessage,
  votedUpMessage,
  votesUnavailableMessage,
} from './format/feedback.ts';
import { unknownButtonMessage } from './format/messages.ts';
import { reply, update } from './respond.ts';

function parseAskId(text: string): number | null {
  const id = Number(text);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** 👍 or 👎 on an answer: stored (or changed) at once; 👎 then offers the reasons, privately. */
export async function voteButton(
  interaction: ButtonInteraction,
  context: BotContext,
  action: 'up' | 'down',
  idText: string,
): Promise<void> {
  const askId = parseAskId(idText);
  if (askId === null) return reply(interaction, unknownButtonMessage(), { ephemeral: true });
  if (!context.community.available) return reply(interaction, votesUnavailableMessage(), { ephemeral: true });
  const tally = context.community.vote(askId, interaction.user.id, action === 'up' ? 1 : -1);
  if (tally === null) {
    const draft = context.community.available ? unknownAnswerMessage() : votesUnavailableMessage();
    return reply(interaction, draft, { ephemeral: true });
  }
  const draft = action === 'up' ? votedUpMessage(tally) : reasonPrompt(askId, tally);
  await reply(interaction, draft, { ephemeral: true });
}

/** The reason picked after 👎: stored with the vote; the prompt is replaced by a thank-you. */
export async function reasonSelected(
  interaction: StringSelectMenuInteraction,
  context: BotContext,
  idText: string,
): Promise<void> {
  const askId = parseAskId(idText);
  const reason = interaction.values[0] ?? '';
  if (askId === null || !isDownvoteReason(reason))
    return reply(interaction, unknownButtonMessage(), { ephemeral: true });
  const tally = context.community.vote(askId, interaction.user.id, -1, reason);
  if (tally === null) {
    const draft = context.community.available ? unknownAnswerMessage() : votesUnavailableMessage();
    return update(interaction, draft);
  }
  await update(interaction, reasonRecordedMessage(reason));
}

/**
 * Posts the passages of a private answer page to the channel, naming the member who shared them. A page shown by
 * another shard is not in this process's memory: the same search gives the same passages.
 */
export async function shareAnswer(
  interaction: ButtonInteraction,
  context: BotContext,
  state: AskState,
  offset: number,
): Promise<void> {
  let passages = state.shown.get(offset);
  let confidence = state.confidence instanceof Map ? state.confidence.get(offset) : undefined;
  if (passages === undefined || confidence === undefined) {
    const answer = await context.engine().ask(state.question, { ...state.options, offset });
    passages = answer.passages;
    confidence = answer.confidence;
  }
  if (passages.length === 0) return reply(interaction, nothingToShareMessage(), { ephemeral: true });
  await reply(
    interaction,
    sharedAnswer(interaction.user.id, { question: state.question, confidence }, passages),
  );
}
