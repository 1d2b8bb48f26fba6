/**
 * Which store /watch uses: the bot's state database when it opened (watches a JSON file held from before are
 * moved into it once), else the JSON file under DATA_DIR.
 */
import type { SqliteWatchStore } from './watch-sqlite-store.ts';
import { JsonWatchStore, watchFilePath, type WatchStore } from './watch-store.ts';

export async function openWatchStore(
  community: { watchStore(): SqliteWatchStore | null; memberKey?(): Buffer | null },
  dataDir: string,
  log: (message: string) => void = () => {},
): Promise<WatchStore> {
  const database = community.watchStore();
  // Without the database, member ids are hashed all the same: with its key when that could be read.
  if (database === null) return JsonWatchStore.forDataDir(dataDir, community.memberKey?.() ?? null);
  const file = watchFilePath(dataDir);
  try {
    const moved = await database.importJson(file);
    if (moved > 0) log(`crisis-desk: moved ${moved} watches from ${file} into the bot's database`);
  } catch (error) {
    // The watches stay in the file, untouched; the database serves the rest.
    log(
      `crisis-desk: could not move the watches of ${file} into the bot's database: ${(error as Error).message}`,
    );
  }
  return database;
}
