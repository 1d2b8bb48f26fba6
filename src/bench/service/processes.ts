/** Child processes for the scaling benchmark: simulated shards and `npm run serve`, and their RSS. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../../config.ts';
import type { ToShard } from './shard-sim.ts';
import { CrisisDeskError } from '../../errors.ts';

const SHARD = fileURLToPath(new URL('./shard-sim.ts', import.meta.url));
const SERVE = fileURLToPath(new URL('../../cli/serve.ts', import.meta.url));

function spawnTs(file: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: childEnv(env),
  });
}

/** Resident memory of a process in MB, from /proc (Linux), taken by the parent so it costs the child nothing. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

/**
 * CPU seconds (user + system, all threads) a process has used, from /proc/<pid>/stat. Under contention from
 * other work on the machine, CPU per question is steadier than questions/s: it says what a question costs.
 */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line (12 and 13 after the name); Linux counts 100 ticks a second.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface Shard {
  pid: number;
  request<T>(msg: ToShard): Promise<T>;
  stop(): Promise<void>;
}

export async function startShard(mode: 'local' | 'remote', target: string, token?: string): Promise<Shard> {
  const child = spawnTs(SHARD, [mode, target, ...(token ? [token] : [])]);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void =>
        reject(new CrisisDeskError('BenchError', `shard exited (${code}): ${stderr}`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as T);
      });
    });
  await next();
  return {
    pid: child.pid!,
    request: <T>(msg: ToShard) => {
      const reply = next<T>();
      child.send(msg);
      return reply;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ cmd: 'exit' } satisfies ToShard);
      }),
  };
}

export interface ServiceProcess {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** `npm run serve` on a free loopback port with `workers` engines; resolves once it listens. */
export async function startServe(dataDir: string, workers: number, token: string): Promise<ServiceProcess> {
  const child = spawnTs(SERVE, [], {
    DATA_DIR: dataDir,
    SERVE_PORT: '0',
    SERVE_WORKERS: String(workers),
    SEARCH_TOKEN: token,
    SERVE_RATE_LIMIT: '0',
    LOG_LEVEL: 'info',
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    let found = false;
    // Request logs (one JSON line each, as in production) keep coming; only the start-up lines are kept.
    child.stderr!.on('data', (d: Buffer) => {
      if (found) return;
      buffer = (buffer + d.toString()).slice(-20_000);
      const line = buffer.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) {
        found = true;
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.once('exit', (code) =>
      reject(new CrisisDeskError('BenchError', `npm run serve exited (${code}): ${buffer.slice(-2000)}`)),
    );
  });
  return {
    pid: child.pid!,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
