import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccountSessionSchema, AdminSetupSchema } from '../../shared/schemas/account.js';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { EmailTakenError, InvalidSetupTokenError } from '../errors.js';
import { accountSessionView } from './account-view.js';
import { completeSetup } from './admin-setup.service.js';
import { readSession } from './session-principal.js';

/** POST /api/v1/account/setup: the first admin, from the one-time link the server printed. */
const setupRoutes: FastifyPluginAsyncTypebox<{ signInPerIpPerMinute: number }> = async (
  app,
  options,
) => {
  app.post(
    '/setup',
    {
      config: {
        csrfExempt: true,
        rateLimit: { max: options.signInPerIpPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['account'],
        summary: 'Create the first admin with the setup link printed at start (once)',
        body: AdminSetupSchema,
        response: {
          201: AccountSessionSchema,
          400: ErrorSchema,
          409: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const result = await completeSetup(app.pg, request.body);
      if (result.outcome === 'invalid_token') throw new InvalidSetupTokenError();
      if (result.outcome === 'email_taken') throw new EmailTakenError();
      const session = await app.sessions.create(result.userId);
      app.sessionCookie.set(reply, session.token);
      void reply.header('cache-control', 'no-store');
      const reading = await readSession(app.sessions, session.token);
      return reply.code(201).send(accountSessionView(reading.principal, reading.session));
    },
  );
};

export default setupRoutes;
