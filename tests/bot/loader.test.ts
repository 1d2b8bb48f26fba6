import { fileURLToPath } from 'node:url';
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/bot/loader.ts';
import { createMemoryLogger } from '../../src/log.ts';

describe('loadCommands', () => {
  it('loads valid modules and skips malformed, broken and duplicate ones with a warning each', async () => {
    const logger = createMemoryLogger();
    const commands = await loadCommands(
      logger,
      fileURLToPath(new URL('./fixtures/commands/', import.meta.url)),
    );
    expect([...commands.keys()]).toEqual(['good']);
    const warnings = logger.lines.filter((l) => l.includes('WARN'));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain(
      'crisis-desk: skipped command module malformed.ts: expected a default export { data, execute }, got an object with keys data',
    );
    expect(warnings[1]).toContain('crisis-desk: skipped command module throws.ts: it failed to load');
    expect(warnings[2]).toContain(
      'crisis-desk: skipped command module zz-duplicate.ts: /good is already defined',
    );
  });

  it('loads the real commands with the options the issue specifies', async () => {
    const commands = await loadCommands(createMemoryLogger());
    expect([...commands.keys()]).toEqual([
      'ask',
      'gaps',
      'reindex',
      'settings',
      'sources',
      'timeline',
      'watch',
    ]);
    const ask = commands.get('ask')!.data.toJSON();
    const option = (name: string) =>
      ask.options?.find((o) => o.name === name) as unknown as Record<string, unknown>;
    expect(option('question')).toMatchObject({ required: true, min_length: 3, max_length: 300 });
    expect(option('k')).toMatchObject({ min_value: 1, max_value: 8 });
    expect(option('source')).toMatchObject({ autocomplete: true });
    expect(option('private')).toMatchObject({ type: 5 });
    const reindex = commands.get('reindex')!.data.toJSON();
    expect(reindex.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(reindex.contexts).toEqual([0]);
    expect(commands.get('sources')!.data.toJSON().options?.[0]).toMatchObject({
      name: 'query',
      max_length: 80,
    });
    const timeline = commands.get('timeline')!.data.toJSON().options as unknown as Record<string, unknown>[];
    expect(timeline.map((o) => o.name)).toEqual(['topic', 'after', 'before', 'source', 'private']);
    expect(timeline[0]).toMatchObject({ required: true, min_length: 3, max_length: 200 });
    expect(timeline[3]).toMatchObject({ autocomplete: true });
  });
});
