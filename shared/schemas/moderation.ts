import { Type, type Static } from 'typebox';
import { HoldRuleSchema, ObservationKindSchema } from './observation.js';
import { DateTimeSchema, LonLatSchema, SafeText, UuidSchema } from './common.js';

export const MODERATION_DECISIONS = ['approve', 'reject', 'redact', 'hide'] as const;
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number];

/** A public reason code, and a sentence; the log shows both, never the content. */
export const MODERATION_REASONS = [
  'fits_guidelines',
  'personal_data',
  'targets_a_person',
  'appearance_not_behaviour',
  'call_to_action',
  'not_an_event',
  'duplicate',
  'flagged_by_residents',
  'other',
] as const;

/** One item in the moderators' queue, oldest first, with the rules that held it. */
export const ModerationQueueItemSchema = Type.Object({
  kind: Type.Literal('observation'),
  id: UuidSchema,
  category: ObservationKindSchema,
  text: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([LonLatSchema, Type.Null()]),
  heldFor: Type.Array(HoldRuleSchema),
  flags: Type.Integer({ minimum: 0 }),
  createdAt: Type.String(),
  state: Type.String(),
});
export type ModerationQueueItem = Static<typeof ModerationQueueItemSchema>;

/** POST /api/v1/moderation/observation/:id */
export const ModerationDecisionSchema = Type.Object(
  {
    decision: Type.Enum(MODERATION_DECISIONS),
    reason: Type.Enum(MODERATION_REASONS),
    note: Type.Optional(SafeText({ maxLength: 300, description: 'Public: why, in words' })),
    /** For `redact`: the text as it is to be published, each removed part replaced by […]. */
    redactedText: Type.Optional(SafeText({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ModerationDecisionBody = Static<typeof ModerationDecisionSchema>;

/** GET /api/v1/moderation/log: what was decided and why; never the content or the reporter. */
export const ModerationLogEntrySchema = Type.Object({
  eventId: Type.Integer(),
  at: Type.String(),
  kind: Type.Literal('observation'),
  targetId: Type.Union([UuidSchema, Type.Null()]),
  decision: Type.Enum([...MODERATION_DECISIONS, 'auto_hidden']),
  reason: Type.Enum(MODERATION_REASONS),
  note: Type.Union([Type.String(), Type.Null()]),
  by: Type.Enum(['moderator', 'residents']),
});
export type ModerationLogEntry = Static<typeof ModerationLogEntrySchema>;

export const ModerationLogQuerySchema = Type.Object({
  from: Type.Optional(DateTimeSchema),
  to: Type.Optional(DateTimeSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
