import { MODERATION_STATES, type ModerationState } from '../../../shared/observations/kinds.js';
import type { MessageKey } from '../i18n/translate.js';

const WHY: Partial<Record<ModerationState, MessageKey>> = {
  pending: 'feedback.why.pending',
  held: 'feedback.why.held',
  approved: 'feedback.why.approved',
  rejected: 'feedback.why.rejected',
  hidden: 'feedback.why.hidden',
  withdrawn: 'feedback.why.withdrawn',
};

/** One's own feedback's moderation state as a known state, or null for one we cannot name. */
export function moderationStateOf(value: string): ModerationState | null {
  return (MODERATION_STATES as readonly string[]).includes(value)
    ? (value as ModerationState)
    : null;
}

/** Why one's feedback is where it is (held: a moderator reads the comment first, …). */
export function whyKey(state: ModerationState | null): MessageKey | null {
  return state === null ? null : (WHY[state] ?? null);
}
