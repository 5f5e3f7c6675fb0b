import { describe, expect, it } from 'vitest';
import {
  customWindow,
  inRange,
  isLiveWindow,
  playbackHead,
  resolveWindow,
  sameWindow,
} from '../../client/src/state/time-window.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;

describe('time window', () => {
  it('resolves rolling presets back from now, a minute ahead for clock skew', () => {
    expect(resolveWindow({ kind: 'preset', preset: '1h' }, NOW)).toEqual({
      fromMs: NOW - HOUR,
      toMs: NOW + 60_000,
    });
    expect(resolveWindow({ kind: 'preset', preset: '24h' }, NOW).fromMs).toBe(NOW - 24 * HOUR);
    expect(resolveWindow({ kind: 'preset', preset: '7d' }, NOW).fromMs).toBe(NOW - 168 * HOUR);
  });

  it('keeps a custom window as given and half-open', () => {
    const window = customWindow(NOW - 2 * HOUR, NOW - HOUR);
    expect(window).not.toBeNull();
    if (!window) return;
    const range = resolveWindow(window, NOW);
    expect(inRange(range, NOW - 2 * HOUR)).toBe(true);
    expect(inRange(range, NOW - HOUR)).toBe(false);
    expect(isLiveWindow(window, NOW)).toBe(false);
    expect(isLiveWindow({ kind: 'preset', preset: '1h' }, NOW)).toBe(true);
  });

  it('refuses backwards, empty, unparsable and over-long custom windows', () => {
    expect(customWindow(NOW, NOW)).toBeNull();
    expect(customWindow(NOW, NOW - 1)).toBeNull();
    expect(customWindow(Number.NaN, NOW)).toBeNull();
    expect(customWindow(NOW - 400 * 24 * HOUR, NOW)).toBeNull();
  });

  it('moves the playback head across the range and clamps it', () => {
    const range = { fromMs: 0, toMs: 1000 };
    expect(playbackHead(range, 0, 20_000)).toBe(0);
    expect(playbackHead(range, 10_000, 20_000)).toBe(500);
    expect(playbackHead(range, 99_000, 20_000)).toBe(1000);
    expect(playbackHead(range, -5, 20_000)).toBe(0);
  });

  it('compares windows by meaning', () => {
    expect(sameWindow({ kind: 'preset', preset: '1h' }, { kind: 'preset', preset: '1h' })).toBe(
      true,
    );
    expect(sameWindow({ kind: 'preset', preset: '1h' }, { kind: 'preset', preset: '7d' })).toBe(
      false,
    );
    expect(
      sameWindow({ kind: 'custom', fromMs: 1, toMs: 2 }, { kind: 'custom', fromMs: 1, toMs: 2 }),
    ).toBe(true);
  });
});
