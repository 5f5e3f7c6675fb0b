import { describe, expect, it } from 'vitest';
import type { CategorySlug } from '../../shared/categories.js';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import type { IncidentStatus } from '../../shared/schemas/incident-constants.js';
import type {
  DispatcherIncidentFeature,
  IncidentFeature,
  PublicIncidentFeature,
} from '../../shared/schemas/incident-feature.js';
import type { IncidentFilter } from '../../client/src/state/incident-filter.js';
import {
  IncidentStacks,
  stackKeyOf,
  stackMembers,
  type StackFeature,
} from '../../client/src/state/incident-stacks.js';
import { IncidentStore, type SourceDiff } from '../../client/src/state/incident-store.js';

/**
 * Stacks through the real store: the store's diffs go through IncidentStacks, as the map's
 * incidents source receives them, and the stacks' source is replayed here as a map of features
 * by id, so every assertion is on what the map would hold.
 */
const NOW = Date.parse('2026-11-25T12:00:00Z');
const ALL: IncidentFilter = {
  categories: new Set(),
  range: { fromMs: NOW - 86_400_000, toMs: NOW + 60_000 },
  playbackHeadMs: null,
};
/** Two public grid points ~150 m apart, as the geomask writes them. */
const CELL_A: [number, number] = [-123.1182, 49.2802];
const CELL_B: [number, number] = [-123.1162, 49.2812];

function feature(
  id: string,
  at: [number, number],
  overrides: Partial<{ category: CategorySlug; status: IncidentStatus; minutesAgo: number }> = {},
): PublicIncidentFeature {
  const time = new Date(NOW - (overrides.minutesAgo ?? 1) * 60_000).toISOString();
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: at },
    properties: {
      category: overrides.category ?? 'theft',
      status: overrides.status ?? 'open',
      priority: 3,
      occurredAt: time,
      reportedAt: time,
      createdAt: time,
      updatedAt: time,
      summary: 'x',
      source: 'api',
      locationPrecision: 'approximate',
      precisionMetres: 150,
      district: null,
      place: null,
    },
  };
}

function change(id: number, type: 'created' | 'updated', f: IncidentFeature): StreamEvent {
  return { id, layer: 'incidents', type, feature: f };
}

function removal(id: number, incidentId: string): StreamEvent {
  const feature = { type: 'Feature' as const, id: incidentId, geometry: null, properties: {} };
  return { id, layer: 'incidents', type: 'removed', feature };
}

/** A store whose diffs feed stacks, and the stacks' source as the map would hold it. */
function stackedStore() {
  const store = new IncidentStore(ALL);
  const stacks = new IncidentStacks();
  const source = new Map<number, StackFeature>();
  const sink = stacks.sink({
    replace(features) {
      source.clear();
      for (const f of features) source.set(f.id, f);
    },
    apply(diff: SourceDiff<StackFeature>) {
      for (const id of diff.remove) {
        expect(source.has(id), `removes stack ${id}, which the source holds`).toBe(true);
        source.delete(id);
      }
      for (const f of diff.add) {
        expect(source.has(f.id), `adds stack ${f.id} once`).toBe(false);
        source.set(f.id, f);
      }
    },
  });
  sink.replace(store.mapFeatures());
  const at = (point: [number, number]) =>
    [...source.values()].filter((f) => f.properties.stackKey === stackKeyOf(...point));
  const counts = () =>
    Object.fromEntries(
      [...source.values()].map((f) => [f.properties.stackKey, f.properties.count]),
    );
  return {
    store,
    stacks,
    source,
    at,
    counts,
    snapshot(features: IncidentFeature[]) {
      sink.apply(store.applySnapshot(features, store.beginSnapshot()));
    },
    events(events: StreamEvent[]) {
      sink.apply(store.applyEvents(events).diff);
    },
    filter(filter: IncidentFilter) {
      sink.apply(store.setFilter(filter));
    },
  };
}

describe('IncidentStacks', () => {
  it('draws incidents on the same public point as one stack with their count', () => {
    const map = stackedStore();
    map.snapshot([
      feature('a1', CELL_A, { minutesAgo: 30 }),
      feature('a2', CELL_A, { minutesAgo: 5, category: 'robbery' }),
      feature('a3', CELL_A, { minutesAgo: 60 }),
      feature('b1', CELL_B),
    ]);
    expect(map.source.size).toBe(2);
    expect(map.counts()).toEqual({ [stackKeyOf(...CELL_A)]: 3, [stackKeyOf(...CELL_B)]: 1 });
    const [stackA] = map.at(CELL_A);
    // The symbol is the most recent incident's.
    expect(stackA?.properties).toMatchObject({ incidentId: 'a2', category: 'robbery', count: 3 });
    expect(stackA?.geometry.coordinates).toEqual(CELL_A);
    // The panel's list: the store's records at the point, the most recent first.
    const key = stackKeyOf(...CELL_A);
    expect(stackMembers(map.store.visibleRecords(), key).map((r) => r.id)).toEqual([
      'a2',
      'a1',
      'a3',
    ]);
  });

  it('updates the count live on create, update and remove, keeping the stack id', () => {
    const map = stackedStore();
    map.snapshot([feature('a1', CELL_A), feature('a2', CELL_A)]);
    const id = map.at(CELL_A)[0]?.id;
    expect(id).toBeDefined();

    map.events([change(1, 'created', feature('a3', CELL_A, { minutesAgo: 0 }))]);
    expect(map.at(CELL_A).map((f) => [f.id, f.properties.count])).toEqual([[id, 3]]);
    expect(map.at(CELL_A)[0]?.properties.incidentId).toBe('a3');

    map.events([change(2, 'updated', feature('a1', CELL_A, { status: 'resolved' }))]);
    expect(map.at(CELL_A).map((f) => [f.id, f.properties.count])).toEqual([[id, 3]]);
    expect(map.stacks.stackIdOfIncident(map.store.get('a1')?.mapId ?? -1)).toBe(id);

    map.events([removal(3, 'a3'), removal(4, 'a2')]);
    expect(map.at(CELL_A).map((f) => [f.id, f.properties.count])).toEqual([[id, 1]]);
    expect(map.at(CELL_A)[0]?.properties.incidentId).toBe('a1');

    map.events([removal(5, 'a1')]);
    expect(map.source.size).toBe(0);
    expect(map.stacks.size).toBe(0);
    expect(map.stacks.stackIdAt(stackKeyOf(...CELL_A))).toBeUndefined();
  });

  it('moves an incident whose point changes to the stack of its new point', () => {
    const map = stackedStore();
    map.snapshot([feature('a1', CELL_A), feature('a2', CELL_A), feature('b1', CELL_B)]);
    // A category with a coarser policy moves the public point to another cell.
    map.events([change(1, 'updated', feature('a2', CELL_B, { category: 'burglary' }))]);
    expect(map.counts()).toEqual({ [stackKeyOf(...CELL_A)]: 1, [stackKeyOf(...CELL_B)]: 2 });
  });

  it('counts only what the filter shows, and fades a stack only when all of it is resolved', () => {
    const map = stackedStore();
    map.snapshot([
      feature('new', CELL_A, { minutesAgo: 1, status: 'resolved' }),
      feature('old', CELL_A, { minutesAgo: 20, category: 'robbery' }),
    ]);
    expect(map.at(CELL_A)[0]?.properties).toMatchObject({ incidentId: 'new', status: 'open' });

    map.filter({ ...ALL, categories: new Set(['theft']) });
    expect(map.at(CELL_A)[0]?.properties).toMatchObject({ count: 1, status: 'resolved' });
    map.filter(ALL);
    expect(map.at(CELL_A)[0]?.properties.count).toBe(2);
  });

  it('never stacks an incident without a point, nor a dispatcher’s exact places apart', () => {
    const map = stackedStore();
    // Outside the contract, as a broken server could send it: no point, never drawn.
    const noPoint = { ...feature('nowhere', CELL_A), geometry: null } as unknown as IncidentFeature;
    // A dispatcher's hidden incident (no public point) at its exact place, a few metres from
    // another incident's exact place: two symbols, not one stack.
    const hidden: DispatcherIncidentFeature = {
      ...feature('hidden', [-123.11821, 49.28021]),
      properties: {
        ...feature('hidden', CELL_A).properties,
        category: 'domestic-abuse',
        summary: 'x',
        locationPrecision: 'exact',
        precisionMetres: 0,
        externalRef: null,
        visibility: 'hidden',
        publicLocation: null,
      },
    };
    const near = {
      ...hidden,
      id: 'near',
      geometry: { type: 'Point' as const, coordinates: CELL_A },
    };
    map.snapshot([noPoint, hidden, near, feature('a1', CELL_A)]);
    expect(map.store.get('nowhere')).toBeUndefined();
    expect(map.counts()).toEqual({
      [stackKeyOf(-123.11821, 49.28021)]: 1,
      [stackKeyOf(...CELL_A)]: 2,
    });
    expect(map.at(CELL_A)[0]?.properties.count).toBe(2);
  });

  it('keeps stack ids across a full replace, so the selection ring stays on its stack', () => {
    const store = new IncidentStore(ALL);
    const stacks = new IncidentStacks();
    store.applySnapshot(
      [feature('a1', CELL_A), feature('a2', CELL_A), feature('b1', CELL_B)],
      store.beginSnapshot(),
    );
    const first = stacks.replace(store.mapFeatures());
    const idAt = (features: StackFeature[], point: [number, number]) =>
      features.find((f) => f.properties.stackKey === stackKeyOf(...point))?.id;
    store.applySnapshot([feature('a1', CELL_A), feature('b1', CELL_B)], store.beginSnapshot());
    const second = stacks.replace(store.mapFeatures());
    expect(idAt(second, CELL_A)).toBe(idAt(first, CELL_A));
    expect(idAt(second, CELL_B)).toBe(idAt(first, CELL_B));
    expect(second.map((f) => f.properties.count).sort()).toEqual([1, 1]);
  });

  it('rings a stack while any of its incidents has an open appeal, live and after a snapshot', () => {
    const map = stackedStore();
    const appeal = (state: 'open' | 'closed', tips = 0) => ({
      id: '6f1c9f8e-2d3b-4c5a-9e7f-0a1b2c3d4e5f',
      text: 'Did you see a grey van?',
      until: new Date(NOW + 86_400_000).toISOString(),
      state,
      tips,
      thanks: null,
    });
    const withAppeal = (f: PublicIncidentFeature, a: ReturnType<typeof appeal>) => ({
      ...f,
      properties: { ...f.properties, appeal: a },
    });
    const older = feature('a1', CELL_A, { minutesAgo: 30 });
    map.snapshot([older, feature('a2', CELL_A, { minutesAgo: 5 }), feature('b1', CELL_B)]);
    expect(map.at(CELL_A)[0]?.properties.appeal).toBe(false);

    // The appeal is on the older incident: the stack's symbol is the newer one's, ringed anyway.
    map.events([change(1, 'updated', withAppeal(older, appeal('open')))]);
    expect(map.at(CELL_A)[0]?.properties).toMatchObject({ incidentId: 'a2', appeal: true });
    expect(map.at(CELL_B)[0]?.properties.appeal).toBe(false);
    expect(map.store.get('a1')?.openAppeal).toBe(true);
    expect(map.store.get('a2')?.openAppeal).toBe(false);

    // The appeal leaves updatedAt alone: a later snapshot still replaces the record.
    map.snapshot([
      withAppeal(older, appeal('closed', 2)),
      feature('a2', CELL_A, { minutesAgo: 5 }),
      feature('b1', CELL_B),
    ]);
    expect(map.at(CELL_A)[0]?.properties.appeal).toBe(false);
    expect(map.store.get('a1')?.properties.appeal?.tips).toBe(2);
  });
});
