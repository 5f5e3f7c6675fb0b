import { Type, type Static } from 'typebox';
import { EventIdSchema } from '../schemas/common.js';
import { CategorySchema } from '../schemas/incident.js';
import { LAYERS, type Layer } from './constants.js';

/**
 * The live stream's contract (API.md, "Live stream"), used by the server's socket plugin and
 * by client/src/api. Bump PROTOCOL_VERSION on any incompatible change: the server refuses a
 * handshake from another version with an `incompatible_protocol` connect error.
 */
export { LAYERS, PROTOCOL_VERSION, SOCKET_PATH, type Layer } from './constants.js';

const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });

/** Sent by the client at connection, as socket.io's `auth`. */
export const HandshakeSchema = Type.Object(
  {
    protocol: Type.Integer(),
    /** An API key; without one the socket is public. */
    token: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type Handshake = Static<typeof HandshakeSchema>;

export const SubscribeSchema = Type.Object(
  {
    bbox: Type.Tuple([Longitude, Latitude, Longitude, Latitude], {
      description: '[minLon, minLat, maxLon, maxLat], min < max',
    }),
    layers: Type.Array(Type.Enum(LAYERS), {
      minItems: 1,
      maxItems: LAYERS.length,
      uniqueItems: true,
    }),
    categories: Type.Optional(Type.Array(CategorySchema, { maxItems: 64, uniqueItems: true })),
    /** The last event id the client has seen: it first receives every matching event after it. */
    since: Type.Optional(EventIdSchema()),
  },
  { additionalProperties: false },
);
export type Subscribe = Static<typeof SubscribeSchema>;

export type SubscribeAck =
  | { ok: true; cursor: number }
  | { ok: false; error: string; message: string; details?: { path: string; message: string }[] };

export interface StreamFeature {
  type: 'Feature';
  id: string;
  /** null only in `removed` events. */
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Record<string, unknown>;
}

/** One change, sent only to matching subscriptions, at most once per id, in id order. */
export interface StreamEvent {
  id: number;
  layer: Layer;
  type: 'created' | 'updated' | 'removed';
  feature: StreamFeature;
}

/**
 * The server cannot (or will not) stream the missed events: the client reloads its snapshot
 * by bbox and subscribes again with `since: cursor`.
 */
export interface Resync {
  /** `ahead_of_server`: `since` is past the last event there is (a restored database). */
  reason: 'backlog_too_large' | 'too_slow' | 'ahead_of_server';
  cursor: number;
}

export interface ServerToClientEvents {
  event: (event: StreamEvent) => void;
  resync: (resync: Resync) => void;
}

export interface ClientToServerEvents {
  subscribe: (subscription: Subscribe, ack: (ack: SubscribeAck) => void) => void;
  unsubscribe: (ack: (ack: SubscribeAck) => void) => void;
}
