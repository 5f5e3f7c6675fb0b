import { TEXT_HOLD_RULES } from '../observations/kinds.js';

/**
 * Why a feedback comment waits for a moderator: the observations' text rules (personal data,
 * targeting language) and one of its own, `officer_named`: feedback is about the response,
 * never about a named officer, a badge or a unit. Free of schemas and of the guardrails'
 * libraries, so the client and the schemas import it cheaply.
 */
export const FEEDBACK_HOLD_RULES = [...TEXT_HOLD_RULES, 'officer_named'] as const;
export type FeedbackHoldRule = (typeof FEEDBACK_HOLD_RULES)[number];
