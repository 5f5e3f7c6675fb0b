import { CATEGORY_SLUGS, type CategorySlug } from '../../../shared/categories.js';
import { inRange, type TimeRange } from './time-window.js';

/** What the user narrowed the map to; an empty category set means every category. */
export interface IncidentFilter {
  categories: ReadonlySet<string>;
  range: TimeRange;
  /** Playback: only incidents that occurred at or before it; null when not playing back. */
  playbackHeadMs: number | null;
}

export interface FilterableIncident {
  category: string;
  occurredAtMs: number;
}

export function matchesFilter(filter: IncidentFilter, incident: FilterableIncident): boolean {
  if (filter.categories.size > 0 && !filter.categories.has(incident.category)) return false;
  if (!inRange(filter.range, incident.occurredAtMs)) return false;
  return filter.playbackHeadMs === null || incident.occurredAtMs <= filter.playbackHeadMs;
}

/** For the server: undefined means "all" (the subscription and the REST query leave it out). */
const KNOWN = new Set<string>(CATEGORY_SLUGS);
const isCategorySlug = (value: string): value is CategorySlug => KNOWN.has(value);

export function categoryList(
  filter: Pick<IncidentFilter, 'categories'>,
): CategorySlug[] | undefined {
  const known = [...filter.categories].filter(isCategorySlug).sort();
  return known.length === 0 ? undefined : known;
}
