/**
 * The scaling benchmark (issue 13): memory of N shards that each hold the index against N shards sharing one
 * search service, and questions/s with concurrent askers in-process, through the service with 1 and 2 worker
 * threads, and through two single-engine service processes (what a cluster of processes would do).
 */
import { randomBytes } from 'node:crypto';
import { RemoteEngine } from '../../service/remote.ts';
import { ServiceClient } from '../../service/client.ts';
import { type LoadResult, runAskers } from './askers.ts';
import { cpuSeconds, rssMb, type ServiceProcess, startServe, startShard } from './processes.ts';

export interface ServiceBenchOptions {
  dataDir: string;
  shards: number[];
  workers: number[];
  askers: number;
  passes: number;
  log: (line: string) => void;
}

export interface Throughput {
  setup: string;
  processes: number;
  /** RSS after the load, all processes of the setup. */
  rssMb: number;
  load: LoadResult;
  /** CPU the engine processes used per question (all their threads). */
  serverCpuMsPerQuestion: number;
  /** CPU this benchmark process used per question as the HTTP client (0 in-process: the askers run in the shard). */
  clientCpuMsPerQuestion: number;
}

export interface ServiceBenchReport {
  throughput: Throughput[];
  memory: {
    shards: number;
    eachHoldsIndexMb: number;
    sharedServiceMb: number;
    serviceMb: number;
    perShardMb: number[];
  }[];
}

const remote = (s: ServiceProcess, token: string): RemoteEngine =>
  new RemoteEngine(new ServiceClient({ url: s.url, token, timeoutMs: 120_000 }));

export async function runServiceBench(o: ServiceBenchOptions): Promise<ServiceBenchReport> {
  const token = randomBytes(24).toString('hex');
  const report: ServiceBenchReport = { throughput: [], memory: [] };

  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  /** Runs `load` and measures the CPU of `pids` and of this process around it. */
  const measured = async (setup: string, pids: number[], load: () => Promise<LoadResult>): Promise<void> => {
    const before = await Promise.all(pids.map(cpuSeconds));
    const client = process.cpuUsage();
    const result = await load();
    const used = process.cpuUsage(client);
    const after = await Promise.all(pids.map(cpuSeconds));
    const perQ = (seconds: number): number => Math.round((seconds * 1000 * 10) / result.asks) / 10;
    report.throughput.push({
      setup,
      processes: pids.length,
      rssMb: sum(await Promise.all(pids.map(rssMb))),
      load: result,
      serverCpuMsPerQuestion: perQ(sum(after) - sum(before)),
      clientCpuMsPerQuestion: setup.startsWith('in-process') ? 0 : perQ((used.user + used.system) / 1e6),
    });
  };

  o.log('in-process: one shard holding the index, askers inside it');
  const alone = await startShard('local', o.dataDir);
  await measured(
    'in-process (one engine, one thread)',
    [alone.pid],
    async () =>
      (await alone.request<{ load: LoadResult }>({ cmd: 'load', askers: o.askers, passes: o.passes })).load,
  );
  await alone.stop();

  for (const workers of o.workers) {
    o.log(`service with ${workers} worker thread(s)`);
    const service = await startServe(o.dataDir, workers, token);
    await measured(`npm run serve, SERVE_WORKERS=${workers}`, [service.pid], () =>
      runAskers([remote(service, token)], o.askers, o.passes),
    );
    await service.stop();
  }

  o.log('two service processes with one engine each (a process per core)');
  const pair = [await startServe(o.dataDir, 1, token), await startServe(o.dataDir, 1, token)];
  await measured(
    '2 × npm run serve, SERVE_WORKERS=1',
    pair.map((s) => s.pid),
    () =>
      runAskers(
        pair.map((s) => remote(s, token)),
        o.askers,
        o.passes,
      ),
  );
  await Promise.all(pair.map((s) => s.stop()));

  for (const n of o.shards) {
    o.log(`memory: ${n} shard(s) each holding the index, then ${n} sharing one service`);
    // RSS after one pass of questions in every shard: loading peaks (JSON parsing) have been collected by then.
    const holding = [];
    for (let i = 0; i < n; i++) holding.push(await startShard('local', o.dataDir));
    await Promise.all(holding.map((s) => s.request({ cmd: 'load', askers: 2, passes: 1 })));
    const each = await Promise.all(holding.map((s) => rssMb(s.pid)));
    await Promise.all(holding.map((s) => s.stop()));

    const service = await startServe(o.dataDir, Math.max(...o.workers), token);
    const clients = [];
    for (let i = 0; i < n; i++) clients.push(await startShard('remote', service.url, token));
    await Promise.all(clients.map((s) => s.request({ cmd: 'load', askers: 2, passes: 1 })));
    const perShard = await Promise.all(clients.map((s) => rssMb(s.pid)));
    const serviceMb = await rssMb(service.pid);
    await Promise.all(clients.map((s) => s.stop()));
    await service.stop();
    report.memory.push({
      shards: n,
      eachHoldsIndexMb: sum(each),
      sharedServiceMb: serviceMb + sum(perShard),
      serviceMb,
      perShardMb: perShard,
    });
  }
  return report;
}

export function formatServiceBench(r: ServiceBenchReport): string {
  const lines = [
    '| setup | processes | RSS MB after load | askers | questions/s | p50 ms | p95 ms | errors | engine CPU ms/question | client CPU ms/question |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.throughput.map(
      (t) =>
        `| ${t.setup} | ${t.processes} | ${t.rssMb} | ${t.load.askers} | ${t.load.questionsPerSecond} | ${t.load.p50Ms} | ${t.load.p95Ms} | ${t.load.errors} | ${t.serverCpuMsPerQuestion} | ${t.clientCpuMsPerQuestion} |`,
    ),
    '',
    '| shards | each holds the index: RSS MB | shared service: RSS MB (service + shards) | one shard client MB |',
    '|---|---|---|---|',
    ...r.memory.map(
      (m) =>
        `| ${m.shards} | ${m.eachHoldsIndexMb} | ${m.sharedServiceMb} (${m.serviceMb} + ${m.perShardMb.reduce((a, b) => a + b, 0)}) | ${Math.round(m.perShardMb.reduce((a, b) => a + b, 0) / m.shards)} |`,
    ),
  ];
  return lines.join('\n');
}
