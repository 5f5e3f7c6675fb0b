import createError from '@fastify/error';

export const FeedbackExistsError = createError(
  'feedback_exists',
  'You have rated this response already: edit your feedback (PATCH …/feedback/mine) instead',
  409,
);
export const FeedbackHiddenError = createError(
  'feedback_hidden',
  'A moderator hid this feedback; it cannot be edited',
  409,
);
export const FeedbackSignInRequiredError = createError(
  'sign_in_required',
  'Rating a response needs a signed-in account: one rating per person',
  401,
);
