import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  chainHash,
  contentHash,
  sha256Hex,
  verifyChain,
  type PublicEventRecord,
} from '../../shared/audit/chain.js';

function makeChain(count: number): PublicEventRecord[] {
  const events: PublicEventRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let id = 1; id <= count; id += 1) {
    const content = {
      type: 'incident.created',
      entity: 'incident',
      entityId: `00000000-0000-7000-8000-00000000000${id}`,
      at: new Date(Date.UTC(2026, 0, 1, 0, id)).toISOString(),
      public: { visibility: 'point', n: id, nested: { b: 1, a: [1, 'x'] } },
      privateHash: sha256Hex(`private ${id}`),
    };
    const hashOfContent = contentHash(content);
    const hash = chainHash(prevHash, hashOfContent);
    events.push({ ...content, id, contentHash: hashOfContent, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

describe('the audit chain', () => {
  it('hashes RFC 8785 canonical JSON: key order and number spelling do not matter', () => {
    expect(canonicalJson({ b: 1, a: 1e2, c: [0.5, 'é'] })).toBe('{"a":100,"b":1,"c":[0.5,"é"]}');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const [event] = makeChain(1);
    if (!event) throw new Error('no event');
    const reordered = {
      ...event,
      public: { nested: { a: [1, 'x'], b: 1 }, n: 1, visibility: 'point' },
    };
    expect(contentHash(reordered)).toBe(event.contentHash);
  });

  it('verifies an intact chain from genesis and from a known row', () => {
    const events = makeChain(6);
    expect(verifyChain(events)).toEqual({
      ok: true,
      count: 6,
      lastId: 6,
      lastHash: events[5]?.hash,
    });
    const tail = events.slice(3);
    const start = events[2];
    if (!start) throw new Error('no start');
    expect(verifyChain(tail, { id: start.id, hash: start.hash }).ok).toBe(true);
    expect(verifyChain(tail).ok).toBe(false);
  });

  it('detects a changed, a removed, a reordered and a re-hashed row', () => {
    const events = makeChain(5);
    const changed = structuredClone(events);
    (changed[1] as { public: { n: number } }).public.n = 99;
    expect(verifyChain(changed)).toMatchObject({ ok: false, id: 2 });

    expect(verifyChain([...events.slice(0, 2), ...events.slice(3)])).toMatchObject({
      ok: false,
      id: 4,
    });

    const swapped = [events[0], events[2], events[1], events[3]] as PublicEventRecord[];
    expect(verifyChain(swapped).ok).toBe(false);

    // Rewriting a row and recomputing its own hashes still breaks the link to the next row.
    const forged = structuredClone(events);
    const victim = forged[2] as PublicEventRecord & { public: { n: number } };
    victim.public.n = 42;
    victim.contentHash = contentHash(victim);
    victim.hash = chainHash(victim.prevHash, victim.contentHash);
    expect(verifyChain(forged)).toMatchObject({ ok: false, id: 4 });
  });
});
