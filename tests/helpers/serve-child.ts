/**
 * `npm run serve` with the deterministic FakeEmbedder, for tests that spawn a real service process (signals,
 * settings): the same entry (serveUntilSignalled) with the same settings from the environment, and
 * SERVE_CHILD_DELAY_MS making each question wait in its worker, so a test has questions in flight.
 *
 *   node --import tsx tests/helpers/serve-child.ts
 */
import { runMain } from '../../src/cli/run.ts';
import { serveUntilSignalled } from '../../src/service/start.ts';
import { FAKE_SEARCH_PARAMS } from './fake-params.ts';

runMain(() =>
  serveUntilSignalled({ search: FAKE_SEARCH_PARAMS, delayMs: Number(process.env.SERVE_CHILD_DELAY_MS ?? 0) }),
);
