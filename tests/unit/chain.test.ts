import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  chainHash,
  contentHash,
  legacyContentHash,
  partHash,
  privatePartProblem,
  sha256Hex,
  verifyChain,
  type PublicEventRecord,
  type PublicEventRecordV1,
  type PublicEventRecordV2,
} from '../../shared/audit/chain.js';

function publicPartOf(id: number) {
  return {
    type: 'incident.created',
    entity: 'incident',
    entityId: `00000000-0000-7000-8000-00000000000${id}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, id)).toISOString(),
    visibility: 'point',
    n: id,
    nested: { b: 1, a: [1, 'x'] },
    salt: sha256Hex(`salt ${id}`).slice(0, 32),
  };
}

function makeChain(count: number): PublicEventRecordV2[] {
  const events: PublicEventRecordV2[] = [];
  let prevHash = GENESIS_HASH;
  for (let id = 1; id <= count; id += 1) {
    const part = publicPartOf(id);
    const hashes = { publicHash: partHash(part), privateHash: sha256Hex(`private ${id}`) };
    const hashOfContent = contentHash(hashes);
    const hash = chainHash(prevHash, hashOfContent);
    events.push({
      v: 2,
      id,
      public: part,
      withheld: null,
      ...hashes,
      contentHash: hashOfContent,
      prevHash,
      hash,
    });
    prevHash = hash;
  }
  return events;
}

/** Serves the event's public part as withheld: its hash stays, the part goes. */
function withhold(event: PublicEventRecordV2, by: number): PublicEventRecordV2 {
  return { ...event, public: null, withheld: { by, reason: 'policy_coarsened' } };
}

describe('the audit chain', () => {
  it('hashes RFC 8785 canonical JSON: key order and number spelling do not matter', () => {
    expect(canonicalJson({ b: 1, a: 1e2, c: [0.5, 'é'] })).toBe('{"a":100,"b":1,"c":[0.5,"é"]}');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const [event] = makeChain(1);
    if (!event) throw new Error('no event');
    const reordered = { ...publicPartOf(1), nested: { a: [1, 'x'], b: 1 } };
    expect(partHash(reordered)).toBe(event.publicHash);
    expect(verifyChain([{ ...event, public: reordered }]).ok).toBe(true);
  });

  it('verifies an intact chain from genesis and from a known row', () => {
    const events = makeChain(6);
    expect(verifyChain(events)).toEqual({
      ok: true,
      count: 6,
      lastId: 6,
      lastHash: events[5]?.hash,
      withheld: 0,
    });
    const tail = events.slice(3);
    const start = events[2];
    if (!start) throw new Error('no start');
    expect(verifyChain(tail, { id: start.id, hash: start.hash }).ok).toBe(true);
    expect(verifyChain(tail).ok).toBe(false);
  });

  it('still verifies when public parts are withheld, and counts them', () => {
    const events: PublicEventRecord[] = makeChain(5);
    events[1] = withhold(events[1] as PublicEventRecordV2, 5);
    events[2] = withhold(events[2] as PublicEventRecordV2, 5);
    expect(verifyChain(events)).toMatchObject({ ok: true, count: 5, withheld: 2 });
  });

  it('refuses a missing public part that is not marked withheld', () => {
    const events = makeChain(3);
    const target = events[1] as PublicEventRecordV2;
    events[1] = { ...target, public: null };
    expect(verifyChain(events)).toMatchObject({ ok: false, id: 2 });
  });

  it('detects a changed, a removed, a reordered and a re-hashed row', () => {
    const events = makeChain(5);
    const changed = structuredClone(events);
    (changed[1]?.public as { n: number }).n = 99;
    expect(verifyChain(changed)).toMatchObject({ ok: false, id: 2 });

    expect(verifyChain([...events.slice(0, 2), ...events.slice(3)])).toMatchObject({
      ok: false,
      id: 4,
    });

    const swapped = [events[0], events[2], events[1], events[3]] as PublicEventRecord[];
    expect(verifyChain(swapped).ok).toBe(false);

    // Rewriting a row and recomputing its own hashes still breaks the link to the next row.
    const forged = structuredClone(events);
    const victim = forged[2] as PublicEventRecordV2;
    (victim.public as { n: number }).n = 42;
    victim.publicHash = partHash(victim.public);
    victim.contentHash = contentHash(victim);
    victim.hash = chainHash(victim.prevHash, victim.contentHash);
    expect(verifyChain(forged)).toMatchObject({ ok: false, id: 4 });
  });

  it('verifies version-1 rows of older databases before version-2 rows', () => {
    const legacy = {
      type: 'incident.created',
      entity: 'incident',
      entityId: '00000000-0000-7000-8000-000000000001',
      at: '2026-01-01T00:00:00.000Z',
      public: { visibility: 'point', n: 1 },
      privateHash: sha256Hex('private legacy'),
    };
    const legacyContent = legacyContentHash(legacy);
    const first: PublicEventRecordV1 = {
      v: 1,
      id: 1,
      ...legacy,
      contentHash: legacyContent,
      prevHash: GENESIS_HASH,
      hash: chainHash(GENESIS_HASH, legacyContent),
    };
    const part = publicPartOf(2);
    const hashes = { publicHash: partHash(part), privateHash: sha256Hex('private 2') };
    const second: PublicEventRecordV2 = {
      v: 2,
      id: 2,
      public: part,
      withheld: null,
      ...hashes,
      contentHash: contentHash(hashes),
      prevHash: first.hash,
      hash: chainHash(first.hash, contentHash(hashes)),
    };
    expect(verifyChain([first, second])).toMatchObject({ ok: true, count: 2 });
    expect(verifyChain([{ ...first, at: '2026-01-02T00:00:00.000Z' }, second]).ok).toBe(false);
  });
});

describe('an erased private part', () => {
  const part = {
    feature: { id: 'x', geometry: { type: 'Point', coordinates: [1, 2] } },
    nonce: 'n',
  };
  const privateHash = partHash(part);

  it('verifies against its privateHash while kept, and as erased once the record says so', () => {
    expect(privatePartProblem(part, privateHash, null)).toBeNull();
    expect(privatePartProblem(null, privateHash, { by: 9, reason: 'retention' })).toBeNull();
  });

  it('fails when it is missing without an erasure, or changed', () => {
    expect(privatePartProblem(null, privateHash, null)).toMatch(/not erased/);
    expect(privatePartProblem({ ...part, nonce: 'm' }, privateHash, null)).toMatch(/privateHash/);
  });

  it('leaves the chain verifying: only the hash of a private part is chained', () => {
    const events = makeChain(3);
    const erased = events.map((event) => ({
      ...event,
      erased: { by: 4, reason: 'reporter_request' as const },
    }));
    expect(verifyChain(erased)).toMatchObject({ ok: true, count: 3 });
  });
});
