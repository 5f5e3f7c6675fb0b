import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AppealIdParamsSchema,
  TipAcceptedSchema,
  TipCreateSchema,
  TipListSchema,
} from '../../shared/schemas/appeal.js';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { createTip, listTips } from './tips.service.js';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  429: ErrorSchema,
  503: ErrorSchema,
};

/** Tips answer an appeal and go to dispatch alone: no public route, event or export has them. */
const tipRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/appeals/:id/tips',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['appeals'],
        summary: 'Send a tip to dispatch (anyone; proof of work when anonymous). Never public',
        params: AppealIdParamsSchema,
        body: TipCreateSchema,
        response: { 202: TipAcceptedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { text, location, contact } = request.body;
      const accepted = await createTip(
        app.pg,
        request.params.id,
        { text, location, contact },
        {
          userId: request.principal.userId ?? null,
          device: null,
        },
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
