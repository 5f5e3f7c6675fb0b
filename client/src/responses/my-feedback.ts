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

/** `none`: a rating without a comment, so nothing to moderate. */
export type FeedbackModeration = ModerationState | 'none';

/** One's own feedback's moderation state as a known state, or null for one we cannot name. */
export function moderationStateOf(value: string): FeedbackModeration | null {
  if (value === 'none') return 'none';
  return (MODERATION_STATES as readonly string[]).includes(value)
    ? (value as ModerationState)
    : null;
}

/** The state's name, as the person reads it. */
export function moderationLabelKey(state: FeedbackModeration): MessageKey {
  return state === 'none' ? 'feedback.state.none' : `obs.state.${state}`;
}

/** Why one's feedback is where it is (held: a moderator reads the comment first, …). */
export function whyKey(state: FeedbackModeration | null): MessageKey | null {
  if (state === null || state === 'none') return null;
  return WHY[state] ?? null;
}
