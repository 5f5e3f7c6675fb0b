import { Type, type Static } from 'typebox';
import { HoldRuleSchema, ObservationKindSchema } from './observation.js';
import { DateTimeSchema, LonLatSchema, SafeText, UuidSchema } from './common.js';

import { FeedbackQueueItemSchema } from './feedback.js';
import {
  MODERATION_DECISIONS,
  MODERATION_KINDS,
  MODERATION_REASONS,
} from './moderation-constants.js';

export {
  MODERATION_DECISIONS,
  MODERATION_KINDS,
  MODERATION_REASONS,
  REDACTION_MARK,
  type ModerationDecision,
  type ModerationKind,
  type ModerationReason,
} from './moderation-constants.js';

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
  /** What the public read before (an approved item the residents' flags hid), else null. */
  publicText: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Why people flagged it, where they said (never who flagged). */
  flagReasons: Type.Optional(Type.Array(Type.String())),
  /** The open anti-targeting alert of the item's small cell, if any. */
  alertId: Type.Optional(Type.Union([UuidSchema, Type.Null()])),
});
export type ModerationQueueItem = Static<typeof ModerationQueueItemSchema>;

/** An anti-targeting alert: several reporters about one small cell within 24 h. */
export const ModerationAlertSchema = Type.Object({
  id: UuidSchema,
  raisedAt: Type.String(),
  reporters: Type.Integer({ minimum: 0 }),
  /** The held or pending items reported from that cell, oldest first. */
  items: Type.Array(UuidSchema),
});
export type ModerationAlert = Static<typeof ModerationAlertSchema>;

/** GET /api/v1/moderation/queue: the items oldest first, and the open alerts. */
export const ModerationQueueSchema = Type.Object({
  items: Type.Array(ModerationQueueItemSchema),
  alerts: Type.Array(ModerationAlertSchema),
  /** Feedback comments on police responses waiting for a decision, oldest first. */
  feedback: Type.Array(FeedbackQueueItemSchema),
});
export type ModerationQueue = Static<typeof ModerationQueueSchema>;

export const ModerationTargetParamsSchema = Type.Object({
  kind: Type.Enum(MODERATION_KINDS),
  id: UuidSchema,
});

/** The answer to a decision: the item's new state, and the log entry it made. */
export const ModerationDecisionResultSchema = Type.Object({
  id: UuidSchema,
  state: Type.String(),
  publicText: Type.Union([Type.String(), Type.Null()]),
  eventId: Type.Integer(),
});

/** POST /api/v1/observations/:id/flags (signed-in residents; one flag per person). */
export const FlagCreateSchema = Type.Object(
  { reason: Type.Optional(SafeText({ maxLength: 300, description: 'Private: for moderators' })) },
  { additionalProperties: false },
);
export const FlagResultSchema = Type.Object({
  flagged: Type.Literal(true),
  /** Whether this flag was new (false: this person had flagged it before). */
  counted: Type.Boolean(),
});

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
  kind: Type.Enum(MODERATION_KINDS),
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
