import { Type, type Static } from 'typebox';
import { EventIdSchema, LatitudeSchema, LongitudeSchema } from '../schemas/common.js';
import { IncidentFeatureSchema } from '../schemas/incident-feature.js';
import { CATEGORY_SLUGS } from '../categories.js';
import { OBSERVATION_KIND_SLUGS } from '../observations/kinds.js';
import { ObservationFeatureSchema } from '../schemas/observation.js';
import { ResponseFeatureSchema } from '../schemas/response.js';
import { FeedbackFeatureSchema } from '../schemas/feedback.js';
import type { AlertNotification } from '../schemas/alert.js';
import { LAYERS } from './constants.js';

/**
 * The live stream's contract, both ways, used by the server's socket plugin and
 * by client/src/api. Bump PROTOCOL_VERSION on any incompatible change: the server refuses a
 * handshake from another version with an `incompatible_protocol` connect error.
 */
export { LAYERS, PROTOCOL_VERSION, SOCKET_PATH, type Layer } from './constants.js';

/** Sent by the client at connection, as socket.io's `auth`. */
export const HandshakeSchema = Type.Object(
  {
    protocol: Type.Integer(),
    /** An API key; without one the socket is public. */
    token: Type.Optional(Type.String({ maxLength: 200 })),
    /**
     * The public's stream whatever credentials come along (the embeds send it): the session
     * cookie and any token are ignored.
     */
    anonymous: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type Handshake = Static<typeof HandshakeSchema>;

export const SubscribeSchema = Type.Object(
  {
    bbox: Type.Tuple([LongitudeSchema, LatitudeSchema, LongitudeSchema, LatitudeSchema], {
      description: '[minLon, minLat, maxLon, maxLat], min < max',
    }),
    layers: Type.Array(Type.Enum(LAYERS), {
      minItems: 1,
      maxItems: LAYERS.length,
      uniqueItems: true,
    }),
    /** Incident categories and observation kinds (each layer's items match by their own). */
    categories: Type.Optional(
      Type.Array(Type.Enum([...new Set([...CATEGORY_SLUGS, ...OBSERVATION_KIND_SLUGS])]), {
        maxItems: 64,
        uniqueItems: true,
      }),
    ),
    /** The last event id the client has seen: it first receives every matching event after it. */
    since: Type.Optional(EventIdSchema()),
  },
  { additionalProperties: false },
);
export type Subscribe = Static<typeof SubscribeSchema>;

export type SubscribeAck =
  | { ok: true; cursor: number }
  | { ok: false; error: string; message: string; details?: { path: string; message: string }[] };

/**
 * What a `removed` event carries: only the id of the feature to take off the map. Its
 * properties are empty: any property read of them is `undefined`.
 */
export const RemovedFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: Type.Null(),
  properties: Type.Record(Type.String(), Type.Never()),
});
export type RemovedFeature = Static<typeof RemovedFeatureSchema>;

const IncidentChangeEventSchema = Type.Object({
  id: EventIdSchema({ description: 'The event id, increasing' }),
  layer: Type.Literal('incidents'),
  type: Type.Enum(['created', 'updated']),
  /** Public or dispatcher, as the socket's role decides. */
  feature: IncidentFeatureSchema,
});

const ObservationChangeEventSchema = Type.Object({
  id: EventIdSchema({ description: 'The event id, increasing' }),
  layer: Type.Literal('observations'),
  type: Type.Enum(['created', 'updated']),
  /** The public item (a report or its corroborated group), or for dispatch the one report. */
  feature: ObservationFeatureSchema,
});

const ResponseChangeEventSchema = Type.Object({
  id: EventIdSchema({ description: 'The event id, increasing' }),
  layer: Type.Literal('responses'),
  type: Type.Enum(['created', 'updated']),
  /** At the incident's public point, or for dispatch its exact one; id: the response id. */
  feature: ResponseFeatureSchema,
});

const FeedbackChangeEventSchema = Type.Object({
  id: EventIdSchema({ description: 'The event id, increasing' }),
  layer: Type.Literal('feedback'),
  type: Type.Enum(['created', 'updated']),
  /** One response's ratings (count, mean, distribution) at its incident's public point. */
  feature: FeedbackFeatureSchema,
});

const RemovalEventSchema = Type.Object({
  id: EventIdSchema({ description: 'The event id, increasing' }),
  layer: Type.Enum(LAYERS),
  type: Type.Literal('removed'),
  feature: RemovedFeatureSchema,
});

/** One change, sent only to matching subscriptions, at most once per id, in id order. */
export const StreamEventSchema = Type.Union([
  IncidentChangeEventSchema,
  ObservationChangeEventSchema,
  ResponseChangeEventSchema,
  FeedbackChangeEventSchema,
  RemovalEventSchema,
]);
export type StreamEvent = Static<typeof StreamEventSchema>;
/** The events a layer's store applies: its own changes, and removals (of any layer's id). */
export type IncidentStreamEvent =
  Static<typeof IncidentChangeEventSchema> | Static<typeof RemovalEventSchema>;
export type ObservationStreamEvent =
  Static<typeof ObservationChangeEventSchema> | Static<typeof RemovalEventSchema>;
export type ResponseStreamEvent =
  Static<typeof ResponseChangeEventSchema> | Static<typeof RemovalEventSchema>;
export type FeedbackStreamEvent =
  Static<typeof FeedbackChangeEventSchema> | Static<typeof RemovalEventSchema>;
export type StreamFeature = StreamEvent['feature'];

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
  /** One of the signed-in person's area alerts fired (server/alerts); only to their sockets. */
  alert: (notification: AlertNotification) => void;
}

export interface ClientToServerEvents {
  subscribe: (subscription: Subscribe, ack: (ack: SubscribeAck) => void) => void;
  unsubscribe: (ack: (ack: SubscribeAck) => void) => void;
}
