/** How many incidents one page of the list shows. */
export const LIST_PAGE_SIZE = 50;

export interface ListPage {
  /** Zero-based, within [0, count - 1]. */
  index: number;
  /** At least 1: an empty list has one empty page. */
  count: number;
  /** The page's records are [start, end) of the ordered list. */
  start: number;
  end: number;
  total: number;
}

/** The page asked for, moved into range (the list may have shrunk since it was chosen). */
export function listPage(total: number, requested: number, size = LIST_PAGE_SIZE): ListPage {
  const count = Math.max(1, Math.ceil(total / size));
  const index = Math.min(count - 1, Math.max(0, Math.trunc(requested) || 0));
  const start = index * size;
  return { index, count, start, end: Math.min(total, start + size), total };
}

/** The page that holds the record at this position of the ordered list (null: not in it). */
export function pageContaining(position: number, size = LIST_PAGE_SIZE): number | null {
  return position < 0 ? null : Math.floor(position / size);
}
