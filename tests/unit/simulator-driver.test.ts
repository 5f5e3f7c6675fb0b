import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentCreate } from '../../shared/schemas/incident.js';
import type { ResponseStepCreate } from '../../shared/schemas/response.js';
import { seededRandom } from '../../shared/random.js';
import { Simulator, TargetBusyError, type SimulatorTarget } from '../../server/demo/simulator.js';

const seeds = [{ lon: -123.1, lat: 49.25, category: 'theft' as const }];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A target that answers busy to the first `busy` creates and records every call with its time. */
function fakeTarget(busy: number) {
  const calls: {
    at: number;
    kind: 'create' | 'steps';
    id: string;
    steps?: readonly ResponseStepCreate[];
  }[] = [];
  let creates = 0;
  const target: SimulatorTarget = {
    async create(input: IncidentCreate) {
      creates += 1;
      const id = input.externalRef ?? '';
      calls.push({ at: Date.now(), kind: 'create', id });
      if (creates <= busy) throw new TargetBusyError('HTTP 503');
      return { id };
    },
    async steps(id: string, steps: readonly ResponseStepCreate[]) {
      calls.push({ at: Date.now(), kind: 'steps', id, steps });
    },
  };
  return { target, calls };
}

let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.stop();
});

describe('Simulator', () => {
  it('backs off with doubling waits after busy answers, then carries on', async () => {
    const { target, calls } = fakeTarget(3);
    simulator = new Simulator(target, {
      ratePerMinute: 60_000,
      speed: 1,
      seeds,
      random: seededRandom(1),
      initialBackoffMs: 40,
    });
    simulator.start();
    while (simulator.stats.created < 3) await sleep(10);
    const creates = calls.filter((c) => c.kind === 'create').map((c) => c.at);
    const gaps = creates.slice(1, 4).map((at, i) => at - (creates[i] ?? 0));
    // After the 1st, 2nd and 3rd busy answer: about 40, 80 and 160 ms (timers fire no earlier).
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78);
    expect(gaps[2]).toBeGreaterThanOrEqual(158);
    expect(simulator.stats.backoffs).toBe(3);
    expect(simulator.stats.rejected).toBe(0);
  });

  it('marks each incident sim-… and follows it with its whole response, step by step', async () => {
    const { target, calls } = fakeTarget(0);
    simulator = new Simulator(target, {
      ratePerMinute: 600,
      speed: 20_000,
      seeds,
      random: seededRandom(2),
      officerInitiatedShare: 0.3,
    });
    simulator.start();
    const cleared = () =>
      new Set(
        calls.filter((c) => c.steps?.some((s) => s.step === 'cleared')).map((call) => call.id),
      );
    // A machine busy with other tests fires timers late: wait for what is checked (a few
    // incidents cleared, officer-initiated among them) rather than a fixed time.
    const started = Date.now();
    const enough = () =>
      cleared().size >= 6 &&
      calls.some((c) => c.steps?.some((s) => s.officerInitiated === true) && cleared().has(c.id));
    while (Date.now() - started < 20_000 && !enough()) await sleep(50);
    await simulator.stop();
    const created = calls.filter((c) => c.kind === 'create');
    expect(created.length).toBeGreaterThan(3);
    for (const c of created) expect(c.id).toMatch(/^sim-[a-z0-9]+-\d+$/);
    expect(cleared().size).toBeGreaterThanOrEqual(6);
    let officerInitiated = 0;
    for (const id of cleared()) {
      const mine = calls.filter((c) => c.id === id);
      expect(mine[0]?.kind).toBe('create');
      const batches = mine.slice(1).map((c) => c.steps?.map((s) => s.step) ?? []);
      expect(batches.flat()).toEqual(['received', 'dispatched', 'en_route', 'on_scene', 'cleared']);
      const first = mine[1]?.steps?.[0];
      if (first?.officerInitiated) {
        // An officer's own stop: on scene from the start, then cleared.
        officerInitiated += 1;
        expect(batches).toEqual([['received', 'dispatched', 'en_route', 'on_scene'], ['cleared']]);
      } else {
        expect(batches).toEqual([
          ['received'],
          ['dispatched'],
          ['en_route'],
          ['on_scene'],
          ['cleared'],
        ]);
      }
      // Each step written after the one before it.
      const times = mine.map((c) => c.at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    expect(officerInitiated).toBeGreaterThan(0);
    expect(simulator.stats.steps).toBe(calls.reduce((sum, c) => sum + (c.steps?.length ?? 0), 0));
  });

  it('logs and skips a refused incident instead of stopping', async () => {
    const target: SimulatorTarget = {
      create: () => Promise.reject(new Error('HTTP 400: bad')),
      steps: () => Promise.resolve(),
    };
    const logged: string[] = [];
    simulator = new Simulator(target, {
      ratePerMinute: 60_000,
      speed: 1,
      seeds,
      log: (m) => logged.push(m),
    });
    simulator.start();
    await sleep(100);
    expect(simulator.stats.rejected).toBeGreaterThan(2);
    expect(logged[0]).toMatch(/HTTP 400/);
  });
});
