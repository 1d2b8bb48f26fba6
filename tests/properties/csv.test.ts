/** Property tests for the CSV reader: whatever an RFC 4180 writer writes, it reads back, row lines included. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/ingest/csv.ts';

const field = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', ',', '"', '\n', '\r\n', 'é', "'") });
const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });

/** Quotes a field when it must (or always, when `all`), doubling its quotes. */
const write = (value: string, all: boolean): string =>
  all || /[",\r\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;

describe('parseCsv (properties)', () => {
  it('reads back every row an RFC 4180 writer wrote, with the line each row starts on', () => {
    fc.assert(
      fc.property(rows, fc.constantFrom('\n', '\r\n'), fc.boolean(), (table, eol, all) => {
        const lines = table.map((row) => row.map((v) => write(v, all)).join(',') + eol);
        const parsed = parseCsv(lines.join(''));
        expect(parsed.error).toBeUndefined();
        // Inside quotes a "\r\n" stays as written; the reader keeps the field's text exactly.
        expect(parsed.rows).toEqual(table);
        let line = 1;
        const expectedLines = lines.map((text) => {
          const start = line;
          line += text.split('\n').length - 1;
          return start;
        });
        expect(parsed.rowLines).toEqual(expectedLines);
      }),
    );
  });

  it('needs no final line break unless the last row is one empty field', () => {
    fc.assert(
      fc.property(rows, (table) => {
        // A last row of one empty field is `""` and nothing else: without a line break after it, it reads as
        // no row (such a row is no article anyway).
        fc.pre(!(table.at(-1)!.length === 1 && table.at(-1)![0] === ''));
        const text = table.map((row) => row.map((v) => write(v, false)).join(',')).join('\n');
        expect(parseCsv(text).rows).toEqual(table);
      }),
    );
  });

  it('an unterminated quote is an error on the line it opened, and the rows before it are kept', () => {
    fc.assert(
      fc.property(rows, field, (table, tail) => {
        const before = table.map((row) => row.map((v) => write(v, true)).join(',') + '\n').join('');
        const parsed = parseCsv(`${before}"${tail.replaceAll('"', '')}`);
        expect(parsed.rows).toEqual(table);
        expect(parsed.error?.line).toBe(before.split('\n').length);
      }),
    );
  });
});
