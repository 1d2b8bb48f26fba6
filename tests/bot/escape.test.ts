import { describe, expect, it } from 'vitest';
import { escapeMarkdown, maskedLink, plain, safeUrl } from '../../src/bot/format/escape.ts';

describe('escapeMarkdown', () => {
  it('defuses mentions, everyone pings and formatting', () => {
    const out = escapeMarkdown(
      'Hi @everyone and @here, <@123> <@&456> <#789> **bold** __u__ ~~s~~ ||spoiler|| `code`',
    );
    expect(out).not.toMatch(/@everyone|@here/);
    expect(out).toContain('@\u200beveryone');
    expect(out).toContain('\\<@123\\>');
    expect(out).toContain('\\*\\*bold\\*\\*');
    expect(out).toContain('\\|\\|spoiler\\|\\|');
    expect(out).toContain('\\`code\\`');
  });

  it('stops article text from making links, headings, quotes or lists', () => {
    expect(escapeMarkdown('[click](https://evil.example)')).toBe('\\[click\\](https://evil.example)');
    expect(escapeMarkdown('# Heading')).toBe('\\# Heading');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('-# subtext')).toBe('\\-# subtext');
  });

  it('escapes backslashes so they cannot un-escape what follows', () => {
    expect(escapeMarkdown('\\*')).toBe('\\\\\\*');
  });
});

describe('links', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('/relative')).toBeNull();
    expect(safeUrl(null)).toBeNull();
    expect(safeUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
  });

  it('percent-encodes characters that would end a masked link early', () => {
    expect(maskedLink('Title', 'https://example.com/wiki/War_(2022)')).toBe(
      '[Title](https://example.com/wiki/War_%282022%29)',
    );
  });

  it('escapes the label and drops a link it cannot trust', () => {
    expect(maskedLink('**x** [y]', 'https://example.com')).toBe(
      '[\\*\\*x\\*\\* \\[y\\]](https://example.com/)',
    );
    expect(maskedLink('Title', 'ftp://example.com')).toBe('Title');
  });

  it('plain() collapses line breaks so block syntax cannot start mid-passage', () => {
    expect(plain('one\n# two\n\n> three')).toBe('one # two \\> three');
  });
});
