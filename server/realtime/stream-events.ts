import type { Layer, StreamEvent, StreamFeature } from '../../shared/realtime/protocol.js';

/** An events row as the relay reads it. */
export interface RelayRow {
  id: number;
  type: string;
  entity_type: string;
  entity_id: string;
  public: { feature?: StreamFeature };
  private: { feature?: StreamFeature };
}

/** One committed event, ready to send: what public sockets get and what dispatchers get. */
export interface Outgoing {
  id: number;
  layer: Layer;
  /** The public message; for `removed`, a feature without geometry. */
  public: StreamEvent | null;
  dispatcher: StreamEvent | null;
  category: string | undefined;
}

const LAYER_OF_ENTITY: Record<string, Layer | undefined> = {
  incident: 'incidents',
};

function kindOf(type: string): 'created' | 'updated' {
  return type.endsWith('.created') ? 'created' : 'updated';
}

/**
 * Decides what an event means for each audience. A change that takes an incident out of public
 * view (its category became hidden) reaches public sockets as `removed`, so maps drop it.
 */
export function toOutgoing(row: RelayRow): Outgoing | null {
  const layer = LAYER_OF_ENTITY[row.entity_type];
  if (!layer) return null;
  const kind = kindOf(row.type);
  const publicFeature = row.public.feature;
  const exactFeature = row.private.feature;
  let publicEvent: StreamEvent | null = null;
  if (publicFeature) {
    publicEvent = { id: row.id, layer, type: kind, feature: publicFeature };
  } else if (kind === 'updated') {
    const removed: StreamFeature = {
      type: 'Feature',
      id: row.entity_id,
      geometry: null,
      properties: {},
    };
    publicEvent = { id: row.id, layer, type: 'removed', feature: removed };
  }
  // The private part is read only when a dispatcher listens: take the category where it is.
  const category = publicFeature?.properties.category ?? exactFeature?.properties.category;
  return {
    id: row.id,
    layer,
    public: publicEvent,
    dispatcher: exactFeature ? { id: row.id, layer, type: kind, feature: exactFeature } : null,
    category: typeof category === 'string' ? category : undefined,
  };
}
