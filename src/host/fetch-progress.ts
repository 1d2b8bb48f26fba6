/** Model-fetch progress for people: a redrawn bar on a terminal, a few plain lines otherwise. */
import type { FetchProgress } from '../models/fetch.ts';

export interface FetchProgressPrinter {
  update(progress: FetchProgress): void;
  /** A line of its own (a source that failed), kept clear of the bar. */
  log(line: string): void;
  /** Finishes the bar's line. */
  end(): void;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Keeps the bar on one terminal line: a long step (a Maven coordinate) keeps its end. */
function fit(label: string, width: number): string {
  return label.length <= width ? label : `…${label.slice(label.length - width + 1)}`;
}

function amount(p: FetchProgress): string {
  return p.unit === 'bytes'
    ? `${megabytes(p.done)} of ${megabytes(p.total)}`
    : `step ${p.done} of ${p.total}`;
}

export function fetchProgressPrinter(stream: NodeJS.WriteStream = process.stderr): FetchProgressPrinter {
  const tty = stream.isTTY === true;
  let drawn = false;
  let lastFile = '';
  let lastQuarter = -1;
  const clear = (): void => {
    if (drawn) stream.write('\n');
    drawn = false;
  };
  return {
    update(p) {
      const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      if (tty) {
        if (p.file !== lastFile) clear();
        const width = 30;
        const filled = Math.round(share * width);
        stream.write(
          `\r${fit(p.file, 48)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${amount(p)}   `,
        );
        drawn = true;
      } else {
        // Steps are few: print each. Bytes: the start and every quarter.
        const quarter = Math.floor(share * 4);
        if (p.unit === 'steps' || p.file !== lastFile || quarter > lastQuarter) {
          stream.write(`${p.file}: ${amount(p)}\n`);
        }
        lastQuarter = p.file !== lastFile ? quarter : Math.max(quarter, lastQuarter);
      }
      lastFile = p.file;
    },
    log(line) {
      clear();
      stream.write(`${line}\n`);
    },
    end: clear,
  };
}
