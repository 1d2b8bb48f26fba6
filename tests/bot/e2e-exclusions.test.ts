/**
 * When a server's exclusions (/settings exclude) removed what would have answered, /ask says so instead of a
 * bare "Nothing in the N indexed articles is about this"; when nothing would have answered anyway, it says that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Community } from '../../src/state/community.ts';
import type { Engine } from '../../src/types.ts';
import { startHarness, type Harness } from '../helpers/bot-harness.ts';
import type { Message } from '../helpers/e2e-fixture.ts';
import { answerOf, citation, fakeEngine, fakeHost, passage } from '../helpers/fake-engine.ts';
import { chatInput, GUILD_ID } from '../helpers/interactions.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

/** Only Reuters reports on grain; anything with "cake" is about nothing at all. */
const reutersOnly = passage(1, { citation: citation({ id: 'r1', source: 'Reuters' }) });
const engine: Engine = {
  ...fakeEngine(),
  async ask(question, options = {}) {
    const excluded = (options.excludeSources ?? []).map((s) => s.toLowerCase());
    if (question.includes('cake') || excluded.includes('reuters')) return answerOf(question, 'none');
    return answerOf(question, 'answer', [reutersOnly]);
  },
};

const temp = new TempDirs();
let h: Harness;
let community: Community;
let nextUser = 1;
const user = () => `44000000000000${String(nextUser++).padStart(4, '0')}`;

beforeAll(async () => {
  community = Community.open({ dataDir: await temp.make() });
  community.updateSettings(GUILD_ID, { excludeOutlets: ['Reuters'] });
  h = await startHarness(fakeHost(engine), { community });
});
afterAll(async () => {
  await h.stop();
  community.close();
  await temp.cleanup();
});

async function ask(question: string): Promise<string> {
  const i = chatInput(h.fake.applicationId, 'ask', { question }, user());
  h.fake.sendInteraction(i);
  return String(((await h.edit(i)).body as Message).content);
}

describe('/ask under a server exclusion', () => {
  it('says the excluded outlet is what reports on it, and how to bring it back', async () => {
    const content = await ask('grain exports from Odesa');
    expect(content).toContain(
      'This server leaves out Reuters (`/settings exclude`), and only that outlet reports on this',
    );
    expect(content).toContain('`/settings include`');
    expect(content).not.toContain('Nothing in the');
  });

  it('keeps the plain "nothing" when the excluded outlets would not have answered either', async () => {
    const content = await ask('chocolate cake recipe');
    expect(content).toContain('Nothing in the 12 indexed articles is about this.');
    expect(content).not.toContain('leaves out');
  });
});
