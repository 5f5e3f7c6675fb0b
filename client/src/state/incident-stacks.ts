import type { Point } from '../../../shared/schemas/common.js';
import type { IncidentRecord, MapFeature, SourceDiff } from './incident-store.js';
import type { SourceSink } from './source-sink.js';

/**
 * Incidents that stand on the same point, drawn as one symbol with their count.
 *
 * Public points are snapped to a grid (150 m or 600 m cells), so many incidents share one and
 * would hide each other. A stack is keyed by the point as drawn: the public point for the
 * public, the exact place for a dispatcher (where only incidents at exactly the same place
 * share one). An incident without a point is never drawn, so it is never in a stack.
 *
 * The stack takes its symbol from its most recent incident (the one the list shows first and
 * the one a live pulse just announced), and its status from its most recent unresolved one, so
 * a stack fades as resolved only when every incident in it is resolved. It carries an appeal
 * when any of its incidents has an open one, so the ring shows whichever incident is on top.
 */

export interface StackProperties extends Readonly<MapFeature['properties']> {
  /** The point's key (stackKeyOf): what selecting the stack opens. */
  stackKey: string;
  /** How many incidents stand on the point. */
  count: number;
}

export interface StackFeature {
  type: 'Feature';
  id: number;
  geometry: Point;
  properties: StackProperties;
}

/** The key of a drawn point: incidents with the same key stand on one point. */
export function stackKeyOf(lon: number, lat: number): string {
  return `${lon},${lat}`;
}

export function stackKeyOfRecord(record: Pick<IncidentRecord, 'lon' | 'lat'>): string {
  return stackKeyOf(record.lon, record.lat);
}

/** The incidents of a stack among these records, the most recent first. */
export function stackMembers(records: Iterable<IncidentRecord>, key: string): IncidentRecord[] {
  const members: IncidentRecord[] = [];
  for (const record of records) if (stackKeyOfRecord(record) === key) members.push(record);
  return members.sort(newestFirst);
}

function newestFirst(a: IncidentRecord, b: IncidentRecord): number {
  return b.occurredAtMs - a.occurredAtMs || a.mapId - b.mapId;
}

interface Stack {
  /** The stack's feature id on the map, kept while the point has incidents (feature-state). */
  readonly id: number;
  readonly key: string;
  readonly coordinates: [number, number];
  readonly members: Map<number, MapFeature>;
}

/**
 * The stacks of the incidents a source shows, kept from the same diffs as the incidents:
 * each incident diff becomes the diff of the stacks it touched.
 */
export class IncidentStacks {
  #stacks = new Map<string, Stack>();
  #stackOfIncident = new Map<number, Stack>();
  #nextId = 1;

  get size(): number {
    return this.#stacks.size;
  }

  /** The stack features of these incidents, replacing what was known (ids kept per point). */
  replace(features: readonly MapFeature[]): StackFeature[] {
    const previous = this.#stacks;
    this.#stacks = new Map();
    this.#stackOfIncident.clear();
    for (const feature of features) this.#join(feature, previous);
    return this.features();
  }

  /** The stacks' diff for an incidents' diff (removals first, as the incidents' diff). */
  apply(diff: SourceDiff): SourceDiff<StackFeature> {
    // Each stack touched, and whether it was drawn before this diff.
    const touched = new Map<Stack, boolean>();
    const touch = (stack: Stack) => {
      if (!touched.has(stack)) touched.set(stack, stack.members.size > 0);
    };
    for (const mapId of diff.remove) {
      const stack = this.#stackOfIncident.get(mapId);
      if (!stack) continue;
      touch(stack);
      stack.members.delete(mapId);
      this.#stackOfIncident.delete(mapId);
    }
    for (const feature of diff.add) {
      const stack = this.#stackFor(feature, this.#stacks);
      touch(stack);
      this.#add(stack, feature);
    }
    const result: SourceDiff<StackFeature> = { remove: [], add: [] };
    for (const [stack, wasDrawn] of touched) {
      // An update removes and adds the same incident: the stack keeps its id.
      if (wasDrawn) result.remove.push(stack.id);
      if (stack.members.size > 0) result.add.push(stackFeature(stack));
      else this.#stacks.delete(stack.key);
    }
    return result;
  }

  features(): StackFeature[] {
    return [...this.#stacks.values()].map(stackFeature);
  }

  /** The map id of the stack an incident (by its map id) stands in. */
  stackIdOfIncident(mapId: number): number | undefined {
    return this.#stackOfIncident.get(mapId)?.id;
  }

  /** The map id of the stack at a point. */
  stackIdAt(key: string): number | undefined {
    return this.#stacks.get(key)?.id;
  }

  /** A source sink of incidents that passes their stacks on to a sink of stacks. */
  sink(stackSink: SourceSink<StackFeature>): SourceSink {
    return {
      replace: (features) => {
        stackSink.replace(this.replace(features));
      },
      apply: (diff) => {
        stackSink.apply(this.apply(diff));
      },
    };
  }

  #join(feature: MapFeature, reuse: Map<string, Stack>): void {
    this.#add(this.#stackFor(feature, reuse), feature);
  }

  #add(stack: Stack, feature: MapFeature): void {
    stack.members.set(feature.id, feature);
    this.#stackOfIncident.set(feature.id, stack);
  }

  /** The stack at the feature's point; a new one keeps the id a stack there had in `reuse`. */
  #stackFor(feature: MapFeature, reuse: Map<string, Stack>): Stack {
    const [lon, lat] = feature.geometry.coordinates;
    const key = stackKeyOf(lon, lat);
    let stack = this.#stacks.get(key);
    if (!stack) {
      stack = {
        id: reuse.get(key)?.id ?? this.#nextId++,
        key,
        coordinates: [lon, lat],
        members: new Map(),
      };
      this.#stacks.set(key, stack);
    }
    return stack;
  }
}

function stackFeature(stack: Stack): StackFeature {
  let newest: MapFeature | undefined;
  let newestOpen: MapFeature | undefined;
  let appeal = false;
  for (const member of stack.members.values()) {
    if (isNewer(member, newest)) newest = member;
    appeal ||= member.properties.appeal;
    if (member.properties.status !== 'resolved' && isNewer(member, newestOpen)) {
      newestOpen = member;
    }
  }
  if (!newest) throw new Error(`stack ${stack.key} has no incident`);
  return {
    type: 'Feature',
    id: stack.id,
    geometry: { type: 'Point', coordinates: stack.coordinates },
    properties: {
      ...newest.properties,
      status: (newestOpen ?? newest).properties.status,
      appeal,
      stackKey: stack.key,
      count: stack.members.size,
    },
  };
}

function isNewer(feature: MapFeature, than: MapFeature | undefined): boolean {
  if (!than) return true;
  const a = feature.properties.occurredAtMs;
  const b = than.properties.occurredAtMs;
  return a > b || (a === b && feature.id < than.id);
}
