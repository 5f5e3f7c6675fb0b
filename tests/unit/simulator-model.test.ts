import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { seededRandom } from '../../shared/random.js';
import { IncidentCreateSchema } from '../../shared/schemas/incident.js';
import {
  nextArrivalMs,
  priorityFor,
  sampleIncident,
  samplePlace,
  timeOfDayFactor,
  uniformSeeds,
  type Seed,
} from '../../server/demo/simulator-model.js';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const drawn = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(drawn);
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...drawn)).toBeLessThan(1);
    expect(seededRandom(43)()).not.toBe(drawn[0]);
  });
});

describe('arrivals', () => {
  it('waits exponentially with the mean 1/rate (a Poisson process)', () => {
    const random = seededRandom(1);
    const waits = Array.from({ length: 20_000 }, () => nextArrivalMs(60, random));
    const mean = waits.reduce((sum, w) => sum + w, 0) / waits.length;
    expect(mean).toBeGreaterThan(950);
    expect(mean).toBeLessThan(1050);
    // The median of an exponential is ln 2 times its mean.
    expect(median(waits) / mean).toBeCloseTo(Math.LN2, 1);
  });

  it('peaks in the evening, is lowest before dawn and averages 1 over a day', () => {
    const at = (hour: number) => new Date(Date.UTC(2026, 0, 1, hour));
    expect(timeOfDayFactor(at(17))).toBeCloseTo(1.6);
    expect(timeOfDayFactor(at(5))).toBeCloseTo(0.4);
    const day = Array.from({ length: 24 }, (_, hour) => timeOfDayFactor(at(hour)));
    expect(day.reduce((sum, f) => sum + f, 0) / 24).toBeCloseTo(1);
    // 17:00 in Vancouver (UTC-8) is 01:00 UTC.
    expect(timeOfDayFactor(at(1), -8)).toBeCloseTo(1.6);
  });
});

describe('places and categories', () => {
  const seeds: Seed[] = [
    ...Array.from({ length: 90 }, () => ({ lon: -123.1, lat: 49.25, category: 'theft' as const })),
    ...Array.from({ length: 10 }, () => ({ lon: -123.0, lat: 49.3, category: 'robbery' as const })),
  ];

  it('spreads around a seed with the given Gaussian spread and keeps its category', () => {
    const random = seededRandom(7);
    const offsets = Array.from({ length: 5000 }, () =>
      samplePlace(seeds.slice(0, 1), random, 200),
    ).map((p) => (p.lat - 49.25) * 111_320);
    const sd = Math.sqrt(offsets.reduce((sum, d) => sum + d * d, 0) / offsets.length);
    expect(sd).toBeGreaterThan(185);
    expect(sd).toBeLessThan(215);
  });

  it("draws categories in the seeds' mix", () => {
    const random = seededRandom(9);
    const drawn = Array.from({ length: 5000 }, () => samplePlace(seeds, random).category);
    const robberies = drawn.filter((c) => c === 'robbery').length / drawn.length;
    expect(robberies).toBeGreaterThan(0.08);
    expect(robberies).toBeLessThan(0.12);
  });

  it('spreads fallback seeds over the bbox in the given mix', () => {
    const random = seededRandom(3);
    const spread = uniformSeeds(
      [-1, 50, 1, 51],
      [
        ['theft', 3],
        ['drugs', 1],
      ],
      random,
      4000,
    );
    expect(spread.every((s) => s.lon >= -1 && s.lon <= 1 && s.lat >= 50 && s.lat <= 51)).toBe(true);
    const drugs = spread.filter((s) => s.category === 'drugs').length / spread.length;
    expect(drugs).toBeGreaterThan(0.22);
    expect(drugs).toBeLessThan(0.28);
  });

  it('makes valid, marked incident bodies with priorities 1 to 5', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 200; i += 1) {
      const body = sampleIncident(seeds, random, `sim-test-${i}`);
      expect(Value.Check(IncidentCreateSchema, body)).toBe(true);
      expect(body.externalRef).toBe(`sim-test-${i}`);
      expect(body.summary).toMatch(/\(simulated\)$/);
    }
    const priorities = new Set(Array.from({ length: 500 }, () => priorityFor('robbery', random)));
    expect([...priorities].sort()).toEqual([1, 2, 3]);
    expect(priorityFor('bicycle-theft', () => 0.95)).toBe(5);
  });
});
