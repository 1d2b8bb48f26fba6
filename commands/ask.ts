/**
 * /ask: the best passages for a question, with citations, under the server's /settings. Also answers
 * autocomplete for `source`, the "More results", "Sources", 👍 / 👎 and "Share to channel" buttons on its
 * replies, and the select menu that asks why an answer was voted down.
 */
import { SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { AskState } from '../src/session/ask-store.ts';
import type { Command } from '../src/bot/command.ts';
import type { BotContext } from '../src/bot/context.ts';
import type { Engine } from '../src/types.ts';
import { formatAnswer } from '../src/bot/format/ask.ts';
import { sourceChoices } from '../src/bot/format/autocomplete.ts';
import { feedbackRow } from '../src/bot/format/feedback.ts';
import { cooldownMessage, expiredButtonMessage, unknownButtonMessage } from '../src/bot/format/messages.ts';
import { reasonSelected, shareAnswer, voteButton } from '../src/bot/feedback.ts';
import { appliedSettings, channelRefusal, visibleOutlets } from '../src/bot/server-settings.ts';
import { formatCitations } from '../src/bot/format/sources.ts';
import { defer, editReply, reply, suggest } from '../src/bot/respond.ts';
import { afterOption, beforeOption, inputRefusal, readFilters, sourceOption } from '../src/bot/options.ts';
import { plain } from '../src/bot/format/escape.ts';

const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask about the 2022 Russia–Ukraine crisis; get cited passages from the news corpus')
  .addStringOption((o) =>
    o.setName('question').setDescription('Your question').setRequired(true).setMinLength(3).setMaxLength(300),
  )
  .addIntegerOption((o) =>
    o.setName('k').setDescription('How many passages (1–8, default 3)').setMinValue(1).setMaxValue(8),
  )
  .addStringOption(sourceOption)
  .addStringOption(afterOption)
  .addStringOption(beforeOption)
  .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer'));

/** Runs one page of a stored ask and edits the deferred reply with it. */
async function answerPage(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  context: BotContext,
  stateId: string,
  state: AskState,
  offset: number,
): Promise<void> {
  const engine = context.engine();
  const answer = await engine.ask(state.question, { ...state.options, offset });
  const stats = await engine.stats();
  // Only the first page is an answer to vote on (and a question the gaps report counts once).
  const askId =
    offset === 0
      ? context.community.recordAsk(interaction.guildId, answer, generationOf(engine, stats), stats.embedder)
      : null;
  state.shown.set(offset, answer.passages);
  if (answer.passages.length > 0) {
    context.asks.remember(interaction.channelId ?? 'dm', interaction.user.id, {
      question: state.question,
      passages: answer.passages,
    });
  } else if (offset === 0) context.asks.forget(interaction.channelId ?? 'dm', interaction.user.id);
  const draft = formatAnswer(answer, {
    stateId,
    offset,
    filters: state.options,
    indexedArticles: stats.articles,
    excludedAnswering:
      offset === 0 && answer.passages.length === 0 ? await excludedAnswering(engine, state) : [],
  });
  if (answer.passages.length > 0) {
    const share = state.private ? { stateId, offset } : null;
    draft.components = [...(draft.components ?? []), ...feedbackRow({ askId, share })];
  }
  // A state read back from the search service carries no Map (JSON); this process's own pages do.
  if (!(state.confidence instanceof Map)) state.confidence = new Map();
  state.confidence.set(offset, answer.confidence);
  await editReply(interaction, draft);
}

/**
 * When nothing answers under the server's exclusions: the excluded outlets that would have (asked again without
 * them), so the reply says the exclusion is why, not that the corpus lacks the topic. [] when none would.
 */
async function excludedAnswering(engine: Engine, state: AskState): Promise<string[]> {
  const { excludeSources = [], ...options } = state.options;
  if (excludeSources.length === 0) return [];
  const unfiltered = await engine.ask(state.question, { ...options, offset: 0 });
  if (unfiltered.confidence === 'none') return [];
  const excluded = new Set(excludeSources.map((s) => s.toLowerCase()));
  const sources = unfiltered.passages
    .map((p) => p.citation.source)
    .filter((s): s is string => s !== null && excluded.has(s.toLowerCase()));
  return [...new Set(sources)];
}

/** The generation's name where the engine tells it (SearchEngine does), else when it was written. */
function generationOf(engine: object, stats: { indexedAt: string }): string {
  const named = (engine as { generation?: unknown }).generation;
  return typeof named === 'string' ? named : stats.indexedAt;
}

export default {
  data,
  async execute(interaction, context) {
    const filters = readFilters(interaction);
    const question = interaction.options.getString('question', true).trim();
    const k = interaction.options.getInteger('k');
    const refusal = await inputRefusal(context.engine(), question, {
      ...filters,
      ...(k === null ? {} : { k }),
    });
    if (refusal !== null) return reply(interaction, { content: plain(refusal) }, { ephemeral: true });
    const settings = await appliedSettings(context, interaction.guildId);
    const elsewhere = channelRefusal(settings, interaction.channelId);
    if (elsewhere !== null) return reply(interaction, { content: elsewhere }, { ephemeral: true });
    const verdict = await context.cooldowns.take(interaction.user.id, settings.cooldownSeconds ?? undefined);
    if (!verdict.ok)
      return reply(interaction, cooldownMessage(verdict.retryAt, verdict.retryInSeconds), {
        ephemeral: true,
      });
    const isPrivate = interaction.options.getBoolean('private') ?? settings.private;
    await defer(interaction, { ephemeral: isPrivate });
    const state: AskState = {
      question,
      options: {
        k: k ?? settings.k,
        ...filters,
        ...(settings.excludeSources.length === 0 ? {} : { excludeSources: settings.excludeSources }),
      },
      private: isPrivate,
      userId: interaction.user.id,
      shown: new Map(),
    };
    await answerPage(interaction, context, await context.asks.save(state), state, 0);
  },
  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'source') return suggest(interaction, []);
    await suggest(
      interaction,
      sourceChoices(await visibleOutlets(context, interaction.guildId), focused.value),
    );
  },
  async button(interaction, context, [action, id = '', offsetText = '0']) {
    if (action === 'up' || action === 'down') return voteButton(interaction, context, action, id);
    const state = await context.asks.get(id);
    if (state === null) return reply(interaction, expiredButtonMessage(), { ephemeral: true });
    const offset = Number.parseInt(offsetText, 10) || 0;
    if (action === 'share') return shareAnswer(interaction, context, state, offset);
    if (action === 'sources') {
      // A page shown by another shard is not in this one's memory: the same search gives the same passages.
      const shown =
        state.shown.get(offset) ??
        (await context.engine().ask(state.question, { ...state.options, offset })).passages;
      return reply(interaction, formatCitations(state.question, shown), {
        ephemeral: true,
      });
    }
    // "More results" posts the next page as a new message, keeping the earlier page readable above it.
    await defer(interaction, { ephemeral: state.private });
    await answerPage(interaction, context, id, state, offset);
  },
  async select(interaction, context, [action, id = '']) {
    if (action === 'why') return reasonSelected(interaction, context, id);
    await reply(interaction, unknownButtonMessage(), { ephemeral: true });
  },
} satisfies Command;
