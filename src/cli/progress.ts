/** Indexing progress for people: a redrawn bar on a terminal, a few plain lines otherwise. */
import type { IndexProgress } from '../types.ts';

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: IndexProgress) => void {
  const tty = stream.isTTY === true;
  let lastStage = '';
  let lastTenth = -1;
  return (p) => {
    // A stage with nothing to do (no files named in a feeds-only run) is no progress worth a line: "reading: 0/0".
    if (p.total === 0 && p.stage !== 'done') return;
    const share = p.total > 0 ? p.done / p.total : 1;
    if (tty) {
      const width = 30;
      const filled = Math.round(share * width);
      stream.write(
        `\r${p.stage.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}   `,
      );
      if (p.stage === 'done') stream.write('\n');
      return;
    }
    const tenth = Math.floor(share * 10);
    if (p.stage !== lastStage || tenth > lastTenth) {
      if (p.stage !== 'done') stream.write(`${p.stage}: ${p.done}/${p.total}\n`);
      lastStage = p.stage;
      lastTenth = tenth;
    }
  };
}
