import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccountSessionSchema } from '../../shared/schemas/account.js';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { accountSessionView } from '../accounts/account-view.js';

/**
 * Who the caller is: a signed-in person (with the session's CSRF token and second-factor
 * state), an API key's holder, or the public. The map's sign-in reads it.
 */
const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['session'],
        summary: 'The role and name of the signed-in person or the API key sent (public without)',
        response: { 200: AccountSessionSchema, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return accountSessionView(request.principal, request.accountSession);
    },
  );
};

export default sessionRoutes;
