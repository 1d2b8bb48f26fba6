/**
 * The scaling benchmark (issue 13): memory of N shards that each hold the index against N shards sharing one
 * search service, and questions/s with concurrent askers in-process, through the service with 1 and 2 worker
 * threads, and through two single-engine service processes (what a cluster of processes would do).
 */
import { randomBytes } from 'node:crypto';
import { RemoteEngine } from '../../search/remote.ts';
import { ServiceClient } from '../../service/client.ts';
import { type LoadResult, runAskers } from './askers.ts';
import { rssMb, type ServiceProcess, startServe, startShard } from './processes.ts';

export interface ServiceBenchOptions {
  dataDir: string;
  shards: number[];
  workers: number[];
  askers: number;
  passes: number;
  log: (line: string) => void;
}

export interface ServiceBenchReport {
  throughput: { setup: string; processes: number; rssMb: number; load: LoadResult }[];
  memory: { shards: number; eachHoldsIndexMb: number; sharedServiceMb: number; serviceMb: number; perShardMb: number[] }[];
}

const remote = (s: ServiceProcess, token: string): RemoteEngine => new RemoteEngine(new ServiceClient({ url: s.url, token, timeoutMs: 120_000 }));

export async function runServiceBench(o: ServiceBenchOptions): Promise<ServiceBenchReport> {
  const token = randomBytes(24).toString('hex');
  const report: ServiceBenchReport = { throughput: [], memory: [] };

  o.log('in-process: one shard holding the index, askers inside it');
  const alone = await startShard('local', o.dataDir);
  const load = await alone.request<{ load: LoadResult }>({ cmd: 'load', askers: o.askers, passes: o.passes });
  report.throughput.push({ setup: 'in-process (one engine, one thread)', processes: 1, rssMb: await rssMb(alone.pid), load: load.load });
  await alone.stop();

  for (const workers of o.workers) {
    o.log(`service with ${workers} worker thread(s)`);
    const service = await startServe(o.dataDir, workers, token);
    const result = await runAskers([remote(service, token)], o.askers, o.passes);
    report.throughput.push({ setup: `npm run serve, SERVE_WORKERS=${workers}`, processes: 1, rssMb: await rssMb(service.pid), load: result });
    await service.stop();
  }

  o.log('two service processes with one engine each (a process per core)');
  const pair = [await startServe(o.dataDir, 1, token), await startServe(o.dataDir, 1, token)];
  const pairLoad = await runAskers(pair.map((s) => remote(s, token)), o.askers, o.passes);
  const pairRss = (await Promise.all(pair.map((s) => rssMb(s.pid)))).reduce((a, b) => a + b, 0);
  report.throughput.push({ setup: '2 × npm run serve, SERVE_WORKERS=1', processes: 2, rssMb: pairRss, load: pairLoad });
  await Promise.all(pair.map((s) => s.stop()));

  for (const n of o.shards) {
    o.log(`memory: ${n} shard(s) each holding the index, then ${n} sharing one service`);
    const holding = [];
    for (let i = 0; i < n; i++) holding.push(await startShard('local', o.dataDir));
    const each = await Promise.all(holding.map((s) => rssMb(s.pid)));
    await Promise.all(holding.map((s) => s.stop()));

    const service = await startServe(o.dataDir, Math.max(...o.workers), token);
    const clients = [];
    for (let i = 0; i < n; i++) clients.push(await startShard('remote', service.url, token));
    const perShard = await Promise.all(clients.map((s) => rssMb(s.pid)));
    const serviceMb = await rssMb(service.pid);
    await Promise.all(clients.map((s) => s.stop()));
    await service.stop();
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    report.memory.push({ shards: n, eachHoldsIndexMb: sum(each), sharedServiceMb: serviceMb + sum(perShard), serviceMb, perShardMb: perShard });
  }
  return report;
}

export function formatServiceBench(r: ServiceBenchReport): string {
  const lines = [
    '| setup | processes | RSS MB | askers | questions/s | p50 ms | p95 ms | errors |',
    '|---|---|---|---|---|---|---|---|',
    ...r.throughput.map((t) => `| ${t.setup} | ${t.processes} | ${t.rssMb} | ${t.load.askers} | ${t.load.questionsPerSecond} | ${t.load.p50Ms} | ${t.load.p95Ms} | ${t.load.errors} |`),
    '',
    '| shards | each holds the index: RSS MB | shared service: RSS MB (service + shards) | one shard client MB |',
    '|---|---|---|---|',
    ...r.memory.map((m) => `| ${m.shards} | ${m.eachHoldsIndexMb} | ${m.sharedServiceMb} (${m.serviceMb} + ${m.perShardMb.reduce((a, b) => a + b, 0)}) | ${Math.round(m.perShardMb.reduce((a, b) => a + b, 0) / m.shards)} |`),
  ];
  return lines.join('\n');
}
