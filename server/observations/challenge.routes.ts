import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { ChallengeSchema } from '../../shared/schemas/observation.js';

/** GET /api/v1/challenge: a proof-of-work challenge for the ALTCHA widget (anonymous writes). */
const challengeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['observations'],
        summary: 'A proof-of-work challenge (ALTCHA v2) an anonymous report must solve',
        response: { 200: ChallengeSchema, 429: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (_request, reply) => {
      const challenge = await app.proofOfWork.challenge();
      return reply.header('cache-control', 'no-store').send(challenge);
    },
  );
};

export default challengeRoutes;
