import { Type, type Static } from 'typebox';
import {
  HOLD_RULES,
  MODERATION_STATES,
  OBSERVATION_KIND_SLUGS,
  OBSERVATION_TEXT_MAX,
  OBSERVED_BEHAVIOURS,
  VERIFICATION_STATES,
} from '../observations/kinds.js';
import { DateTimeSchema, LonLatSchema, PointSchema, SafeText, UuidSchema } from './common.js';

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
