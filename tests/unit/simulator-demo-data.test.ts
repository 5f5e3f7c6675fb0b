import { describe, expect, it } from 'vitest';
import { shiftIntoLastDays } from '../../server/demo/demo-times.js';
import { toDemoThefts, type TheftRow } from '../../server/demo/demo-thefts.js';

const row = (overrides: Partial<TheftRow>): TheftRow => ({
  TYPE: 'Theft of Bicycle',
  YEAR: '2020',
  MONTH: '12',
  DAY: '31',
  HOUR: '23',
  MINUTE: '5',
  HUNDRED_BLOCK: '28XX W 8TH AVE',
  NEIGHBOURHOOD: 'Kitsilano',
  X: '487622.5089',
  Y: '5456934.6968',
  ...overrides,
});

describe('the demo data', () => {
  it('moves old times into the last 7 days, keeping order and relative spacing', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const times = ['2020-11-03T15:00:00Z', '2020-11-03T15:07:00Z', '2020-12-31T23:00:00Z'].map(
      (t) => new Date(t),
    );
    const shifted = shiftIntoLastDays(times, now);
    expect(shifted[0]?.toISOString()).toBe('2026-11-18T12:00:00.000Z');
    expect(shifted[2]?.toISOString()).toBe('2026-11-25T11:59:00.000Z');
    const ms = shifted.map((d) => d.getTime());
    expect(ms[1]).toBeGreaterThan(ms[0] ?? Infinity);
    const ratio = ((ms[1] ?? 0) - (ms[0] ?? 0)) / ((ms[2] ?? 0) - (ms[0] ?? 0));
    const spanMinutes = ((times[2]?.getTime() ?? 0) - (times[0]?.getTime() ?? 0)) / 60_000;
    expect(ratio).toBeCloseTo(7 / spanMinutes, 6);
    expect(shiftIntoLastDays([], now)).toEqual([]);
  });

  it('maps the VPD theft types to categories and skips rows without coordinates', () => {
    const thefts = toDemoThefts([
      row({}),
      row({ TYPE: 'Theft from Vehicle' }),
      row({ TYPE: 'Theft of Vehicle' }),
      row({ TYPE: 'Other Theft' }),
      row({ TYPE: 'Mischief' }),
      row({ X: '0', Y: '0' }),
    ]);
    expect(thefts.map((t) => [t.category, t.priority, t.line])).toEqual([
      ['bicycle-theft', 4, 2],
      ['vehicle-crime', 4, 3],
      ['vehicle-crime', 3, 4],
      ['theft', 4, 5],
    ]);
    expect(thefts[0]).toMatchObject({
      summary: 'Theft of Bicycle at 28XX W 8TH AVE, Kitsilano',
      x: 487622.5089,
      occurredAt: new Date('2020-12-31T23:05:00Z'),
    });
  });
});
