/**
 * The community loop on an answer: 👍 / 👎 buttons (👎 then asks why with a select menu), "Share to channel"
 * on private answers, and the short replies to each. Plain JSON out, like every formatter.
 */
import { ButtonStyle, ComponentType } from 'discord.js';
import {
  DOWNVOTE_REASONS,
  REASON_LABELS,
  type DownvoteReason,
  type VoteTally,
} from '../../state/feedback.ts';
import type { Answer, Passage } from '../../types.ts';
import { customId } from '../command.ts';
import type { ButtonRow, ReplyDraft, SelectRow } from '../limits.ts';
import { RELATED_NOTE, passageEmbeds } from './ask.ts';
import { plain } from './escape.ts';

/** The row under an answer: 👍 and 👎 when its votes can be stored, "Share to channel" when it is private. */
export function feedbackRow(view: {
  askId: number | null;
  share: { stateId: string; offset: number } | null;
}): ButtonRow[] {
  const buttons: ButtonRow['components'] = [];
  if (view.askId !== null) {
    buttons.push(
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        emoji: { name: '👍' },
        label: 'Helpful',
        custom_id: customId('ask', 'up', view.askId),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        emoji: { name: '👎' },
        label: 'Not helpful',
        custom_id: customId('ask', 'down', view.askId),
      },
    );
  }
  if (view.share !== null) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: 'Share to channel',
      custom_id: customId('ask', 'share', view.share.stateId, view.share.offset),
    });
  }
  return buttons.length === 0 ? [] : [{ type: ComponentType.ActionRow, components: buttons }];
}

function tallyText(tally: VoteTally): string {
  return `this answer now has ${tally.up} 👍 and ${tally.down} 👎`;
}

export function votedUpMessage(tally: VoteTally): ReplyDraft {
  return {
    content: `Thanks — your 👍 is recorded (${tallyText(tally)}). You can change your vote any time.`,
  };
}

/** After 👎: the vote is stored at once, and the select lets the member say why. */
export function reasonPrompt(askId: number, tally: VoteTally): ReplyDraft {
  const select: SelectRow = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId('ask', 'why', askId),
        placeholder: 'What was wrong with it?',
        min_values: 1,
        max_values: 1,
        options: DOWNVOTE_REASONS.map((r) => ({ label: REASON_LABELS[r], value: r })),
      },
    ],
  };
  return {
    content: `Your 👎 is recorded (${tallyText(tally)}). What was wrong with the answer? It helps the admins who feed the corpus.`,
    components: [select],
  };
}

export function reasonRecordedMessage(reason: DownvoteReason): ReplyDraft {
  return { content: `Thanks — noted: **${REASON_LABELS[reason]}**. You can change your vote any time.` };
}

export function votesUnavailableMessage(): ReplyDraft {
  return {
    content:
      "Votes can't be recorded right now (the bot's state database is unavailable); the answer itself is fine.",
  };
}

export function unknownAnswerMessage(): ReplyDraft {
  return { content: 'I no longer know that answer, so the vote was not recorded. Run `/ask` again.' };
}

/** The public copy of a private answer: the same passages, naming the member who shared it. */
export function sharedAnswer(
  userId: string,
  answer: Pick<Answer, 'question' | 'confidence'>,
  passages: readonly Passage[],
): ReplyDraft {
  const related = answer.confidence === 'related' ? `\n${RELATED_NOTE}` : '';
  return {
    content: `<@${userId}> shared an answer from /ask\n**Q:** ${plain(answer.question)}${related}`,
    embeds: passageEmbeds(passages),
  };
}

export function nothingToShareMessage(): ReplyDraft {
  return { content: 'That answer quoted no passages, so there is nothing to share.' };
}
