import { Type, type Static } from 'typebox';
import {
  HOLD_RULES,
  MODERATION_STATES,
  OBSERVATION_KIND_SLUGS,
  OBSERVATION_TEXT_MAX,
  OBSERVED_BEHAVIOURS,
  VERIFICATION_STATES,
} from '../observations/kinds.js';
import {
  BBOX_DESCRIPTION,
  DateTimeSchema,
  LonLatSchema,
  PointSchema,
  SafeText,
  UuidSchema,
} from './common.js';

/**
 * Citizen observations: what a resident saw. The exact place and the text as written are
 * private; the public sees the kind, the generalised place, the time and moderated text only,
 * and never who reported it.
 */

export const ObservationKindSchema = Type.Enum(OBSERVATION_KIND_SLUGS, {
  description: 'What happened, from the citizen-facing list of events',
});
export const ModerationStateSchema = Type.Enum(MODERATION_STATES);
export const VerificationStateSchema = Type.Enum(VERIFICATION_STATES);
export const HoldRuleSchema = Type.Enum(HOLD_RULES);

/** POST /api/v1/observations. `altcha` is the solved proof-of-work (required when anonymous). */
export const ObservationCreateSchema = Type.Object(
  {
    category: ObservationKindSchema,
    observedAt: Type.Optional(DateTimeSchema),
    location: LonLatSchema,
    behaviours: Type.Optional(
      Type.Array(Type.Enum(OBSERVED_BEHAVIOURS), {
        maxItems: OBSERVED_BEHAVIOURS.length,
        uniqueItems: true,
      }),
    ),
    text: Type.Optional(SafeText({ maxLength: OBSERVATION_TEXT_MAX })),
    incidentId: Type.Optional(UuidSchema),
    altcha: Type.Optional(Type.String({ maxLength: 4096 })),
  },
  { additionalProperties: false },
);
export type ObservationCreate = Static<typeof ObservationCreateSchema>;

/** The 202 answer to a report: its id, and whether it waits for a moderator and why. */
export const ObservationAcceptedSchema = Type.Object({
  id: UuidSchema,
  moderation: ModerationStateSchema,
  heldFor: Type.Array(HoldRuleSchema),
});
export type ObservationAccepted = Static<typeof ObservationAcceptedSchema>;

export const PublicObservationPropertiesSchema = Type.Object({
  category: ObservationKindSchema,
  observedAt: Type.String({ description: 'ISO 8601, UTC, to the quarter hour' }),
  behaviours: Type.Array(Type.Enum(OBSERVED_BEHAVIOURS)),
  text: Type.Union([Type.String(), Type.Null()], { description: 'Moderated text, or null' }),
  verification: VerificationStateSchema,
  reports: Type.Integer({ minimum: 1, description: 'Independent reports shown as this one item' }),
  district: Type.Union([Type.String(), Type.Null()]),
  place: Type.Union([Type.String(), Type.Null()]),
  incidentId: Type.Union([UuidSchema, Type.Null()], { description: 'Set once confirmed' }),
  locationPrecision: Type.Literal('approximate'),
  precisionMetres: Type.Number(),
});
export type PublicObservationProperties = Static<typeof PublicObservationPropertiesSchema>;

export const PublicObservationFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String({ description: 'The observation (or its corroborated group) id' }),
  geometry: PointSchema,
  properties: PublicObservationPropertiesSchema,
});
export type PublicObservationFeature = Static<typeof PublicObservationFeatureSchema>;

export const ObservationCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(PublicObservationFeatureSchema),
});

/** One of the reporter's own observations ("my reports"), with its state. */
export const OwnObservationSchema = Type.Object({
  id: UuidSchema,
  category: ObservationKindSchema,
  observedAt: Type.String(),
  createdAt: Type.String(),
  text: Type.Union([Type.String(), Type.Null()], { description: 'As written; null once erased' }),
  publicText: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([LonLatSchema, Type.Null()], { description: 'Null once erased' }),
  moderation: ModerationStateSchema,
  heldFor: Type.Array(HoldRuleSchema),
  verification: VerificationStateSchema,
  decisionReason: Type.Union([Type.String(), Type.Null()]),
});
export type OwnObservation = Static<typeof OwnObservationSchema>;

/** What a dispatcher sees of one report: the exact place, the text as written, its states. */
export const DispatcherObservationPropertiesSchema = Type.Object({
  category: ObservationKindSchema,
  observedAt: Type.String({ description: 'ISO 8601, UTC, as reported' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  behaviours: Type.Array(Type.Enum(OBSERVED_BEHAVIOURS)),
  text: Type.Union([Type.String(), Type.Null()], { description: 'As written' }),
  publicText: Type.Union([Type.String(), Type.Null()]),
  moderation: ModerationStateSchema,
  heldFor: Type.Array(HoldRuleSchema),
  verification: VerificationStateSchema,
  incidentId: Type.Union([UuidSchema, Type.Null()]),
  groupId: UuidSchema,
  district: Type.Union([Type.String(), Type.Null()]),
  place: Type.Union([Type.String(), Type.Null()]),
  publicLocation: LonLatSchema,
  locationPrecision: Type.Literal('exact'),
  precisionMetres: Type.Literal(0),
});
export type DispatcherObservationProperties = Static<typeof DispatcherObservationPropertiesSchema>;

export const DispatcherObservationFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: UuidSchema,
  /** Null once the exact location is erased. */
  geometry: Type.Union([PointSchema, Type.Null()]),
  properties: DispatcherObservationPropertiesSchema,
});
export type DispatcherObservationFeature = Static<typeof DispatcherObservationFeatureSchema>;

/** Public or dispatcher, as the caller's role decides. */
export const ObservationFeatureSchema = Type.Union([
  PublicObservationFeatureSchema,
  DispatcherObservationFeatureSchema,
]);
export type ObservationFeature = Static<typeof ObservationFeatureSchema>;

export const AnyObservationCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(ObservationFeatureSchema),
});
export type ObservationCollection = Static<typeof AnyObservationCollectionSchema>;

export const ObservationIdParamsSchema = Type.Object({ id: UuidSchema });

/** GET /api/v1/observations */
export const ObservationListQuerySchema = Type.Object(
  {
    bbox: Type.Optional(Type.String({ description: BBOX_DESCRIPTION })),
    from: Type.Optional(DateTimeSchema),
    to: Type.Optional(DateTimeSchema),
    category: Type.Optional(
      Type.Array(ObservationKindSchema, { description: 'Repeat to ask for several' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export type ObservationListQuery = Static<typeof ObservationListQuerySchema>;

/** POST /api/v1/observations/:id/verification (dispatcher). */
export const VerificationChangeSchema = Type.Union([
  Type.Object(
    { state: Type.Literal('confirmed'), incidentId: UuidSchema },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      state: Type.Enum(['disputed', 'retracted']),
      reason: Type.Optional(SafeText({ maxLength: 300 })),
    },
    { additionalProperties: false },
  ),
]);
export type VerificationChange = Static<typeof VerificationChangeSchema>;

export const OwnObservationListSchema = Type.Array(OwnObservationSchema);

/**
 * The header an anonymous reporter's device sends: a random token it keeps (localStorage), so
 * that "my reports" and the per-device rate limit work without an account. Only its HMAC is kept.
 */
export const DEVICE_TOKEN_HEADER = 'x-device-token';
export const DEVICE_TOKEN_PATTERN = '^[A-Za-z0-9_-]{16,64}$';

/** GET /api/v1/challenge: an ALTCHA proof-of-work challenge (altcha-lib v2 format). */
export const ChallengeSchema = Type.Object({
  parameters: Type.Object(
    {
      algorithm: Type.String(),
      nonce: Type.String(),
      salt: Type.String(),
      cost: Type.Number(),
      keyLength: Type.Number(),
      keyPrefix: Type.String(),
      keySignature: Type.Optional(Type.String()),
      expiresAt: Type.Optional(Type.Number()),
    },
    { additionalProperties: true },
  ),
  signature: Type.Optional(Type.String()),
});
