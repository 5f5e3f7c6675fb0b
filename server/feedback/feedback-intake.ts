import { checkFeedbackComment } from '../../shared/feedback/check-comment.js';
import type { FeedbackHoldRule } from '../../shared/feedback/hold-rules.js';
import type { FeedbackModeration } from './feedback-row.js';

/**
 * Where a comment waits: none without a comment (a rating alone needs no moderator); held,
 * with the rules that matched, when a guardrail finds personal data or an officer singled
 * out; else pending: the public reads moderated text only, as with observations.
 */
export function intakeOf(comment: string | null): {
  moderation: FeedbackModeration;
  heldFor: FeedbackHoldRule[];
} {
  if (comment === null) return { moderation: 'none', heldFor: [] };
  const { rules } = checkFeedbackComment(comment);
  return rules.length > 0
    ? { moderation: 'held', heldFor: rules }
    : { moderation: 'pending', heldFor: [] };
}
