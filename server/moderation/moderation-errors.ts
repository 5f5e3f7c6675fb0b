import createError from '@fastify/error';

export const DecisionNotAllowedError = createError<[string, string]>(
  'decision_not_allowed',
  'An item that is %s cannot be given the decision "%s"',
  409,
);
export const NotARedactionError = createError(
  'not_a_redaction',
  'redactedText must be the text as written with parts replaced by […] and nothing else changed',
  400,
);
export const SignInRequiredError = createError(
  'sign_in_required',
  'Flagging needs a signed-in account: one flag per person',
  401,
);
