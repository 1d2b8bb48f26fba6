/** Opening the PostgreSQL store from the settings (STORE=postgres, DATABASE_URL). */
import type { EngineConfig } from '../../config.ts';
import type { Manifest } from '../manifest.ts';
import { type Db, openDb } from './db.ts';
import { currentPgGeneration, readPgManifest } from './reader.ts';

/** Where messages say the index is (never the URL: it may hold a password). */
export const DATABASE_WHERE = 'the database (DATABASE_URL)';

/** The database the settings name, or null when the index lives in files. */
export function databaseOf(settings: Pick<EngineConfig, 'store' | 'databaseUrl'>): Db | null {
  return settings.store === 'postgres' && settings.databaseUrl ? openDb(settings.databaseUrl) : null;
}

/** What model-choice needs to read the database's current manifest. */
export function databaseIndex(db: Db): { where: string; currentManifest: () => Promise<Manifest | null> } {
  return {
    where: DATABASE_WHERE,
    currentManifest: async () => {
      const generation = await currentPgGeneration(db);
      return generation === null ? null : readPgManifest(db, generation);
    },
  };
}
