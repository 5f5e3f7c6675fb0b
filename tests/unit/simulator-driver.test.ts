import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentCreate, IncidentPatch } from '../../shared/schemas/incident.js';
import { seededRandom } from '../../shared/random.js';
import { Simulator, TargetBusyError, type SimulatorTarget } from '../../server/demo/simulator.js';

const seeds = [{ lon: -123.1, lat: 49.25, category: 'theft' as const }];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A target that answers busy to the first `busy` creates and records every call with its time. */
function fakeTarget(busy: number) {
  const calls: { at: number; kind: 'create' | 'patch'; id: string; status?: string }[] = [];
  let creates = 0;
  const target: SimulatorTarget = {
    async create(input: IncidentCreate) {
      creates += 1;
      const id = input.externalRef ?? '';
      calls.push({ at: Date.now(), kind: 'create', id });
      if (creates <= busy) throw new TargetBusyError('HTTP 503');
      return { id };
    },
    async patch(id: string, patch: IncidentPatch) {
      calls.push({ at: Date.now(), kind: 'patch', id, status: patch.status });
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

  it('marks each incident sim-… and follows it with responding, then resolved', async () => {
    const { target, calls } = fakeTarget(0);
    simulator = new Simulator(target, {
      ratePerMinute: 600,
      speed: 20_000,
      seeds,
      random: seededRandom(2),
    });
    simulator.start();
    // About 15 incidents in 1.5 s; a machine busy with other tests fires timers late, so wait
    // for what is checked (a few incidents, one resolved) rather than a fixed time.
    const started = Date.now();
    await sleep(1500);
    while (
      Date.now() - started < 20_000 &&
      (calls.filter((c) => c.kind === 'create').length <= 3 ||
        !calls.some((c) => c.status === 'resolved'))
    ) {
      await sleep(50);
    }
    await simulator.stop();
    const created = calls.filter((c) => c.kind === 'create');
    expect(created.length).toBeGreaterThan(3);
    for (const c of created) expect(c.id).toMatch(/^sim-[a-z0-9]+-\d+$/);
    const resolvedIds = calls.filter((c) => c.status === 'resolved').map((c) => c.id);
    expect(resolvedIds.length).toBeGreaterThan(0);
    for (const id of resolvedIds) {
      expect(calls.filter((c) => c.id === id).map((c) => c.status ?? 'created')).toEqual([
        'created',
        'responding',
        'resolved',
      ]);
    }
  });

  it('logs and skips a refused incident instead of stopping', async () => {
    const target: SimulatorTarget = {
      create: () => Promise.reject(new Error('HTTP 400: bad')),
      patch: () => Promise.resolve(),
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
