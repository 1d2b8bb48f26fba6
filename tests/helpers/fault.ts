/**
 * Helpers for the fault-injection suite (tests/reliability/): running tests/helpers/index-child.ts with faults,
 * and taking byte-exact snapshots of a data folder, so "nothing changed" is asserted file by file.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article, IndexSummary } from '../../src/types.ts';
import { REPO_ROOT } from './articles.ts';

const CHILD = path.join(REPO_ROOT, 'tests', 'helpers', 'index-child.ts');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
  stderr: string;
  summary: IndexSummary | null;
  /** `<name> <message>` of the error the child reported, if any. */
  error: string | null;
}

export interface ChildOptions {
  /** Articles (written to a JSON file in `work`) or, with `inputs`, paths read as the CLI reads them. */
  articles?: readonly Article[];
  inputs?: readonly string[];
  /** Folder for the articles file. */
  work?: string;
  env?: Record<string, string>;
  msPerBatch?: number;
  /** Run as this user id (and group id), e.g. 65534 (nobody) to meet permission bits as root. */
  uid?: number;
}

/**
 * A temp folder `uid` may write: tsx keeps its cache under the temp folder, and /tmp is not always writable by
 * everyone (mode 755 in some containers), so a child dropped to `nobody` could not even start.
 */
function scratchFor(uid: number): string {
  const dir = path.join(os.tmpdir(), `crisis-desk-scratch-${uid}`);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o1777);
  return dir;
}

/** Runs the index child to its end (exit or kill) and collects what it printed. */
export async function runIndexChild(dataDir: string, options: ChildOptions): Promise<ChildResult> {
  let source = '-';
  if (options.articles) {
    source = path.join(options.work ?? dataDir, `articles-${process.hrtime.bigint()}.json`);
    await writeFile(source, JSON.stringify(options.articles));
  }
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, dataDir, source, String(options.msPerBatch ?? 0)],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...(options.inputs ? { INDEX_INPUTS: JSON.stringify(options.inputs) } : {}),
        ...(options.uid === undefined ? {} : { TMPDIR: scratchFor(options.uid) }),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, s) => resolve({ code: c, signal: s }));
    },
  );
  const lines = stdout.split('\n').filter(Boolean);
  const summaryLine = lines.find((l) => l.startsWith('summary '));
  const errorLine = lines.find((l) => l.startsWith('error '));
  return {
    code,
    signal,
    lines,
    stderr,
    summary: summaryLine ? (JSON.parse(summaryLine.slice(8)) as IndexSummary) : null,
    error: errorLine ? errorLine.slice(6) : null,
  };
}

/** Every file under `dir` (recursively, hidden ones too) with its sha256: equal snapshots, equal folders. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (sub: string): Promise<void> => {
    for (const e of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, e.name);
      if (e.isDirectory()) {
        out[`${rel}/`] = 'folder';
        await walk(rel);
      } else {
        out[rel] = createHash('sha256')
          .update(await readFile(path.join(dir, rel)))
          .digest('hex');
      }
    }
  };
  await walk('');
  return out;
}
