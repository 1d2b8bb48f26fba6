/** Outlet suggestions for /ask's `source` option, answered from the in-memory corpus stats. */
import type { OutletCount } from '../../types.ts';
import { fitChoices } from '../limits.ts';

/**
 * Outlets whose name starts with what was typed come first, then those that contain it; ties keep the
 * larger outlet first. At most 25 choices, names within 100 characters.
 */
export function sourceChoices(
  outlets: readonly OutletCount[],
  typed: string,
): { name: string; value: string }[] {
  const needle = typed.trim().toLowerCase();
  const scored = outlets
    .map((o) => ({ o, at: o.source.toLowerCase().indexOf(needle) }))
    .filter(({ at }) => at >= 0)
    .sort(
      (a, b) =>
        Number(a.at !== 0) - Number(b.at !== 0) ||
        b.o.articles - a.o.articles ||
        a.o.source.localeCompare(b.o.source),
    );
  return fitChoices(
    scored.map(({ o }) => ({
      name: `${o.source} (${o.articles} article${o.articles === 1 ? '' : 's'})`,
      value: o.source,
    })),
  );
}
