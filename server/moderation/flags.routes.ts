import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, UuidSchema } from '../../shared/schemas/common.js';
import { FlagCreateSchema, FlagResultSchema } from '../../shared/schemas/moderation.js';
import { Type } from 'typebox';
import { ForbiddenError } from '../errors.js';
import { flagObservation } from './flags.service.js';
import { SignInRequiredError } from './moderation-errors.js';

const errors = errorResponses(400, 401, 403, 404, 429, 503);

/** Residents flag items of the public map; enough flags hide one pending review. */
const flagRoutes: FastifyPluginAsyncTypebox<{ threshold: number }> = async (app, options) => {
  app.post(
    '/observations/:id/flags',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['moderation'],
        summary: 'Flag an observation for review (signed-in people; one flag each)',
        params: Type.Object({ id: UuidSchema }),
        body: FlagCreateSchema,
        response: { 200: FlagResultSchema, ...errors },
      },
    },
    async (request) => {
      const { principal } = request;
      // One flag per person needs a person: an account, not a key nor an address.
      if (principal.via === 'key') throw new ForbiddenError('Flags come from people, not keys');
      if (principal.via !== 'session' || !principal.userId) throw new SignInRequiredError();
      return flagObservation(
        app.records,
        principal.userId,
        request.params.id,
        request.body.reason ?? null,
        options.threshold,
      );
    },
  );
};

export default flagRoutes;
