import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { embedLength, fitChoices, fitReply } from '../../src/bot/limits.ts';
import { expectWithinDiscordLimits, unescapedBoldMarkers } from '../helpers/discord-limits.ts';

const sentence = 'Officials said the talks would continue next week in Geneva. ';

describe('fitReply', () => {
  it('always disables mentions and never sends an empty message', () => {
    expect(fitReply({})).toEqual({
      content: '(nothing to show)',
      embeds: [],
      components: [],
      allowedMentions: { parse: [] },
    });
    expect(fitReply({ content: 'hi @everyone' }).allowedMentions).toEqual({ parse: [] });
  });

  it('clips content to 2,000 characters at a sentence boundary', () => {
    const out = fitReply({ content: sentence.repeat(100) });
    expect(out.content!.length).toBeLessThanOrEqual(2000);
    expect(out.content).toMatch(/Geneva\.…$/);
  });

  it('keeps every embed limit and the 6,000 total for huge embeds, closing bold it cut', () => {
    const description = `${sentence.repeat(20)}**${sentence.repeat(60)}**${sentence.repeat(20)}`;
    const embeds = Array.from({ length: 14 }, (_, i) => ({
      title: `Title ${i} `.repeat(60),
      description,
      fields: Array.from({ length: 30 }, (_, j) => ({
        name: `Field ${j} `.repeat(40),
        value: sentence.repeat(30),
      })),
      footer: { text: 'Footer '.repeat(400) },
    }));
    const out = fitReply({ content: 'x', embeds });
    expectWithinDiscordLimits({ ...out, allowed_mentions: out.allowedMentions });
    for (const e of out.embeds) expect(unescapedBoldMarkers(e.description ?? '') % 2).toBe(0);
  });

  it('shrinks the longest descriptions first to meet the total', () => {
    const out = fitReply({
      embeds: [
        { title: 'short', description: 'A short one.' },
        { title: 'long', description: sentence.repeat(70) },
        { title: 'long too', description: sentence.repeat(70) },
      ],
    });
    expect(out.embeds).toHaveLength(3);
    expect(out.embeds[0]!.description).toBe('A short one.');
    expect(out.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
  });

  it('keeps at most 5 buttons a row and 5 rows, clips labels, and rejects a custom_id over 100', () => {
    const button = (id: string) => ({
      type: ComponentType.Button as const,
      style: ButtonStyle.Primary as const,
      label: 'L'.repeat(90),
      custom_id: id,
    });
    const row = {
      type: ComponentType.ActionRow as const,
      components: Array.from({ length: 7 }, (_, i) => button(`b:${i}`)),
    };
    const out = fitReply({ content: 'x', components: Array.from({ length: 6 }, () => row) });
    expect(out.components).toHaveLength(5);
    expect(out.components[0]!.components).toHaveLength(5);
    const first = out.components[0]!.components[0]!;
    expect('label' in first ? first.label!.length : 0).toBeLessThanOrEqual(80);
    expect(() =>
      fitReply({ content: 'x', components: [{ ...row, components: [button('x'.repeat(101))] }] }),
    ).toThrow('crisis-desk: button custom_id must be at most 100 characters, got 101');
  });
});

describe('fitChoices', () => {
  it('keeps 25 choices, cuts names to 100 and drops values that cannot be sent', () => {
    const choices = Array.from({ length: 40 }, (_, i) => ({
      name: `Outlet ${i} `.repeat(20),
      value: `Outlet ${i}`,
    }));
    const out = fitChoices([{ name: 'too long value', value: 'v'.repeat(101) }, ...choices]);
    expect(out).toHaveLength(25);
    expect(out.every((c) => c.name.length <= 100 && c.value.length <= 100)).toBe(true);
    expect(out[0]!.value).toBe('Outlet 0');
  });
});
