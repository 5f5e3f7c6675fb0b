import { describe, expect, it } from 'vitest';
import type { EventRange, RelayRow } from '../../../server/realtime/event-log.js';
import { Relay, type Demand } from '../../../server/realtime/relay.js';
import { CommitSignal } from '../../../server/record/commit-signal.js';
import { created, incidentRow } from './incident-rows.js';
import { MemoryEventLog, settle } from './memory-stream.js';

function rows(firstId: number, count: number): RelayRow[] {
  return Array.from({ length: count }, (_, i) =>
    created(
      firstId + i,
      incidentRow(`0190a6d2-7b3c-7def-8123-${String(i).padStart(12, '0')}`, [0, 0]),
    ),
  );
}

function startRelay(log: MemoryEventLog, demand: () => Demand, batchSize = 3) {
  const commits = new CommitSignal();
  const batches: number[][] = [];
  const privateParts: boolean[] = [];
  const errors: unknown[] = [];
  const relay = new Relay(log, {
    listenUrl: undefined,
    commits,
    pollMs: 60_000,
    batchSize,
    demand,
    onRows: (batch) => {
      batches.push(batch.map((row) => row.id));
      privateParts.push(...batch.map((row) => row.private.feature !== undefined));
    },
    onError: (error) => errors.push(error),
  });
  return { relay, commits, batches, privateParts, errors };
}

describe('the relay', () => {
  it('starts at the head and relays what is committed after, woken by the commit signal, in batches', async () => {
    const log = new MemoryEventLog();
    log.append(...rows(1, 2));
    const { relay, commits, batches } = startRelay(log, () => 'public');
    await relay.start();
    expect(relay.cursor).toBe(2);
    log.append(...rows(3, 7));
    commits.notify();
    await settle();
    expect(batches).toEqual([[3, 4, 5], [6, 7, 8], [9]]);
    expect(relay.cursor).toBe(9);
    await relay.stop();
    log.append(...rows(10, 1));
    commits.notify();
    await settle();
    expect(relay.cursor).toBe(9);
  });

  it('with nobody listening, follows the head without reading the rows', async () => {
    const log = new MemoryEventLog();
    const { relay, commits, batches } = startRelay(log, () => 'none');
    await relay.start();
    log.append(...rows(1, 5));
    commits.notify();
    await settle();
    expect(log.reads).toBe(0);
    expect(batches).toEqual([]);
    expect(relay.cursor).toBe(5);
    await relay.stop();
  });

  it('reads private parts only on demand, and reads again when a read fetched less than a new listener needs', async () => {
    const log = new MemoryEventLog();
    let demand: Demand = 'public';
    const read = log.read.bind(log);
    log.read = async (range: EventRange) => {
      const found = await read(range);
      // A dispatcher subscribes while the public read is under way.
      demand = 'private';
      return found;
    };
    const { relay, commits, batches, privateParts } = startRelay(log, () => demand, 10);
    await relay.start();
    log.append(...rows(1, 2));
    commits.notify();
    await settle();
    expect(batches).toEqual([[1, 2]]);
    expect(privateParts).toEqual([true, true]);
    await relay.stop();
  });

  it('reads again after a read that a commit woke it during', async () => {
    const log = new MemoryEventLog();
    const { relay, commits, batches } = startRelay(log, () => 'public', 10);
    await relay.start();
    const read = log.read.bind(log);
    let first = true;
    log.read = async (range: EventRange) => {
      const found = await read(range);
      if (first) {
        first = false;
        // Committed after the read's snapshot, and signalled while it is still under way.
        log.append(...rows(2, 1));
        commits.notify();
      }
      return found;
    };
    log.append(...rows(1, 1));
    commits.notify();
    await settle();
    expect(batches).toEqual([[1], [2]]);
    await relay.stop();
  });

  it('reports a failed read and carries on from the same place at the next wake-up', async () => {
    const log = new MemoryEventLog();
    const { relay, commits, batches, errors } = startRelay(log, () => 'public');
    await relay.start();
    log.append(...rows(1, 2));
    log.failing = true;
    commits.notify();
    await settle();
    expect(errors).toHaveLength(1);
    log.failing = false;
    commits.notify();
    await settle();
    expect(batches).toEqual([[1, 2]]);
    await relay.stop();
  });
});
