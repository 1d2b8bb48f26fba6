/**
 * A simulated bot shard for the scaling benchmark (a child process; ./run.ts starts it): the bot's context,
 * commands and discord.js client, never connected, with the engine either in this process (`local`: the
 * index and the model, as every shard holds today) or through a search service (`remote`). It answers a few
 * questions to be warm, reports its RSS, can run concurrent askers, and waits to be told to exit.
 */
import { createBot } from '../../bot/bot.ts';
import { createBotContext } from '../../bot/context.ts';
import type { EngineHostLike } from '../../host/contract.ts';
import { loadCommands } from '../../bot/loader.ts';
import { createMemoryLogger } from '../../log.ts';
import { loadEngineConfig } from '../../config.ts';
import { remoteEngineHost } from '../../service/remote.ts';
import { ServiceClient } from '../../service/client.ts';
import { openServiceHost } from '../../service/open-host.ts';
import { runAskers } from './askers.ts';

export type ToShard = { cmd: 'rss' } | { cmd: 'load'; askers: number; passes: number } | { cmd: 'exit' };

const [mode, target, token] = process.argv.slice(2);
const send = (msg: unknown): void => void process.send?.(msg);
const logger = createMemoryLogger('warn');

let host: EngineHostLike;
let close = async (): Promise<void> => {};
if (mode === 'local') {
  const opened = await openServiceHost({ dataDir: target!, config: loadEngineConfig(), pollMs: 0 }, () => {});
  host = opened.host;
  close = opened.close;
} else {
  const client = new ServiceClient({ url: target!, token: token ?? null });
  host = remoteEngineHost(client, target!);
}
const context = createBotContext({ host, logger, askCooldownSeconds: 0 });
const bot = createBot({ token: 'x.y.z', commands: await loadCommands(logger), context });
for (const q of [
  'When did Russia invade Ukraine?',
  'What happened in Bucha?',
  'Was Russia cut off from SWIFT?',
]) {
  await context.engine().ask(q, { k: 3 });
}
await context.engine().stats();
send({ ready: true, rss: process.memoryUsage().rss });

process.on('message', (msg: ToShard) => {
  if (msg.cmd === 'rss') send({ rss: process.memoryUsage().rss });
  else if (msg.cmd === 'load')
    void runAskers([context.engine()], msg.askers, msg.passes).then((load) => send({ load }));
  else
    void bot.client
      .destroy()
      .then(close)
      .then(() => process.exit(0));
});
