/**
 * The one length-budget helper every reply goes through. Discord rejects a whole message when any single
 * limit is exceeded, so `fitReply` clips text (at sentence or word boundaries, never inside a link or an
 * emphasis span, see format/cut.ts), shrinks the longest embed descriptions to meet the 6,000-character total,
 * and always turns pings off.
 */
import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIEmbed,
  APIEmbedField,
  APIStringSelectComponent,
} from 'discord.js';
import { ComponentType } from 'discord.js';
import { displaySafe } from '../terminal.ts';
import { clip } from './format/cut.ts';
import { CrisisDeskError } from '../errors.ts';

/** Discord's documented limits (https://discord.com/developers/docs/resources/message). */
export const DISCORD_LIMITS = Object.freeze({
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  selectOptions: 25,
  selectOptionLabel: 100,
});

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;
/** A row holding one string select menu (e.g. the reasons for a vote down). */
export type SelectRow = APIActionRowComponent<APIStringSelectComponent>;
export type ComponentRow = ButtonRow | SelectRow;

/** What formatters build: plain JSON, no discord.js classes, so tests can inspect it directly. */
export interface ReplyDraft {
  content?: string;
  embeds?: APIEmbed[];
  components?: ComponentRow[];
}

/** A draft after `fitReply`: within every limit and unable to ping anyone. */
export interface FittedReply {
  content?: string;
  embeds: APIEmbed[];
  components: ComponentRow[];
  allowedMentions: { parse: [] };
}

/** Characters Discord counts toward an embed's 6,000 total. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    fields
  );
}

function fitEmbed(embed: APIEmbed): APIEmbed {
  const L = DISCORD_LIMITS;
  const out: APIEmbed = { ...embed };
  if (embed.title !== undefined) out.title = clip(embed.title, L.embedTitle);
  if (embed.description !== undefined) out.description = clip(embed.description, L.embedDescription);
  if (embed.footer !== undefined) out.footer = { ...embed.footer, text: clip(embed.footer.text, L.footer) };
  if (embed.author !== undefined)
    out.author = { ...embed.author, name: clip(embed.author.name, L.authorName) };
  if (embed.fields !== undefined) {
    out.fields = embed.fields.slice(0, L.fields).map((f): APIEmbedField => ({
      ...f,
      name: clip(f.name, L.fieldName) || '\u200b',
      value: clip(f.value, L.fieldValue) || '\u200b',
    }));
  }
  return out;
}

/** Shrinks the longest descriptions first, then drops trailing embeds, until the total fits. */
function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  const out = embeds.slice(0, DISCORD_LIMITS.embeds);
  const minimum = 120;
  for (;;) {
    const excess = out.reduce((n, e) => n + embedLength(e), 0) - DISCORD_LIMITS.embedTotal;
    if (excess <= 0) return out;
    const longest = out.reduce<APIEmbed | undefined>(
      (best, e) => ((e.description?.length ?? 0) > (best?.description?.length ?? 0) ? e : best),
      undefined,
    );
    const length = longest?.description?.length ?? 0;
    if (longest === undefined || length <= minimum) {
      out.pop();
      continue;
    }
    // Take the whole excess from the longest, but not below the minimum; the loop spreads the rest.
    longest.description = clip(longest.description!, Math.max(minimum, length - excess));
  }
}

/** A clipped custom_id would route to the wrong handler, so a long one is a bug to surface, not to hide. */
function checkCustomId(id: string, what: string): void {
  if (id.length > DISCORD_LIMITS.customId) {
    throw new CrisisDeskError(
      'InvariantError',
      `${what} custom_id must be at most ${DISCORD_LIMITS.customId} characters, got ${id.length}`,
    );
  }
}

function fitSelectRow(row: SelectRow): SelectRow {
  return {
    ...row,
    components: row.components.slice(0, 1).map((menu) => {
      checkCustomId(menu.custom_id, 'select menu');
      return {
        ...menu,
        options: menu.options.slice(0, DISCORD_LIMITS.selectOptions).map((o) => ({
          ...o,
          label: clip(o.label, DISCORD_LIMITS.selectOptionLabel),
        })),
      };
    }),
  };
}

function fitComponents(rows: ComponentRow[]): ComponentRow[] {
  return rows
    .slice(0, DISCORD_LIMITS.actionRows)
    .map((row) =>
      row.components[0]?.type === ComponentType.StringSelect
        ? fitSelectRow(row as SelectRow)
        : fitButtonRow(row as ButtonRow),
    );
}

function fitButtonRow(row: ButtonRow): ButtonRow {
  return {
    ...row,
    components: row.components.slice(0, DISCORD_LIMITS.buttonsPerRow).map((button) => {
      if ('custom_id' in button) checkCustomId(button.custom_id, 'button');
      return 'label' in button && button.label !== undefined
        ? { ...button, label: clip(button.label, DISCORD_LIMITS.buttonLabel) }
        : button;
    }),
  };
}

/** The display text of an embed without controls or bidi overrides; URLs and numbers as they are. */
function safeEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = displaySafe(out.title);
  if (out.description !== undefined) out.description = displaySafe(out.description);
  if (out.fields)
    out.fields = out.fields.map((f) => ({ ...f, name: displaySafe(f.name), value: displaySafe(f.value) }));
  if (out.footer) out.footer = { ...out.footer, text: displaySafe(out.footer.text) };
  if (out.author) out.author = { ...out.author, name: displaySafe(out.author.name) };
  return out;
}

/** Labels and placeholders of buttons and menus, as safeEmbed; custom ids and option values untouched. */
function safeRow(row: ComponentRow): ComponentRow {
  return {
    ...row,
    components: row.components.map((c) => {
      const out = { ...c } as Record<string, unknown>;
      for (const key of ['label', 'placeholder'] as const)
        if (typeof out[key] === 'string') out[key] = displaySafe(out[key]);
      if (Array.isArray(out.options)) {
        out.options = (out.options as { label: string; description?: string }[]).map((o) => ({
          ...o,
          label: displaySafe(o.label),
          ...(o.description === undefined ? {} : { description: displaySafe(o.description) }),
        }));
      }
      return out;
    }),
  } as unknown as ComponentRow;
}

/**
 * Makes `draft` safe to send: control characters and bidi overrides removed from every shown text (a title
 * with U+202E would show reversed; ESC and BEL have no place in a message), every limit respected, mentions
 * disabled, never an empty message.
 */
export function fitReply(unsafe: ReplyDraft): FittedReply {
  const draft: ReplyDraft = {
    ...(unsafe.content === undefined ? {} : { content: displaySafe(unsafe.content) }),
    ...(unsafe.embeds ? { embeds: unsafe.embeds.map(safeEmbed) } : {}),
    ...(unsafe.components ? { components: unsafe.components.map(safeRow) } : {}),
  };
  const embeds = fitTotal((draft.embeds ?? []).map(fitEmbed));
  const content = draft.content === undefined ? undefined : clip(draft.content, DISCORD_LIMITS.content);
  const reply: FittedReply = {
    embeds,
    components: fitComponents(draft.components ?? []),
    allowedMentions: { parse: [] },
  };
  if (content !== undefined && content.length > 0) reply.content = content;
  else if (embeds.length === 0) reply.content = '(nothing to show)';
  // An edit must clear earlier content explicitly; an empty string does that.
  else reply.content = '';
  return reply;
}

/** Autocomplete answers: at most 25, names cut to 100; a value that is too long cannot be cut safely. */
export function fitChoices(
  choices: readonly { name: string; value: string }[],
): { name: string; value: string }[] {
  return choices
    .filter((c) => c.value.length > 0 && c.value.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, DISCORD_LIMITS.choices)
    .map((c) => ({
      name: cutPlain(displaySafe(c.name), DISCORD_LIMITS.choiceName) || c.value,
      value: c.value,
    }));
}

/** Choice names are not Markdown: cut at the last space that fits, else hard. */
function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, space > max / 2 ? space : max - 1).trimEnd()}…`;
}
