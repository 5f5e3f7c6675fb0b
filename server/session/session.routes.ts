import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { SessionSchema } from '../../shared/schemas/session.js';

/** Who the caller's key belongs to: the map's sign-in checks a key with it. */
const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['session'],
        summary: 'The role and name of the API key sent (public without one)',
        response: { 200: SessionSchema, 401: ErrorSchema },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { role: request.principal.role, name: request.principal.name ?? null };
    },
  );
};

export default sessionRoutes;
