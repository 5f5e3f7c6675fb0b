import type { MessageKey } from '../../i18n/translate.js';
import type { AccountProblem } from '../../state/account-steps.js';

/** The sentence for each refusal of the account forms. */
export const PROBLEM_MESSAGES: Record<AccountProblem, MessageKey> = {
  invalid: 'account.problem.invalid',
  wrong_code: 'account.problem.wrongCode',
  locked: 'account.problem.locked',
  too_many: 'account.problem.tooMany',
  taken: 'account.problem.taken',
  expired_link: 'account.problem.expiredLink',
  network: 'error.network',
  failed: 'account.problem.failed',
};
