import type {
  HoldRule,
  ModerationState,
  ObservationKind,
  ObservedBehaviour,
  VerificationState,
} from '../../../shared/observations/kinds.js';
import type { ModerationLogEntry } from '../../../shared/schemas/moderation.js';
import type { MessageKey } from '../i18n/translate.js';

/** Message keys of the observations' vocabularies (observations-en.ts has every one). */
export const kindKey = (kind: ObservationKind): MessageKey => `obs.kind.${kind}`;
export const behaviourKey = (behaviour: ObservedBehaviour): MessageKey =>
  `obs.behaviour.${behaviour}`;
export const ruleKey = (rule: HoldRule): MessageKey => `obs.rule.${rule}`;
export const stateKey = (state: ModerationState): MessageKey => `obs.state.${state}`;
export const verificationKey = (state: VerificationState): MessageKey =>
  `obs.verification.${state}`;
export const reasonKey = (reason: ModerationLogEntry['reason']): MessageKey =>
  `obs.reason.${reason}`;
export const decisionKey = (decision: ModerationLogEntry['decision']): MessageKey =>
  `obs.decision.${decision}`;
