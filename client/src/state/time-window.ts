/**
 * The time window the map shows: a rolling preset (last hour, 24 h, 7 days: new incidents
 * keep arriving) or a fixed custom range; and the playback head that replays it.
 */
export const WINDOW_PRESETS = ['1h', '24h', '7d'] as const;
export type WindowPreset = (typeof WINDOW_PRESETS)[number];

export type TimeWindow =
  { kind: 'preset'; preset: WindowPreset } | { kind: 'custom'; fromMs: number; toMs: number };

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

const PRESET_MS: Record<WindowPreset, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

export const DEFAULT_WINDOW: TimeWindow = { kind: 'preset', preset: '24h' };

/** The range at `nowMs`; a preset ends a minute ahead so clock skew does not hide new events. */
export function resolveWindow(window: TimeWindow, nowMs: number): TimeRange {
  if (window.kind === 'custom') return { fromMs: window.fromMs, toMs: window.toMs };
  return { fromMs: nowMs - PRESET_MS[window.preset], toMs: nowMs + 60_000 };
}

/** A rolling window takes live events; a custom one only while it reaches into the future. */
export function isLiveWindow(window: TimeWindow, nowMs: number): boolean {
  return window.kind === 'preset' || window.toMs > nowMs;
}

export function inRange(range: TimeRange, timeMs: number): boolean {
  return timeMs >= range.fromMs && timeMs < range.toMs;
}

export function sameWindow(a: TimeWindow, b: TimeWindow): boolean {
  if (a.kind === 'preset' && b.kind === 'preset') return a.preset === b.preset;
  if (a.kind === 'custom' && b.kind === 'custom') return a.fromMs === b.fromMs && a.toMs === b.toMs;
  return false;
}

/** A custom window must run forwards and span at most a year (the snapshot stays small). */
export function customWindow(fromMs: number, toMs: number): TimeWindow | null {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs >= toMs) return null;
  if (toMs - fromMs > 366 * 86_400_000) return null;
  return { kind: 'custom', fromMs, toMs };
}

/**
 * Playback: the head moves from the start of the range to its end in `durationMs` of wall
 * time; incidents that occurred after the head are hidden. Returns the head at `elapsedMs`.
 */
export function playbackHead(range: TimeRange, elapsedMs: number, durationMs: number): number {
  const fraction = Math.min(1, Math.max(0, elapsedMs / durationMs));
  return range.fromMs + fraction * (range.toMs - range.fromMs);
}
