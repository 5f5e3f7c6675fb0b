import { describe, expect, it } from 'vitest';
import type { CategorySlug } from '../../shared/categories.js';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import type { IncidentStatus } from '../../shared/schemas/incident-constants.js';
import type {
  IncidentFeature,
  PublicIncidentFeature,
} from '../../shared/schemas/incident-feature.js';
import type { IncidentFilter } from '../../client/src/state/incident-filter.js';
import { IncidentStore } from '../../client/src/state/incident-store.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const ALL: IncidentFilter = {
  categories: new Set(),
  range: { fromMs: NOW - 86_400_000, toMs: NOW + 60_000 },
  playbackHeadMs: null,
};

function feature(
  id: string,
  overrides: Partial<{
    category: CategorySlug;
    status: IncidentStatus;
    at: number;
    lon: number;
  }> = {},
): PublicIncidentFeature {
  const at = new Date(overrides.at ?? NOW - 60_000).toISOString();
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [overrides.lon ?? -123.1, 49.28] },
    properties: {
      category: overrides.category ?? 'theft',
      status: overrides.status ?? 'open',
      priority: 3,
      occurredAt: at,
      reportedAt: at,
      createdAt: at,
      updatedAt: at,
      summary: 'x',
      source: 'api',
      locationPrecision: 'approximate',
      precisionMetres: 150,
      district: null,
      place: null,
    },
  };
}

function event(id: number, type: StreamEvent['type'], f: PublicIncidentFeature): StreamEvent {
  if (type === 'removed') {
    const removed = { type: 'Feature' as const, id: f.id, geometry: null, properties: {} };
    return { id, layer: 'incidents', type, feature: removed };
  }
  return { id, layer: 'incidents', type, feature: f };
}

describe('IncidentStore', () => {
  it('keeps where in words, and marks a dispatcher incident the public sees nowhere', () => {
    const store = new IncidentStore(ALL);
    const near = feature('near');
    near.properties = {
      ...near.properties,
      district: 'Downtown',
      place: 'near 5XX Homer St, Downtown',
    };
    const hiddenFeature = {
      ...feature('hidden'),
      properties: {
        ...feature('hidden').properties,
        category: 'sexual-offences' as const,
        locationPrecision: 'exact' as const,
        precisionMetres: 0 as const,
        externalRef: null,
        visibility: 'hidden' as const,
        publicLocation: null,
      },
    };
    store.applySnapshot([near, hiddenFeature, feature('plain')], store.beginSnapshot());
    expect(store.get('near')).toMatchObject({
      district: 'Downtown',
      place: 'near 5XX Homer St, Downtown',
      placeNotShown: false,
    });
    expect(store.get('hidden')).toMatchObject({ place: null, placeNotShown: true });
    expect(store.get('plain')).toMatchObject({ place: null, placeNotShown: false });
  });

  it('turns a snapshot into additions, and an unchanged snapshot into nothing', () => {
    const store = new IncidentStore(ALL);
    const first = store.applySnapshot([feature('a'), feature('b')], store.beginSnapshot());
    expect(first.remove).toEqual([]);
    expect(first.add.map((f) => f.properties.incidentId).sort()).toEqual(['a', 'b']);
    const again = store.applySnapshot([feature('a'), feature('b')], store.beginSnapshot());
    expect(again).toEqual({ remove: [], add: [] });
    expect(store.visibleCount).toBe(2);
  });

  it('applies live events as small diffs: an update replaces the same map id', () => {
    const store = new IncidentStore(ALL);
    store.applySnapshot([feature('a')], store.beginSnapshot());
    const mapId = store.get('a')?.mapId;
    const created = store.applyEvents([event(1, 'created', feature('b'))]);
    expect(created.diff.remove).toEqual([]);
    expect(created.diff.add).toHaveLength(1);
    expect(created.created.map((r) => r.id)).toEqual(['b']);

    const updated = store.applyEvents([event(2, 'updated', feature('a', { status: 'resolved' }))]);
    expect(updated.diff.remove).toEqual([mapId]);
    expect(updated.diff.add.map((f) => [f.id, f.properties.status])).toEqual([[mapId, 'resolved']]);
    expect(updated.created).toEqual([]);

    const removed = store.applyEvents([event(3, 'removed', feature('b'))]);
    expect(removed.diff.add).toEqual([]);
    expect(removed.diff.remove).toHaveLength(1);
    expect(store.get('b')).toBeUndefined();
  });

  it('coalesces a batch: created then removed in one frame touches nothing', () => {
    const store = new IncidentStore(ALL);
    const { diff, created } = store.applyEvents([
      event(1, 'created', feature('x')),
      event(2, 'removed', feature('x')),
    ]);
    expect(diff).toEqual({ remove: [], add: [] });
    expect(created).toEqual([]);
  });

  it('lets live changes made during a snapshot request win over the older snapshot', () => {
    const store = new IncidentStore(ALL);
    store.applySnapshot([feature('a'), feature('gone')], store.beginSnapshot());
    const token = store.beginSnapshot();
    // While the request is in flight: 'a' is updated, 'gone' removed, 'new' created.
    store.applyEvents([
      event(10, 'updated', feature('a', { status: 'responding' })),
      event(11, 'removed', feature('gone')),
      event(12, 'created', feature('new')),
    ]);
    // The snapshot was read before those commits.
    store.applySnapshot([feature('a'), feature('gone')], token);
    expect(store.get('a')?.status).toBe('responding');
    expect(store.get('gone')).toBeUndefined();
    expect(store.get('new')).toBeDefined();
    // A later snapshot is authoritative again.
    store.applySnapshot([feature('a', { status: 'resolved' })], store.beginSnapshot());
    expect(store.get('a')?.status).toBe('resolved');
    expect(store.get('new')).toBeUndefined();
  });

  it('filters by category, time range and playback head, with diffs both ways', () => {
    const store = new IncidentStore(ALL);
    store.applySnapshot(
      [
        feature('theft-old', { at: NOW - 3_600_000 }),
        feature('theft-new', { at: NOW - 60_000 }),
        feature('robbery', { category: 'robbery', at: NOW - 120_000 }),
      ],
      store.beginSnapshot(),
    );
    const onlyTheft = store.setFilter({ ...ALL, categories: new Set(['theft']) });
    expect(onlyTheft.add).toEqual([]);
    expect(onlyTheft.remove).toEqual([store.get('robbery')?.mapId]);
    expect(
      store
        .visibleRecords()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['theft-new', 'theft-old']);

    store.setFilter({ ...ALL, categories: new Set(['theft']), playbackHeadMs: NOW - 1_800_000 });
    expect(store.visibleRecords().map((r) => r.id)).toEqual(['theft-old']);

    const back = store.setFilter(ALL);
    expect(back.add.map((f) => f.properties.incidentId).sort()).toEqual(['robbery', 'theft-new']);
    expect(back.remove).toEqual([]);

    store.setFilter({ ...ALL, range: { fromMs: NOW - 600_000, toMs: NOW } });
    expect(
      store
        .visibleRecords()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['robbery', 'theft-new']);
  });

  it('keeps an incident that is filtered out, and shows it again when the filter allows', () => {
    const store = new IncidentStore({ ...ALL, categories: new Set(['robbery']) });
    const { diff, created } = store.applyEvents([event(1, 'created', feature('t'))]);
    expect(diff.add).toEqual([]);
    expect(created).toEqual([]);
    expect(store.size).toBe(1);
    expect(store.setFilter(ALL).add).toHaveLength(1);
  });

  it('ignores features without a usable point or time', () => {
    const store = new IncidentStore(ALL);
    const broken = feature('broken');
    broken.properties.occurredAt = 'not a date';
    // Outside the contract, as a broken server could send it.
    const noPoint = { ...feature('nogeo'), geometry: null } as unknown as IncidentFeature;
    const diff = store.applySnapshot([broken, noPoint], 0);
    expect(diff.add).toEqual([]);
    expect(store.size).toBe(0);
  });

  it('forgets everything on reset, emptying the map and the live history', () => {
    const store = new IncidentStore(ALL);
    store.applySnapshot([feature('a')], store.beginSnapshot());
    store.applyEvents([event(1, 'created', feature('b'))]);
    const ids = store
      .visibleRecords()
      .map((r) => r.mapId)
      .sort();
    const diff = store.reset();
    expect(diff.add).toEqual([]);
    expect([...diff.remove].sort()).toEqual(ids);
    expect(store.size).toBe(0);
    // No live change survives into the next viewer's snapshot.
    store.applySnapshot([], 0);
    expect(store.get('b')).toBeUndefined();
  });

  it('marks simulated incidents', () => {
    const store = new IncidentStore(ALL);
    const simulated = feature('sim');
    simulated.properties.source = 'simulator';
    store.applySnapshot([simulated, feature('real')], 0);
    expect(store.get('sim')?.simulated).toBe(true);
    expect(store.get('real')?.simulated).toBe(false);
  });
});

describe('IncidentStore.addPage (older incidents beyond the snapshot, issue 11)', () => {
  it('adds a further page without dropping what is known; a live change since wins', () => {
    const store = new IncidentStore(ALL);
    store.applySnapshot([feature('a'), feature('b')], store.beginSnapshot());
    const token = store.beginSnapshot();
    // While the page loads, "c" is resolved live.
    store.applyEvents([event(1, 'updated', feature('c', { status: 'resolved' }))]);
    const diff = store.addPage(
      [
        feature('c', { status: 'open', at: NOW - 7_200_000 }),
        feature('d', { at: NOW - 9_000_000 }),
      ],
      token,
    );
    expect(diff.remove).toEqual([]);
    expect(diff.add.map((f) => f.properties.incidentId)).toEqual(['d']);
    expect(
      store
        .visibleRecords()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
    expect(store.get('c')?.status).toBe('resolved');
  });
});
