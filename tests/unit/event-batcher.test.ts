import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EventQueue,
  FrameBatcher,
  nextFrame,
  type ScheduleFrame,
} from '../../client/src/api/event-batcher.js';

/** A frame clock the test advances by hand. */
function fakeFrames() {
  let callbacks: (() => void)[] = [];
  let requested = 0;
  const schedule: ScheduleFrame = (callback) => {
    requested += 1;
    callbacks.push(callback);
    return () => {
      callbacks = callbacks.filter((c) => c !== callback);
    };
  };
  return {
    schedule,
    get requested() {
      return requested;
    },
    get scheduled() {
      return callbacks.length;
    },
    /** Runs the callbacks scheduled before this frame began. */
    frame() {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    },
  };
}

function setup() {
  const frames = fakeFrames();
  const batches: number[][] = [];
  const batcher = new FrameBatcher<number>((batch) => batches.push(batch), frames.schedule);
  return { frames, batches, batcher };
}

describe('FrameBatcher', () => {
  it('delivers everything queued between two frames as one batch, in order', () => {
    const { frames, batches, batcher } = setup();
    for (const id of [1, 2, 3]) batcher.push(id);
    expect(batches).toEqual([]);
    expect(frames.requested).toBe(1);
    expect(batcher.pending).toBe(3);

    frames.frame();
    expect(batches).toEqual([[1, 2, 3]]);
    expect(batcher.pending).toBe(0);

    batcher.push(4);
    batcher.push(5);
    frames.frame();
    frames.frame(); // nothing queued: no empty batch
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(frames.requested).toBe(2);
  });

  it('queues what arrives while a batch is being applied for the next frame', () => {
    const frames = fakeFrames();
    const batches: number[][] = [];
    const batcher = new FrameBatcher<number>((batch) => {
      batches.push(batch);
      if (batch.includes(1)) batcher.push(3);
    }, frames.schedule);
    batcher.push(1);
    batcher.push(2);
    frames.frame();
    expect(batches).toEqual([[1, 2]]);
    frames.frame();
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('keeps working after the callback throws', () => {
    const frames = fakeFrames();
    const batches: number[][] = [];
    const batcher = new FrameBatcher<number>((batch) => {
      batches.push(batch);
      if (batch.includes(1)) throw new Error('map failed');
    }, frames.schedule);
    batcher.push(1);
    expect(() => {
      frames.frame();
    }).toThrow('map failed');
    batcher.push(2);
    frames.frame();
    expect(batches).toEqual([[1], [2]]);
  });

  it('clear() drops the queue and the scheduled frame', () => {
    const { frames, batches, batcher } = setup();
    batcher.push(1);
    batcher.clear();
    expect(frames.scheduled).toBe(0);
    frames.frame();
    expect(batches).toEqual([]);
  });
});

type Event = { id: number };

function queue() {
  const frames = fakeFrames();
  const batches: number[][] = [];
  const events = new EventQueue<Event>(
    (batch) => batches.push(batch.map((event) => event.id)),
    frames.schedule,
  );
  const receive = (...ids: number[]) => ids.map((id) => events.receive({ id }));
  return { frames, batches, events, receive };
}

describe('EventQueue', () => {
  it('takes increasing ids once, drops duplicates and older ids, and batches per frame', () => {
    const { frames, batches, events, receive } = queue();
    expect(events.lastId).toBeUndefined();
    expect(receive(5, 6, 6, 4, 9)).toEqual([true, true, false, false, true]);
    frames.frame();
    expect(receive(7, 9, 10, 11)).toEqual([false, false, true, true]);
    frames.frame();
    expect(batches).toEqual([
      [5, 6, 9],
      [10, 11],
    ]);
    expect(events.lastId).toBe(11);
    expect(events.received).toBe(5);
  });

  it('starts from a subscribe ack cursor only when nothing has been seen', () => {
    const fresh = queue();
    fresh.events.start(42);
    expect(fresh.events.lastId).toBe(42);
    expect(fresh.receive(42, 43)).toEqual([false, true]);

    // Events seen up to 7: the ones up to the ack's cursor are still to come, so keep 7.
    const resuming = queue();
    resuming.receive(7);
    resuming.events.start(42);
    expect(resuming.events.lastId).toBe(7);
    expect(resuming.receive(8)).toEqual([true]);
  });

  it('on a resync, drops what is queued, takes nothing until the snapshot is loaded, then continues from the cursor', () => {
    const { frames, batches, events, receive } = queue();
    receive(1);
    frames.frame();
    receive(2, 3);

    events.beginResync(5); // the map reloads its snapshot, which includes 2 and 3
    expect(events.resyncing).toBe(true);
    expect(events.lastId).toBe(5);
    expect(frames.scheduled).toBe(0);
    expect(receive(6, 7)).toEqual([false, false]); // replayed after the re-subscription
    frames.frame();
    expect(batches).toEqual([[1]]);

    events.endResync(); // re-subscribed with since = lastId = 5
    expect(events.lastId).toBe(5);
    expect(receive(4, 5, 6, 7)).toEqual([false, false, true, true]);
    frames.frame();
    expect(batches).toEqual([[1], [6, 7]]);
    expect(events.received).toBe(5);
  });

  it('continues from a resync cursor behind the last id (the server was reset)', () => {
    const { frames, batches, events, receive } = queue();
    receive(1000);
    events.beginResync(10);
    events.endResync();
    expect(receive(11, 12)).toEqual([true, true]);
    frames.frame();
    expect(batches).toEqual([[11, 12]]);
  });

  it('clear() drops the queue without delivering it', () => {
    const { frames, batches, events, receive } = queue();
    receive(1, 2);
    events.clear();
    frames.frame();
    expect(batches).toEqual([]);
    expect(events.lastId).toBe(2);
  });
});

describe('nextFrame', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('falls back to a short timer without requestAnimationFrame (Node)', async () => {
    expect('requestAnimationFrame' in globalThis).toBe(false);
    const calls: string[] = [];
    nextFrame(() => calls.push('a'));
    const cancel = nextFrame(() => calls.push('b'));
    cancel();
    expect(calls).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(calls).toEqual(['a']);
  });

  it('uses requestAnimationFrame when there is one', () => {
    const pending = new Map<number, () => void>();
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => {
      pending.set(pending.size + 1, callback);
      return pending.size;
    });
    vi.stubGlobal('cancelAnimationFrame', (handle: number) => pending.delete(handle));
    const calls: string[] = [];
    nextFrame(() => calls.push('a'));
    const cancel = nextFrame(() => calls.push('b'));
    cancel();
    expect([...pending.keys()]).toEqual([1]);
    for (const callback of pending.values()) callback();
    expect(calls).toEqual(['a']);
  });
});
