import { ruleFor, type Audience, type EventPart } from '../../shared/layers/audiences.js';
import { streamedAs } from '../../shared/layers/registry.js';
import type { Layer, StreamEvent } from '../../shared/realtime/protocol.js';
import type { LayerFeature, RelayRow } from './event-log.js';

/** A public feature taken off the map: `removed` goes to the sockets whose view it was in. */
export interface Retracted {
  event: StreamEvent;
  coordinates: readonly [number, number];
  category: string;
  /** The last event about the entity before this one, which a replay may have sent. */
  publishedBy: number;
}

/** One committed event of a streamed layer, ready to send to each audience. */
export interface Outgoing {
  id: number;
  layer: Layer;
  /**
   * The message each part makes: its feature as `created` or `updated`, built once and shared by
   * every audience the rule table gives that part; null where the part has no feature (not
   * shown, withheld, or not read).
   */
  parts: Readonly<Record<EventPart, StreamEvent | null>>;
  /** The public feature this event replaces or takes away, for sockets that no longer match. */
  retracted: Retracted | null;
  category: string | undefined;
}

function changeEvent(
  row: RelayRow,
  layer: Layer,
  type: StreamEvent['type'],
  feature: LayerFeature | undefined,
): StreamEvent | null {
  return feature ? ({ id: row.id, layer, type, feature } as StreamEvent) : null;
}

function retractedOf(row: RelayRow, layer: Layer): Retracted | null {
  if (!row.retracts) return null;
  return {
    event: {
      id: row.id,
      layer,
      type: 'removed',
      feature: { type: 'Feature', id: row.retracts.id, geometry: null, properties: {} },
    },
    coordinates: row.retracts.coordinates,
    category: row.retracts.category,
    publishedBy: row.retracts.publishedBy,
  };
}

/** The row as the live stream sends it, or null for an event no layer streams. */
export function toOutgoing(row: RelayRow): Outgoing | null {
  const streamed = streamedAs(row.entity_type, row.type);
  if (!streamed) return null;
  const { layer, kind } = streamed;
  const publicFeature = row.public.feature;
  const privateFeature = row.private.feature;
  return {
    id: row.id,
    layer,
    parts: {
      public: changeEvent(row, layer, kind, publicFeature),
      private: changeEvent(row, layer, kind, privateFeature),
    },
    retracted: retractedOf(row, layer),
    // The private part is read only when an audience that sees it listens: take it where it is.
    category: publicFeature?.properties.category ?? privateFeature?.properties.category,
  };
}

/** The message an audience gets of an event where it matches, by the rule table; null: none. */
export function messageFor(outgoing: Outgoing, audience: Audience): StreamEvent | null {
  const { part } = ruleFor(outgoing.layer, audience);
  return part ? outgoing.parts[part] : null;
}

/** The removal an audience gets of an event where the feature it replaces matched; null: none. */
export function removalFor(outgoing: Outgoing, audience: Audience): Retracted | null {
  return ruleFor(outgoing.layer, audience).removals ? outgoing.retracted : null;
}
