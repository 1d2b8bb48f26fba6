/**
 * The bot's state database going wrong under a running bot: deleted (SQLite would go on writing into the
 * unlinked file, and every vote and setting would vanish at the next restart) and read-only. Nothing is
 * confirmed that was not stored, the operator's log says what happened, and members are told plainly, with
 * no server path and no system error text.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settingsUnavailable } from '../../src/bot/format/settings.ts';
import { Community, CommunityUnavailableError } from '../../src/state/community.ts';
import { stateDbFile, stateDir } from '../../src/state/db.ts';
import type { Answer } from '../../src/types.ts';
import { REPO_ROOT } from '../helpers/articles.ts';
import { answerOf, passage } from '../helpers/fake-engine.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const answered: Answer = { ...answerOf('Who met Lavrov?', 'answer', [passage(1)]), articlesConsidered: 5 };

const removeDb = (dataDir: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${stateDbFile(dataDir)}${suffix}`, { force: true });
};

describe('the state database deleted while the bot runs', () => {
  it('the next write is refused and logged, not confirmed; the bot re-opens the path and stores what follows', async () => {
    const dataDir = await temp.make();
    const problems: string[] = [];
    const community = Community.open({ dataDir, onProblem: (m) => problems.push(m) });
    expect(community.updateSettings('g1', { k: 4 }).k).toBe(4);
    removeDb(dataDir);

    let refused: unknown = null;
    try {
      community.updateSettings('g1', { k: 2 });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(CommunityUnavailableError);
    const reason = (refused as CommunityUnavailableError).memberReason;
    expect(reason).toBe("the bot's database file was removed while the bot ran");
    expect(settingsUnavailable(reason).content).not.toContain(dataDir);
    expect(problems).toEqual([
      expect.stringMatching(/state\.sqlite was deleted or replaced while the bot ran; .*re-opening/),
    ]);

    // What follows goes into the new file, and survives a restart.
    expect(community.updateSettings('g1', { k: 5 }).k).toBe(5);
    community.close();
    const restarted = Community.open({ dataDir });
    expect(restarted.settings('g1').k).toBe(5);
    restarted.close();
  });

  it('a vote after the deletion is not counted (null: the button says so), and is logged', async () => {
    const dataDir = await temp.make();
    const problems: string[] = [];
    const community = Community.open({ dataDir, onProblem: (m) => problems.push(m) });
    const askId = community.recordAsk('g1', answered, 'gen', 'model')!;
    expect(community.vote(askId, 'u1', 1)).toMatchObject({ up: 1 });
    removeDb(dataDir);
    expect(community.vote(askId, 'u2', 1)).toBeNull();
    expect(problems).toHaveLength(1);
    community.close();
  });
});

/** Runs `code` (an ES module that may import src/) as the unprivileged user, so permission bits apply. */
function runAsNobody(
  code: string,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: REPO_ROOT,
      // tsx keeps a cache under the temp folder: one nobody may write.
      env: { ...process.env, HOME: cwd, TMPDIR: cwd },
      uid: 65534,
      gid: 65534,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stdout, stderr }));
  });
}

describe('a read-only state database', () => {
  it('members are told it cannot be written, never "EROFS … chmod" or a path; the operator log has the details', async () => {
    // A folder of its own under the temp dir: the child (nobody) must reach it, and the system's temp dir itself is
    // never chmod-ed (it is shared with every other process on the machine).
    const root = await temp.make();
    chmodSync(root, 0o755);
    const dataDir = path.join(root, 'data');
    mkdirSync(dataDir);
    Community.open({ dataDir }).close();
    // Read-only for everyone but root; the child runs as nobody.
    chmodSync(dataDir, 0o755);
    chmodSync(stateDir(dataDir), 0o555);
    for (const f of ['member-key', 'state.sqlite']) chmodSync(path.join(stateDir(dataDir), f), 0o444);
    const code = `
      import { Community, CommunityUnavailableError } from './src/state/community.ts';
      const problems = [];
      const c = Community.open({ dataDir: ${JSON.stringify(dataDir)}, onProblem: (m) => problems.push(m) });
      let member = null;
      try { c.updateSettings('g1', { k: 2 }); member = 'confirmed'; } catch (e) { member = e instanceof CommunityUnavailableError ? e.memberReason : String(e); }
      console.log(JSON.stringify({ member, problems, shown: c.memberProblem }));
    `;
    const scratch = await temp.make();
    chmodSync(scratch, 0o777);
    const run = await runAsNobody(code, scratch);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { member: string; problems: string[]; shown: string };
    expect(out.member).toBe("the bot's database cannot be written right now");
    expect(out.shown).toBe("the bot's database cannot be written right now");
    expect(out.problems.join('\n')).toContain(dataDir);
    for (const text of [out.member, out.shown, settingsUnavailable(out.member).content]) {
      expect(text).not.toMatch(/EROFS|EACCES|chmod|readonly database|\//);
    }
  });
});
