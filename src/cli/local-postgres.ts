/**
 * Starts the PGlite server of src/index/pg/local-server.ts for `npm run pg:local` and `npm run compare:stores`.
 * PGlite and its extensions are dev dependencies (only these two commands and the tests start one), so the module
 * is loaded on demand: an install without dev dependencies gets one line saying what to install, not a stack.
 */
import type { LocalPostgres, startLocalPostgres as Start } from '../index/pg/local-server.ts';
import { CrisisDeskError } from '../errors.ts';

/** A package only the dev install has: exit 1, one line. */
export class DevDependencyError extends CrisisDeskError {
  constructor(what: string, pkg: string) {
    super(
      'DevDependencyError',
      `${what} needs ${pkg}, a dev dependency this install left out; run npm install (without --omit=dev)`,
    );
  }
}

export async function startLocalPostgres(
  what: string,
  options: Parameters<typeof Start>[0] = {},
): Promise<LocalPostgres> {
  let start: typeof Start;
  try {
    ({ startLocalPostgres: start } = await import('../index/pg/local-server.ts'));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const pkg = /'(@electric-sql\/pglite[^']*)'/.exec(e.message ?? '')?.[1];
    if (e.code === 'ERR_MODULE_NOT_FOUND' && pkg !== undefined) throw new DevDependencyError(what, pkg);
    throw error;
  }
  return start(options);
}
