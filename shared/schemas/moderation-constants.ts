import { MODERATION_STATES } from '../observations/kinds.js';

/**
 * The moderation vocabulary, free of schemas (the layer declaration and the client import it).
 */
export const MODERATION_DECISIONS = ['approve', 'reject', 'redact', 'hide'] as const;
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number];

/** A public reason code, and a sentence; the log shows both, never the content. */
export const MODERATION_REASONS = [
  'fits_guidelines',
  'personal_data',
  'targets_a_person',
  'names_an_officer',
  'appearance_not_behaviour',
  'call_to_action',
  'not_an_event',
  'duplicate',
  'flagged_by_residents',
  'other',
] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];

/** What a decision is about: a resident's report, or a comment on a police response. */
export const MODERATION_KINDS = ['observation', 'feedback'] as const;
export type ModerationKind = (typeof MODERATION_KINDS)[number];

/** A feedback's states beside the observations': `none` is a rating without a comment. */
export const MODERATION_STATES_FOR_LOG = [...MODERATION_STATES, 'none'] as const;

/** What replaces each removed part of a redacted text: nothing else may differ. */
export const REDACTION_MARK = '[…]';
