/** A small RFC 4180 CSV reader: quoted fields may hold commas, newlines and doubled quotes. */

export interface CsvResult {
  rows: string[][];
  /** 1-based line on which each row starts. */
  rowLines: number[];
  /** Set when the input ends inside a quoted field; rows before it are still returned. */
  error?: { line: number; reason: string };
}

export function parseCsv(content: string): CsvResult {
  const rows: string[][] = [];
  const rowLines: number[] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let rowStart = 1;
  let quoteStart = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (content[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      inQuotes = true;
      quoteStart = line;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && content[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      rowLines.push(rowStart);
      row = [];
      field = '';
      line++;
      rowStart = line;
    } else field += c;
  }
  if (inQuotes) {
    return {
      rows,
      rowLines,
      error: { line: quoteStart, reason: 'unterminated quoted field (expected a closing ")' },
    };
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
    rowLines.push(rowStart);
  }
  return { rows, rowLines };
}
