import type { Principal } from '../auth/principal.js';
import { ForbiddenError } from '../errors.js';
import { FeedbackSignInRequiredError } from './feedback-errors.js';

/**
 * Who may rate a police response: a person signed in (one rating per person needs a person),
 * never an API key (machines are dispatch's feeds and scripts), and never a dispatcher's
 * account, whether or not its second factor is passed: the police rating their own response
 * would not be the public's judgement. Moderators and admins are residents too and may rate;
 * their comments go through the same moderation as anyone's.
 */
export function raterOf(principal: Principal): string {
  if (principal.via === 'key') throw new ForbiddenError('Feedback comes from people, not keys');
  if (principal.via !== 'session' || !principal.userId) throw new FeedbackSignInRequiredError();
  if (principal.accountRole === 'dispatcher' || principal.role === 'dispatcher') {
    throw new ForbiddenError('Dispatch accounts do not rate police responses');
  }
  return principal.userId;
}
