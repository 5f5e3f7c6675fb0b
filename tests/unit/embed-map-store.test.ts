import { describe, expect, it } from 'vitest';
import { fullMapHref } from '../../client/src/embed/full-map-link.js';
import { incidentStacks } from '../../client/src/embed/embed-stacks.js';
import { windowRange } from '../../client/src/embed/embed-window.js';
import { EmbedStore } from '../../client/src/embed/embed-store.js';
import { parseMapEmbedParams, type MapEmbedParams } from '../../shared/embed/embed-params.js';
import type { StreamEvent, StreamFeature } from '../../shared/realtime/protocol.js';

/** The map embed's pure parts: its store (filter, live events, rows), stacks, window, link. */

const NOW = Date.parse('2026-12-05T12:00:00Z');
const HOUR = 3_600_000;

function incident(id: string, category: string, agoMs: number, lon = -123.1): StreamFeature {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [lon, 49.28] },
    properties: {
      category,
      status: 'open',
      occurredAt: new Date(NOW - agoMs).toISOString(),
      place: 'Downtown',
    },
  } as unknown as StreamFeature;
}

function event(id: number, feature: StreamFeature, type: 'created' | 'updated' = 'created') {
  return { id, layer: 'incidents', type, feature } as unknown as StreamEvent;
}

function params(search: string): MapEmbedParams {
  const parsed = parseMapEmbedParams(search);
  if (!parsed.ok) throw new Error(search);
  return parsed.params;
}

function store(categories: string[] | null = null): EmbedStore {
  return new EmbedStore(['incidents', 'observations'], {
    range: (nowMs) => windowRange({ kind: 'preset', preset: '24h' }, nowMs),
    categories: categories ? new Set(categories) : null,
  });
}

describe('EmbedStore', () => {
  it('keeps what the window and the categories allow, newest first in the rows', () => {
    const held = store(['theft', 'robbery']);
    held.replace(
      'incidents',
      [
        incident('a', 'theft', 2 * HOUR),
        incident('b', 'robbery', HOUR),
        incident('c', 'burglary', HOUR),
        incident('d', 'theft', 30 * HOUR),
      ],
      NOW,
    );
    expect(held.rows().map((row) => row.id)).toEqual(['b', 'a']);
    expect(held.rows()[0]).toMatchObject({
      layer: 'incidents',
      category: 'robbery',
      place: 'Downtown',
    });
  });

  it('applies live events: new ones reported once, updates kept, removals and misfits dropped', () => {
    const held = store(['theft']);
    held.replace('incidents', [incident('a', 'theft', HOUR)], NOW);
    const added = held.apply(
      [event(1, incident('b', 'theft', 0)), event(2, incident('a', 'theft', HOUR), 'updated')],
      NOW,
    );
    expect(added.map((feature) => feature.id)).toEqual(['b']);
    // Recategorised out of the filter: it leaves the map.
    held.apply([event(3, incident('a', 'burglary', HOUR), 'updated')], NOW);
    expect(held.features('incidents').map((feature) => feature.id)).toEqual(['b']);
    held.apply(
      [
        {
          id: 4,
          layer: 'incidents',
          type: 'removed',
          feature: { type: 'Feature', id: 'b', geometry: null, properties: {} },
        },
      ],
      NOW,
    );
    expect(held.features('incidents')).toEqual([]);
    // A layer the embed does not show is ignored.
    expect(
      held.apply(
        [{ ...event(5, incident('r', 'theft', 0)), layer: 'responses' } as StreamEvent],
        NOW,
      ),
    ).toEqual([]);
  });

  it('lets a rolling window drop what it has left behind', () => {
    const held = store();
    held.replace('incidents', [incident('a', 'theft', 23 * HOUR)], NOW);
    expect(held.prune(NOW)).toBe(false);
    expect(held.prune(NOW + 2 * HOUR)).toBe(true);
    expect(held.features('incidents')).toEqual([]);
  });
});

describe('incidentStacks', () => {
  it('draws incidents on one point as one symbol, the newest on top, with their count', () => {
    const held = store();
    held.replace(
      'incidents',
      [
        incident('old', 'theft', 2 * HOUR),
        incident('new', 'robbery', HOUR),
        incident('apart', 'theft', HOUR, -123.2),
      ],
      NOW,
    );
    const stacks = incidentStacks(held.features('incidents'));
    const byTop = new Map(stacks.features.map((f) => [String(f.properties?.incidentId), f]));
    expect([...byTop.keys()].sort()).toEqual(['apart', 'new']);
    expect(byTop.get('new')?.properties).toMatchObject({
      count: 2,
      category: 'robbery',
      appeal: false,
    });
    expect(byTop.get('apart')?.properties).toMatchObject({ count: 1 });
  });
});

describe('windowRange and fullMapHref', () => {
  it('gives a preset window ending a minute ahead, a custom one as given', () => {
    expect(windowRange({ kind: 'preset', preset: '1h' }, NOW)).toEqual({
      fromMs: NOW - HOUR,
      toMs: NOW + 60_000,
    });
    const custom = params('window=custom&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z');
    expect(windowRange(custom.window, NOW)).toEqual({
      fromMs: Date.parse('2026-11-01T00:00:00Z'),
      toMs: Date.parse('2026-11-02T00:00:00Z'),
    });
  });

  it('links to the full map with the same filters and camera', () => {
    expect(
      fullMapHref(params('categories=theft,burglary&layers=incidents,feedback&lang=de&window=7d'), {
        zoom: 13.456,
        lat: 49.28,
        lon: -123.12,
      }),
    ).toBe(
      '/?categories=burglary%2Ctheft&window=7d&layers=incidents%2Cfeedback&lang=de#13.46/49.28000/-123.12000',
    );
    expect(
      fullMapHref(params('window=custom&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z'), null),
    ).toBe(
      '/?window=custom&from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z&layers=incidents&lang=en',
    );
  });
});
