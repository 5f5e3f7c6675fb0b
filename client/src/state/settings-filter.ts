import type { IncidentFilter } from './incident-filter.js';
import { resolveWindow, type TimeWindow } from './time-window.js';

/** The incidents filter for the view's settings, a rolling window measured now. */
export function filterFor(
  settings: { categories: readonly string[]; timeWindow: TimeWindow },
  playbackHeadMs: number | null,
): IncidentFilter {
  return {
    categories: new Set(settings.categories),
    range: resolveWindow(settings.timeWindow, Date.now()),
    playbackHeadMs,
  };
}
