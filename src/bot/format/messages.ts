/** Short replies the dispatcher and commands share: errors, cooldown, expired buttons, unknown commands. */
import type { ReplyDraft } from '../limits.ts';
import { plain } from './escape.ts';

export function errorMessage(interactionId: string): ReplyDraft {
  return {
    content: `Sorry, something went wrong while answering. It has been logged (reference ${interactionId}); please try again.`,
  };
}

export function unknownCommandMessage(name: string, known: readonly string[]): ReplyDraft {
  const list = known.map((n) => `\`/${n}\``).join(', ') || 'none';
  return {
    content:
      `I don't know the command \`/${plain(name)}\`. This bot answers ${list}. ` +
      'If you expected it, the command list may be out of date: an admin can run `npm run deploy-commands`.',
  };
}

export function expiredButtonMessage(): ReplyDraft {
  return {
    content:
      'This button has expired (buttons work for 15 minutes or until the bot restarts). Run `/ask` again.',
  };
}

export function unknownButtonMessage(): ReplyDraft {
  return {
    content: 'This button does not belong to anything I can answer any more. Run `/ask` or `/sources` again.',
  };
}

/** Uses Discord's relative timestamp, so every reader sees "in 4 seconds" in their own clock. */
export function cooldownMessage(retryAt: number, retryInSeconds: number): ReplyDraft {
  return {
    content: `You're asking a little fast. Please try again <t:${Math.ceil(retryAt / 1000)}:R> (in ${retryInSeconds} s).`,
  };
}

export function shuttingDownMessage(): ReplyDraft {
  return { content: 'The bot is restarting; please try again in a minute.' };
}

/** The search service (SEARCH_URL) is down or too slow: nothing is wrong with the question. */
export function searchUnavailableMessage(): ReplyDraft {
  return { content: 'The search service is not answering right now; please try again in a minute.' };
}
