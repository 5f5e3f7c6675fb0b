import { Type, type Static } from 'typebox';
import { DateTimeSchema, LonLatSchema, SafeText, UuidSchema } from './common.js';

/**
 * Appeals for information: the sanctioned path for the urge to investigate. The public sees
 * what the police ask, until when, whether it is open and how many tips arrived; tips go to
 * dispatch alone.
 */
export const AppealCreateSchema = Type.Object(
  {
    text: SafeText({ minLength: 1, maxLength: 500, description: 'What the police want to know' }),
    until: DateTimeSchema,
  },
  { additionalProperties: false },
);
export type AppealCreate = Static<typeof AppealCreateSchema>;

export const AppealCloseSchema = Type.Object(
  { thanks: Type.Optional(SafeText({ maxLength: 200, description: 'One public line' })) },
  { additionalProperties: false },
);

export const PublicAppealSchema = Type.Object({
  id: UuidSchema,
  incidentId: UuidSchema,
  text: Type.String(),
  until: Type.String(),
  state: Type.Enum(['open', 'closed']),
  tips: Type.Integer({ minimum: 0 }),
  thanks: Type.Union([Type.String(), Type.Null()]),
});
export type PublicAppeal = Static<typeof PublicAppealSchema>;

/** The appeal as its incident's public feature carries it (the live map and the panel). */
export const IncidentAppealSchema = Type.Object(
  {
    id: UuidSchema,
    text: Type.String(),
    until: Type.String({ description: 'ISO 8601, UTC' }),
    state: Type.Enum(['open', 'closed']),
    tips: Type.Integer({
      minimum: 0,
      description: 'Tips received before the last count window closed (10 minutes by default)',
    }),
    thanks: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type IncidentAppeal = Static<typeof IncidentAppealSchema>;

export const AppealIdParamsSchema = Type.Object({ id: UuidSchema });

export const AppealListQuerySchema = Type.Object({
  bbox: Type.Optional(Type.String({ maxLength: 200, description: 'minLon,minLat,maxLon,maxLat' })),
  state: Type.Optional(Type.Enum(['open', 'closed'])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export type AppealListQuery = Static<typeof AppealListQuerySchema>;

export const PublicAppealListSchema = Type.Object({ appeals: Type.Array(PublicAppealSchema) });

/** POST /api/v1/appeals/:id/tips (anyone; proof of work when anonymous). */
export const TipCreateSchema = Type.Object(
  {
    text: SafeText({ minLength: 1, maxLength: 1000 }),
    location: Type.Optional(LonLatSchema),
    contact: Type.Optional(
      SafeText({ maxLength: 200, description: 'How dispatch may reach the tipster' }),
    ),
    altcha: Type.Optional(Type.String({ maxLength: 4096 })),
  },
  { additionalProperties: false },
);
export type TipCreate = Static<typeof TipCreateSchema>;

/** A tip as dispatch reads it. */
export const TipSchema = Type.Object({
  id: UuidSchema,
  appealId: UuidSchema,
  text: Type.Union([Type.String(), Type.Null()], { description: 'Null once erased' }),
  location: Type.Union([LonLatSchema, Type.Null()]),
  contact: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  personalData: Type.Array(Type.String(), { description: 'What the guardrails found in it' }),
});
export type Tip = Static<typeof TipSchema>;

/** 202 to a tip: received, for dispatch alone. */
export const TipAcceptedSchema = Type.Object({ id: UuidSchema });

export const TipListSchema = Type.Object({ tips: Type.Array(TipSchema) });
