import type { Layer, StreamEvent, StreamFeature } from '../../shared/realtime/protocol.js';
import type { Retraction } from '../audit/events.service.js';

/** An events row as the relay reads it. */
export interface RelayRow {
  id: number;
  type: string;
  entity_type: string;
  entity_id: string;
  /** Empty once withheld. */
  public: { feature?: StreamFeature };
  private: { feature?: StreamFeature };
  retracts: Retraction | null;
}

/** A public feature taken off the map: `removed` goes to the sockets whose view it was in. */
export interface Retracted {
  event: StreamEvent;
  coordinates: readonly [number, number];
  category: string;
  publishedBy: number;
}

/** One committed event, ready to send: what public sockets get and what dispatchers get. */
export interface Outgoing {
  id: number;
  layer: Layer;
  public: StreamEvent | null;
  /** The public feature this event replaces or takes away, for sockets that no longer match. */
  retracted: Retracted | null;
  dispatcher: StreamEvent | null;
  category: string | undefined;
}

const LAYER_OF_ENTITY: Record<string, Layer | undefined> = {
  incident: 'incidents',
};

function kindOf(type: string): 'created' | 'updated' {
  return type.endsWith('.created') ? 'created' : 'updated';
}

function retractedOf(row: RelayRow, layer: Layer): Retracted | null {
  if (!row.retracts) return null;
  const removed: StreamFeature = {
    type: 'Feature',
    id: row.retracts.id,
    geometry: null,
    properties: {},
  };
  return {
    event: { id: row.id, layer, type: 'removed', feature: removed },
    coordinates: row.retracts.coordinates,
    category: row.retracts.category,
    publishedBy: row.retracts.publishedBy,
  };
}

/**
 * Decides what an event means for each audience. A public socket gets the new public feature
 * when it matches its subscription, or `removed` when only the feature it replaces did (the
 * incident left its view, its categories, or public view altogether), and nothing otherwise:
 * a socket that never saw an incident learns nothing of its change.
 */
export function toOutgoing(row: RelayRow): Outgoing | null {
  const layer = LAYER_OF_ENTITY[row.entity_type];
  if (!layer) return null;
  const kind = kindOf(row.type);
  const publicFeature = row.public.feature;
  const exactFeature = row.private.feature;
  // The private part is read only when a dispatcher listens: take the category where it is.
  const category = publicFeature?.properties.category ?? exactFeature?.properties.category;
  return {
    id: row.id,
    layer,
    public: publicFeature ? { id: row.id, layer, type: kind, feature: publicFeature } : null,
    retracted: retractedOf(row, layer),
    dispatcher: exactFeature ? { id: row.id, layer, type: kind, feature: exactFeature } : null,
    category: typeof category === 'string' ? category : undefined,
  };
}
