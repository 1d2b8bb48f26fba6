/**
 * End to end, the community loop across restarts and failures: votes and settings survive a restart (a vote
 * button from before it still counts), and a damaged state database never stops /ask.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Community } from '../../src/state/community.ts';
import { stateDbFile } from '../../src/state/db.ts';
import { startHarness } from '../helpers/bot-harness.ts';
import { engine, type Body, type Message } from '../helpers/e2e-fixture.ts';
import { fakeHost } from '../helpers/fake-engine.ts';
import { buttonClick, chatInput, subcommand } from '../helpers/interactions.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

type Rows = { components: { custom_id: string; label?: string }[] }[];

const temp = new TempDirs();
afterAll(() => temp.cleanup());
let nextUser = 1;
const user = () => `42000000000000${String(nextUser++).padStart(4, '0')}`;

describe('a restart', () => {
  it('keeps votes and settings: a vote button on an answer from before the restart still counts', async () => {
    const dataDir = await temp.make();
    const before = Community.open({ dataDir });
    const first = await startHarness(fakeHost(engine), { community: before });
    const member = user();
    const i = chatInput(first.fake.applicationId, 'ask', { question: 'Who warned?' }, member);
    first.fake.sendInteraction(i);
    const up = ((await first.edit(i)).body as Message & { components: Rows }).components[1]!.components[0]!;
    const vote = buttonClick(
      first.fake.applicationId,
      up.custom_id,
      first.fake.originalMessage(i.token),
      member,
    );
    first.fake.sendInteraction(vote);
    await first.callback(vote);
    before.updateSettings('200000000000000001', { k: 4 });
    await first.stop();
    before.close();

    const after = Community.open({ dataDir });
    const second = await startHarness(fakeHost(engine), { community: after });
    try {
      const again = buttonClick(second.fake.applicationId, up.custom_id, {}, user());
      second.fake.sendInteraction(again);
      const body = (await second.callback(again)).body as Body;
      expect(body.data!.content).toContain('this answer now has 2 👍 and 0 👎');
      const next = chatInput(second.fake.applicationId, 'ask', { question: 'Who warned?' }, user());
      second.fake.sendInteraction(next);
      expect(((await second.edit(next)).body as Message).embeds).toHaveLength(4);
    } finally {
      await second.stop();
      after.close();
    }
  });
});

describe('a damaged state database', () => {
  it('is reported, and /ask keeps answering without the loop', async () => {
    const dataDir = await temp.make();
    Community.open({ dataDir }).close();
    writeFileSync(stateDbFile(dataDir), 'not a database '.repeat(500));
    const problems: string[] = [];
    const broken = Community.open({ dataDir, onProblem: (m) => problems.push(m) });
    const other = await startHarness(fakeHost(engine), { community: broken });
    try {
      expect(problems[0]).toContain('is damaged');
      const i = chatInput(other.fake.applicationId, 'ask', { question: 'Who warned?' }, user());
      other.fake.sendInteraction(i);
      const body = (await other.edit(i)).body as Message;
      expect(body.embeds).toHaveLength(3);
      expect(body.components!.map((r) => r.components.map((c) => c.label))).toEqual([
        ['More results', 'Sources'],
      ]);

      const s = subcommand(other.fake.applicationId, 'settings', 'show', {}, user());
      other.fake.sendInteraction(s);
      const shown = (await other.callback(s)).body as Body;
      expect((shown.data as Message).embeds![0]!.description).toMatch(
        /^The bot's state database is unavailable, so these are the defaults in use: .*is damaged/,
      );

      const change = subcommand(other.fake.applicationId, 'settings', 'set', { k: 2 }, user());
      other.fake.sendInteraction(change);
      const refused = (await other.callback(change)).body as Body;
      expect(refused.data!.content).toMatch(
        /^Settings can't be read or changed right now: .*is damaged.*Answers keep working with the defaults\.$/,
      );
    } finally {
      await other.stop();
    }
  });
});
