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
  'appearance_not_behaviour',
  'call_to_action',
  'not_an_event',
  'duplicate',
  'flagged_by_residents',
  'other',
] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];

export const MODERATION_STATES_FOR_LOG = MODERATION_STATES;

/** What replaces each removed part of a redacted text: nothing else may differ. */
export const REDACTION_MARK = '[…]';
