/** On-disk size of one generation's tables and indexes, for the memory-per-vector numbers in docs/scaling.md. */
import type { Queryable } from './db.ts';
import { generationSchema } from './schema.ts';

export interface RelationSize {
  name: string;
  kind: 'table' | 'index' | 'toast';
  bytes: number;
}

/** Every relation of the generation's schema (heap, its TOAST data, and each index) with its size in bytes. */
export async function generationSizes(db: Queryable, generation: string): Promise<RelationSize[]> {
  const schema = generationSchema(generation).slice(1, -1);
  const rows = await db.query<{ name: string; kind: string; bytes: string; toast: string }>(
    `SELECT c.relname AS name, c.relkind AS kind, pg_relation_size(c.oid) AS bytes,
            COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS toast
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'i') ORDER BY c.relname`,
    [schema],
  );
  return rows.flatMap((r): RelationSize[] => {
    const own: RelationSize = {
      name: r.name,
      kind: r.kind === 'i' ? 'index' : 'table',
      bytes: Number(r.bytes),
    };
    return Number(r.toast) > 0
      ? [own, { name: `${r.name} (TOAST)`, kind: 'toast', bytes: Number(r.toast) }]
      : [own];
  });
}
