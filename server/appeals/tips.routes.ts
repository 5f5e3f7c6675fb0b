import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AppealIdParamsSchema,
  TipAcceptedSchema,
  TipCreateSchema,
  TipListSchema,
} from '../../shared/schemas/appeal.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { DEVICE_TOKEN_PATTERN } from '../../shared/schemas/observation.js';
import { Type } from 'typebox';
import type { RateLimit } from '../observations/observation-guards.js';
import { ReporterIdentity } from '../observations/reporter-identity.js';
import { createTip, listTips } from './tips.service.js';

const DeviceHeadersSchema = Type.Object({
  'x-device-token': Type.Optional(Type.String({ pattern: DEVICE_TOKEN_PATTERN })),
});

const errors = errorResponses(400, 401, 403, 404, 409, 429, 503);

/** Tips answer an appeal and go to dispatch alone: no public route, event or export has them. */
const tipRoutes: FastifyPluginAsyncTypebox<{ limit: RateLimit }> = async (app, options) => {
  // Tipsters are told apart as reporters are: account, else device token and address (HMACs).
  const tipsters = new ReporterIdentity(app.pg);

  app.post(
    '/appeals/:id/tips',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['appeals'],
        summary: 'Send a tip to dispatch (anyone; proof of work when anonymous). Never public',
        headers: DeviceHeadersSchema,
        params: AppealIdParamsSchema,
        body: TipCreateSchema,
        response: { 202: TipAcceptedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { text, location, contact, altcha } = request.body;
      const { principal } = request;
      const userId = principal.via === 'session' ? principal.userId : undefined;
      // Anonymous tips carry a solved proof of work, as anonymous reports do.
      if (!userId) await app.proofOfWork.redeem(altcha);
      const tipster = await tipsters.of({
        userId,
        deviceToken: request.headers['x-device-token'],
        address: request.ip,
      });
      const accepted = await createTip(
        app.pg,
        request.params.id,
        { text, location, contact },
        tipster,
        options.limit,
      );
      return reply.code(202).send(accepted);
    },
  );

  app.get(
    '/appeals/:id/tips',
    {
      preHandler: app.requireRole('dispatcher'),
      schema: {
        tags: ['appeals'],
        summary: 'The tips an appeal received, newest first (dispatcher)',
        security: [{ apiKey: [] }],
        params: AppealIdParamsSchema,
        response: { 200: TipListSchema, ...errors },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { tips: await listTips(app.pg, request.params.id) };
    },
  );
};

export default tipRoutes;
