/**
 * The floors of .dependency-cruiser.js (every import of src/ and commands/ is checked against them by
 * `npm run floors`, part of `npm test`) are the ones docs/design.md draws, every room of src/ stands on one, and
 * the rules fail on what they are there to catch.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/articles.ts';
import { TempDirs } from './helpers/temp-dir.ts';

const config = (await import(pathToFileURL(path.join(REPO_ROOT, '.dependency-cruiser.js')).href)) as {
  FLOORS: string[][];
  default: IConfiguration;
};
const { FLOORS } = config;
/** Floor number of each room: the ground floor is 0. */
const floorOf = new Map(
  FLOORS.flatMap((rooms, i) => rooms.map((room) => [room, FLOORS.length - 1 - i] as const)),
);

const temp = new TempDirs();
afterAll(() => temp.cleanup());

describe('the floors', () => {
  it('are the ones docs/design.md draws, and its table of rooms puts each on the same floor', async () => {
    const doc = await readFile(path.join(REPO_ROOT, 'docs/design.md'), 'utf8');
    const drawn = [...doc.matchAll(/^floor (\d+) +(.+)$/gm)].map((m) => [Number(m[1]), m[2]!.split(' · ')]);
    expect(drawn).toEqual(FLOORS.map((rooms, i) => [FLOORS.length - 1 - i, rooms]));
    const tabled = new Map<string, number>();
    for (const m of doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)) {
      for (const room of m[2]!.matchAll(/`([^`]+)`/g)) tabled.set(room[1]!.replace(/\/$/, ''), Number(m[1]));
    }
    expect(tabled).toEqual(floorOf);
  });

  it('hold every folder and every file at the top of src/', async () => {
    const entries = await readdir(path.join(REPO_ROOT, 'src'), { withFileTypes: true });
    const rooms = entries.filter((e) => e.isDirectory() || e.name.endsWith('.ts')).map((e) => e.name);
    expect(rooms.sort()).toEqual([...floorOf.keys()].filter((r) => r !== 'commands').sort());
  });

  it('fail an import to a floor above or beside, a circle of files, a command past the context and a file in no room', async () => {
    const dir = await temp.make('crisis-desk-floors-');
    const files: Record<string, string> = {
      'src/types.ts': 'export type T = 1;\n',
      'src/bot/context.ts': "import type { T } from '../types.ts';\nexport type Context = T;\n",
      // search (floor 7) reaching up into bot (floor 10)
      'src/search/engine.ts': "import type { Context } from '../bot/context.ts';\nexport type E = Context;\n",
      // names and state stand on one floor: neither may import the other
      'src/names/table.ts': "import type { S } from '../state/db.ts';\nexport type N = S;\n",
      'src/state/db.ts': 'export type S = 2;\n',
      // a circle of two files, reported once
      'src/chunk/a.ts': "import type { B } from './b.ts';\nexport type A = B | 1;\n",
      'src/chunk/b.ts': "import type { A } from './a.ts';\nexport type B = A | 2;\n",
      'commands/ask.ts': "import type { E } from '../src/search/engine.ts';\nexport type Ask = E;\n",
      'src/attic/old.ts': "import type { T } from '../types.ts';\nexport type Old = T;\n",
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    const result = await cruise(['src', 'commands'], {
      ruleSet: { forbidden: config.default.forbidden ?? [] },
      validate: true,
      tsPreCompilationDeps: true,
      baseDir: dir,
    });
    if (typeof result.output === 'string') throw new Error('expected a cruise result, got text');
    const found = result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      'commands-through-context: commands/ask.ts → src/search/engine.ts',
      'floors: src/names/table.ts → src/state/db.ts',
      'floors: src/search/engine.ts → src/bot/context.ts',
      'no-circular: src/chunk/a.ts → src/chunk/b.ts',
      'no-room: src/attic/old.ts → src/types.ts',
    ]);
  });
});
