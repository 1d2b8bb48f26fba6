/**
 * The docs a new user meets say what the code does: every slash command in docs/discord-setup.md, the model's size
 * as the CLI prints it, an install that shows its native builds, and a README that names every npm script (with
 * its --help) and every slash command. The full reference of each command is docs/cli.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BGE_SMALL } from '../src/models/catalog.ts';
import { REPO_ROOT } from './helpers/articles.ts';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const commands = readdirSync(path.join(REPO_ROOT, 'commands')).map((f) => f.replace(/\.ts$/, ''));
const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

describe('docs/discord-setup.md', () => {
  const doc = read('docs/discord-setup.md');
  it('counts, lists and registers every command in commands/', () => {
    expect(doc).toContain(`answers ${NUMBERS[commands.length]} slash commands`);
    for (const name of commands) {
      expect(doc, name).toMatch(new RegExp(`^\\| \`/${name}[ \`]`, 'm'));
      expect(doc, name).toMatch(new RegExp(`The script registers .*\`/${name}\``));
    }
  });

  it('gives the default model as the code does', () => {
    expect(doc).toContain("`EMBEDDING_MODEL`           | the index's model, else `bge-small-en-v1.5`");
  });
});

describe('README', () => {
  const readme = read('README.md');
  it('gives the model size the CLI prints while fetching it', () => {
    const mb = (BGE_SMALL.files.reduce((s, f) => s + f.bytes, 0) / 1e6).toFixed(0);
    expect(readme).toContain(`fetched once (${mb} MB`);
    expect(read('docs/discord-setup.md')).toContain(`fetched once, ${mb} MB`);
  });

  it('says near the top, right after the two commands, what the native builds need', () => {
    const top = readme.slice(0, readme.indexOf('Crisis Desk answers questions'));
    for (const needed of ['hnswlib-node', 'better-sqlite3', 'C++', 'Python 3', 'npm_config_nodedir'])
      expect(top).toContain(needed);
  });

  it('names every npm script on a line of its own, with --help where the command has one, and docs/cli.md says more', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const lines = readme.split('\n');
    const cli = read('docs/cli.md');
    for (const [name, command] of Object.entries(scripts)) {
      const spelled = name === 'start' || name === 'test' ? `npm ${name}` : `npm run ${name}`;
      const line = lines.find((l) => l.startsWith('| ') && new RegExp(`\`${spelled}[ \`]`).test(l));
      expect(line, name).toBeDefined();
      // Every entry point under src/cli/ prints its usage with --help (tests/reliability/terminal.test.ts).
      if (command.includes('src/cli/')) {
        expect(line, name).toContain('`--help`');
        expect(cli, name).toContain(spelled);
      }
    }
  });

  it('gives every slash command in commands/ a line', () => {
    for (const name of commands) expect(readme, name).toMatch(new RegExp(`^\\| \`/${name}[ \`]`, 'm'));
  });

  it('npm ci runs the install scripts in the foreground, so it shows what it compiles', () => {
    expect(read('.npmrc')).toMatch(/^foreground-scripts=true$/m);
  });
});
