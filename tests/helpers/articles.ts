/** Articles for tests: built from a few fields, and the seeds as the ingest module reads them. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestPaths } from '../../src/ingest/read-paths.ts';
import type { Article } from '../../src/types.ts';

/** The repository root (tests run with it as cwd, but child processes and paths should not rely on that). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SEEDS_DIR = path.join(REPO_ROOT, 'seeds');

export function makeArticle(overrides: Partial<Article> & { id: string; text: string }): Article {
  return {
    title: `Title of ${overrides.id}`,
    source: 'Test Wire',
    date: '2022-02-22',
    url: null,
    path: `corpus/${overrides.id}.txt`,
    ...overrides,
  };
}

/** The five seed articles, read by the real ingest code (with seeds/sources.json). */
export async function seedArticles(): Promise<Article[]> {
  const { articles, issues } = await ingestPaths([SEEDS_DIR]);
  if (issues.length > 0) throw new Error(`seeds did not ingest cleanly: ${JSON.stringify(issues)}`);
  return articles;
}

/** The seed whose file name starts with `prefix` (e.g. "003"). */
export function seed(articles: readonly Article[], prefix: string): Article {
  const found = articles.find((a) => path.basename(a.path).startsWith(prefix));
  if (!found) throw new Error(`no seed ${prefix} among ${articles.map((a) => a.path).join(', ')}`);
  return found;
}
