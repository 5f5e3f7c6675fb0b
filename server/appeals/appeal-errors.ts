import createError from '@fastify/error';

/** The coded errors of appeals and tips (the shape every error answers in: ErrorSchema). */
export const AppealOpenError = createError(
  'appeal_open',
  'This incident has an open appeal already; close it before making another',
  409,
);
export const AppealClosedError = createError(
  'appeal_closed',
  'This appeal is closed: it takes no more tips and cannot be closed again',
  409,
);
export const IncidentNotPublicError = createError(
  'incident_not_public',
  'This incident is not shown to the public, so the public cannot be asked about it',
  409,
);
