import type { FeedbackCommentCheck } from '../../../shared/feedback/check-comment.js';
import type { HoldRule } from '../../../shared/observations/kinds.js';
import { ruleKey } from '../observations/labels.js';
import type { MessageKey } from '../i18n/translate.js';

let loading: Promise<(text: string) => FeedbackCommentCheck> | null = null;

/**
 * The server's check of a feedback comment (the reports' guardrails and the rule against naming
 * an officer), loaded the first time someone types: it carries the guardrails' large libraries.
 */
export function loadFeedbackCheck(): Promise<(text: string) => FeedbackCommentCheck> {
  loading ??= import('../../../shared/feedback/check-comment.js').then(
    (module) => (text: string) => module.checkFeedbackComment(text),
  );
  return loading;
}

/** A feedback hold rule's explanation: the reports' rules, and the officer rule of its own. */
export function feedbackRuleKey(rule: string): MessageKey {
  return rule === 'officer_named' ? 'feedback.rule.officer_named' : ruleKey(rule as HoldRule);
}
