import type { EmbedWindow } from '../../../shared/embed/embed-params.js';

const PRESET_MS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
/** A rolling window ends a minute ahead, as the app's (time-window.ts): clock skew hides nothing. */
const AHEAD_MS = 60_000;

export function windowRange(window: EmbedWindow, nowMs: number): { fromMs: number; toMs: number } {
  if (window.kind === 'custom')
    return { fromMs: Date.parse(window.from), toMs: Date.parse(window.to) };
  return { fromMs: nowMs - PRESET_MS[window.preset], toMs: nowMs + AHEAD_MS };
}
