/**
 * Extracts article pages off the main thread; started by ../extract-pool.ts, which kills it when a page takes
 * too long or too much memory. Answers each job with the text, nothing found, or why the page is unusable.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ExtractJob, ExtractOutcome, FromExtractWorker } from '../extract-pool.ts';
import { type ExtractLimits, extractArticle, UnusablePageError } from '../extract.ts';

import { notInWorker } from '../../errors.ts';
const port = parentPort;
if (!port) throw notInWorker('extract worker');

const limits = workerData as ExtractLimits;
const send = (msg: FromExtractWorker): void => port.postMessage(msg);

port.on('message', (job: ExtractJob) => {
  let outcome: ExtractOutcome;
  try {
    const found = extractArticle(job.html, job.url, limits);
    outcome = found ? { kind: 'article', ...found } : { kind: 'none' };
  } catch (error) {
    // Whatever linkedom or Readability throw on a malformed page is that page's problem, never the feed's.
    const message = error instanceof Error ? error.message : String(error);
    outcome = {
      kind: 'unusable',
      reason: error instanceof UnusablePageError ? message : `extraction failed: ${message}`,
    };
  }
  send({ kind: 'done', id: job.id, outcome });
});
send({ kind: 'ready' });
