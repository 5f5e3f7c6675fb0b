import type { TimeRange } from './time-window.js';

/** The window of the same length that ends where this one begins: [from − length, from). */
export function previousRange(range: TimeRange): TimeRange {
  const length = range.toMs - range.fromMs;
  return { fromMs: range.fromMs - length, toMs: range.fromMs };
}

export interface CountChange {
  /** current − previous. */
  delta: number;
  /** The change in whole per cent of the previous count; null when there was none before. */
  percent: number | null;
}

export function countChange(current: number, previous: number): CountChange {
  const delta = current - previous;
  return { delta, percent: previous === 0 ? null : Math.round((delta / previous) * 100) };
}

export interface CategoryComparison {
  category: string;
  current: number;
  previous: number;
}

/**
 * Both windows' counts per category, every category of either window, the most (now) first
 * then the most before, then by name.
 */
export function compareCategories(
  current: readonly { category: string; count: number }[],
  previous: readonly { category: string; count: number }[],
): CategoryComparison[] {
  const rows = new Map<string, CategoryComparison>();
  const row = (category: string) => {
    let found = rows.get(category);
    if (!found) {
      found = { category, current: 0, previous: 0 };
      rows.set(category, found);
    }
    return found;
  };
  for (const { category, count } of current) row(category).current += count;
  for (const { category, count } of previous) row(category).previous += count;
  return [...rows.values()].sort(
    (a, b) =>
      b.current - a.current || b.previous - a.previous || a.category.localeCompare(b.category),
  );
}
