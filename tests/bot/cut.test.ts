import { describe, expect, it } from 'vitest';
import { clip, clipStart } from '../../src/bot/format/cut.ts';
import { unescapedBoldMarkers } from '../helpers/discord-limits.ts';

describe('clip', () => {
  it('returns text that fits unchanged', () => {
    expect(clip('Short text.', 20)).toBe('Short text.');
  });

  it('prefers a sentence end when it keeps most of the room', () => {
    const text = 'Troops massed at the border for weeks. Talks in Geneva failed to ease tension today.';
    expect(clip(text, 60)).toBe('Troops massed at the border for weeks.…');
  });

  it('falls back to a word boundary, never mid-word', () => {
    const text = 'A long sentence without any full stop that goes on and on about sanctions';
    const out = clip(text, 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out).toMatch(/^A long sentence without any…$/);
  });

  it('never cuts inside a masked link', () => {
    const text =
      'See [the full report on the talks](https://example.com/a/very/long/path) for more details today';
    for (let max = 5; max < text.length; max++) {
      const out = clip(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      const opened = out.includes('[the');
      if (opened) expect(out).toContain('(https://example.com/a/very/long/path)');
    }
  });

  it('never cuts inside a bare URL or an escape', () => {
    const text = 'Read https://example.com/some/long/url and \\*stars\\* here';
    for (let max = 1; max < text.length; max++) {
      const out = clip(text, max);
      if (out.includes('https')) expect(out).toContain('https://example.com/some/long/url');
      expect(out.replace(/\\[\s\S]/g, '')).not.toMatch(/\\/);
    }
  });

  it('closes bold it cut through', () => {
    const text = 'Before. **The highlighted sentence is long and goes on past the limit here.** After.';
    for (let max = 12; max < text.length; max++) {
      const out = clip(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(unescapedBoldMarkers(out) % 2).toBe(0);
    }
  });

  it('does not split a surrogate pair', () => {
    const out = clip('🇺🇦🇺🇦🇺🇦🇺🇦🇺🇦', 6);
    expect(out.length).toBeLessThanOrEqual(6);
    expect(() => encodeURIComponent(out)).not.toThrow();
  });
});

describe('clipStart', () => {
  it('keeps the end, starting at a sentence or word', () => {
    const text = 'First sentence is here. Second sentence comes right before the answer';
    const out = clipStart(text, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out).toBe('…Second sentence comes right before the answer');
  });

  it('never starts inside a link', () => {
    const text = 'Intro [a linked title](https://example.com/x) and the rest of the context';
    for (let max = 3; max < text.length; max++) {
      const out = clipStart(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      if (out.includes('](')) expect(out).toContain('[a linked title](https://example.com/x)');
    }
  });
});
