/**
 * Loads every command module in a folder (default: the repository's commands/). A module that fails to import
 * or whose default export is not a Command is skipped with a warning, so one broken file cannot keep the
 * others from working; a duplicate name is skipped the same way.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Command, isCommand } from './command.ts';
import type { Logger } from '../log.ts';

/** The repository's commands/ folder, found relative to this file so the working directory does not matter. */
const defaultCommandsDir = fileURLToPath(new URL('../../commands/', import.meta.url));

const MODULE_FILE = /^[^.].*\.(ts|js|mjs)$/;

export async function loadCommands(
  logger: Logger,
  dir: string = defaultCommandsDir,
): Promise<Map<string, Command>> {
  const commands = new Map<string, Command>();
  const files = (await readdir(dir)).filter((f) => MODULE_FILE.test(f) && !f.endsWith('.d.ts')).sort();
  for (const file of files) {
    const full = path.join(dir, file);
    let exported: unknown;
    try {
      exported = ((await import(pathToFileURL(full).href)) as { default?: unknown }).default;
    } catch (error) {
      logger.warn(`crisis-desk: skipped command module ${file}: it failed to load`, { error });
      continue;
    }
    if (!isCommand(exported)) {
      logger.warn(
        `crisis-desk: skipped command module ${file}: expected a default export { data, execute }, got ${describe(exported)}`,
      );
      continue;
    }
    if (commands.has(exported.data.name)) {
      logger.warn(`crisis-desk: skipped command module ${file}: /${exported.data.name} is already defined`);
      continue;
    }
    commands.set(exported.data.name, exported);
  }
  return commands;
}

function describe(value: unknown): string {
  if (value === undefined) return 'no default export';
  if (value === null || typeof value !== 'object') return typeof value;
  return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}
