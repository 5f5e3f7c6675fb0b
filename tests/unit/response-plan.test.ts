import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/random.js';
import {
  planResponse,
  slowestResponseMs,
  stepsReachedBy,
} from '../../server/demo/response-plan.js';

const MINUTE = 60_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function onSceneAfter(plan: ReturnType<typeof planResponse>): number {
  return plan.steps.find((s) => s.step === 'on_scene')?.afterMs ?? Number.NaN;
}

describe('planResponse', () => {
  it('plans every step in order, from received at 0 to cleared, within the slowest', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 500; i += 1) {
      const priority = 1 + (i % 5);
      const plan = planResponse(priority, random);
      expect(plan.steps.map((s) => s.step)).toEqual([
        'received',
        'dispatched',
        'en_route',
        'on_scene',
        'cleared',
      ]);
      const times = plan.steps.map((s) => s.afterMs);
      expect(times[0]).toBe(0);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.at(-1)).toBeLessThanOrEqual(slowestResponseMs(priority));
      expect(plan.officerInitiated).toBe(false);
    }
  });

  it('reaches the scene sooner the more urgent the call, near what San Francisco shows', () => {
    const random = seededRandom(4);
    const medians = [1, 2, 3].map(
      (p) =>
        median(Array.from({ length: 2000 }, () => onSceneAfter(planResponse(p, random)))) / MINUTE,
    );
    // SF, January 2026, calls from the public: A 8.4, B 29.2, C 61.8 minutes.
    expect(medians[0]).toBeGreaterThan(5);
    expect(medians[0]).toBeLessThan(12);
    expect(medians[1]).toBeGreaterThan(20);
    expect(medians[1]).toBeLessThan(40);
    expect(medians[2]).toBeGreaterThan(45);
    expect(medians[2]).toBeLessThan(80);
  });

  it('puts an officer-initiated call on scene at once, then clears it', () => {
    const random = seededRandom(5);
    const plans = Array.from({ length: 1000 }, () =>
      planResponse(3, random, { officerInitiatedShare: 0.2 }),
    );
    const mine = plans.filter((plan) => plan.officerInitiated);
    expect(mine.length).toBeGreaterThan(150);
    expect(mine.length).toBeLessThan(250);
    for (const plan of mine) {
      expect(plan.steps.slice(0, 4).map((s) => s.afterMs)).toEqual([0, 0, 0, 0]);
      expect(plan.steps[4]?.afterMs).toBeGreaterThan(0);
    }
  });

  it('runs faster by the speed given, and tells which steps are reached by a time', () => {
    const normal = planResponse(2, seededRandom(6));
    const fast = planResponse(2, seededRandom(6), { speed: 60 });
    expect(fast.steps[3]?.afterMs).toBeCloseTo((normal.steps[3]?.afterMs ?? 0) / 60, -1);
    const dispatchedAt = normal.steps[1]?.afterMs ?? 0;
    expect(stepsReachedBy(normal, dispatchedAt).map((s) => s.step)).toEqual([
      'received',
      'dispatched',
    ]);
    expect(stepsReachedBy(normal, 0).map((s) => s.step)).toEqual(['received']);
  });
});
