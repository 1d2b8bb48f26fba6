import { describe, expect, it } from 'vitest';
import { decodeBody, headerCharset } from '../../src/feeds/charset.ts';

const cp1251 = (prefix: string, suffix: string): Buffer =>
  Buffer.concat([
    Buffer.from(prefix, 'latin1'),
    Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]),
    Buffer.from(suffix, 'latin1'),
  ]);

describe('decodeBody', () => {
  it('reads the charset from the header, then the XML prolog, then the HTML meta', () => {
    expect(decodeBody(cp1251('', ''), 'text/html; charset="windows-1251"')).toEqual({
      text: 'Привет',
      charset: 'windows-1251',
      warning: null,
    });
    expect(
      decodeBody(cp1251('<?xml version="1.0" encoding="windows-1251"?><t>', '</t>'), 'application/rss+xml')
        .text,
    ).toBe('<?xml version="1.0" encoding="windows-1251"?><t>Привет</t>');
    expect(
      decodeBody(cp1251('<html><head><meta charset=windows-1251></head><p>', ''), 'text/html').text,
    ).toMatch(/Привет$/);
    expect(
      decodeBody(
        cp1251('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>', ''),
        'text/html',
      ).text,
    ).toMatch(/Привет$/);
  });

  it('lets the header win over the prolog, and a byte order mark over both', () => {
    expect(
      decodeBody(cp1251('<?xml version="1.0" encoding="utf-8"?>', ''), 'text/xml; charset=windows-1251')
        .charset,
    ).toBe('windows-1251');
    expect(decodeBody(Buffer.from('\ufeffПривет', 'utf8'), 'text/html; charset=windows-1251')).toEqual({
      text: 'Привет',
      charset: 'utf-8',
      warning: null,
    });
  });

  it('warns for a charset it does not know, and for undeclared bytes that are not UTF-8', () => {
    expect(decodeBody(Buffer.from('ok'), 'text/html; charset=x-unknown').warning).toBe(
      'expected a charset TextDecoder knows, got "x-unknown" (Content-Type header); read as UTF-8',
    );
    expect(decodeBody(cp1251('<p>', ''), 'text/html').warning).toBe(
      'no charset declared and the bytes are not UTF-8; read as UTF-8 (some characters are lost)',
    );
    expect(decodeBody(Buffer.from('<p>plain</p>'), 'text/html').warning).toBeNull();
  });

  it('reads the charset parameter of a Content-Type', () => {
    expect(headerCharset('text/html; charset=UTF-8')).toBe('UTF-8');
    expect(headerCharset('application/xml;charset="koi8-r"; q=1')).toBe('koi8-r');
    expect(headerCharset('text/html')).toBeNull();
  });
});
