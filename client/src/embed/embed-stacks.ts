import type { HeldFeature } from './embed-store.js';

type Point = { type: 'Point'; coordinates: [number, number] };
export type Collection = GeoJSON.FeatureCollection<Point>;

/**
 * Incidents on one (public, snapped) point drawn as one symbol with their count, as the app
 * draws them (client/src/state/incident-stacks.ts): the newest on top.
 */
export function incidentStacks(incidents: HeldFeature[]): Collection {
  const stacks = new Map<string, { top: HeldFeature; topMs: number; count: number }>();
  for (const incident of incidents) {
    const key = `${incident.lon},${incident.lat}`;
    const timeMs = Date.parse(String(incident.properties.occurredAt));
    const stack = stacks.get(key);
    if (!stack) stacks.set(key, { top: incident, topMs: timeMs, count: 1 });
    else {
      stack.count += 1;
      if (timeMs > stack.topMs) Object.assign(stack, { top: incident, topMs: timeMs });
    }
  }
  let id = 0;
  return {
    type: 'FeatureCollection',
    features: [...stacks.values()].map(({ top, topMs, count }) => {
      const appeal = top.properties.appeal as { state?: string } | null | undefined;
      return {
        type: 'Feature',
        id: ++id,
        geometry: { type: 'Point', coordinates: [top.lon, top.lat] },
        properties: {
          incidentId: top.id,
          category: top.properties.category,
          status: top.properties.status,
          occurredAtMs: topMs,
          appeal: appeal?.state === 'open',
          count,
        },
      };
    }),
  };
}
