import { describe, expect, it } from 'vitest';
import { resolveWindow } from '../../server/accountability/window.js';
import { ConfigError, loadConfig } from '../../server/config.js';

const NOW = new Date('2026-03-31T12:00:00Z');

function window(query: Parameters<typeof resolveWindow>[0]) {
  const result = resolveWindow(query, NOW);
  if (!result.ok) throw new Error(result.message);
  return {
    from: result.window.from.toISOString(),
    to: result.window.to.toISOString(),
    previousFrom: result.window.previousFrom.toISOString(),
  };
}

describe('resolveWindow', () => {
  it('takes [from, to) and the window of the same length before it', () => {
    expect(window({ from: '2026-01-01T00:00:00Z', to: '2026-01-31T00:00:00Z' })).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-31T00:00:00.000Z',
      previousFrom: '2025-12-02T00:00:00.000Z',
    });
  });

  it('ends a period now by default, in calendar units of UTC', () => {
    expect(window({})).toMatchObject({ from: '2026-02-28T12:00:00.000Z', to: NOW.toISOString() });
    expect(window({ period: 'week' }).from).toBe('2026-03-24T12:00:00.000Z');
    expect(window({ period: 'quarter' }).from).toBe('2025-12-31T12:00:00.000Z');
    expect(window({ period: 'year', to: '2026-01-01T00:00:00Z' }).from).toBe(
      '2025-01-01T00:00:00.000Z',
    );
  });

  it('starts a period at `from` when only `from` is given', () => {
    expect(window({ period: 'day', from: '2026-03-01T00:00:00Z' }).to).toBe(
      '2026-03-02T00:00:00.000Z',
    );
    expect(window({ period: 'month', from: '2026-02-01T00:00:00Z' }).to).toBe(
      '2026-03-01T00:00:00.000Z',
    );
  });

  it('refuses an empty or reversed window and one of decades', () => {
    const at = '2026-01-01T00:00:00Z';
    expect(resolveWindow({ from: at, to: at }, NOW).ok).toBe(false);
    expect(resolveWindow({ from: at, to: '2025-01-01T00:00:00Z' }, NOW).ok).toBe(false);
    expect(resolveWindow({ from: '1990-01-01T00:00:00Z', to: at }, NOW).ok).toBe(false);
  });
});

describe('accountability settings', () => {
  it('defaults to k = 5 and targets from 7 minutes to 2 hours', () => {
    expect(loadConfig({}).accountability).toEqual({
      k: 5,
      targets: { 1: 420, 2: 900, 3: 1800, 4: 3600, 5: 7200 },
    });
  });

  it('reads ACCOUNTABILITY_K and the targets named, keeping the others', () => {
    const config = loadConfig({ ACCOUNTABILITY_K: '10', RESPONSE_TARGET_SECONDS: '1:300, 3:1200' });
    expect(config.accountability).toEqual({
      k: 10,
      targets: { 1: 300, 2: 900, 3: 1200, 4: 3600, 5: 7200 },
    });
  });

  it.each(['1=300', '6:300', '1:0', '1:-5', '1:abc', 'a,b'])(
    'refuses RESPONSE_TARGET_SECONDS=%s',
    (raw) => {
      expect(() => loadConfig({ RESPONSE_TARGET_SECONDS: raw })).toThrow(ConfigError);
    },
  );

  it('refuses a k of 0', () => {
    expect(() => loadConfig({ ACCOUNTABILITY_K: '0' })).toThrow(ConfigError);
  });
});
