import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AppealCloseSchema,
  AppealCreateSchema,
  AppealIdParamsSchema,
  AppealListQuerySchema,
  PublicAppealListSchema,
  PublicAppealSchema,
} from '../../shared/schemas/appeal.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { IncidentIdParamsSchema } from '../../shared/schemas/incident.js';
import {
  closeAppeal,
  createAppeal,
  getPublicAppeal,
  listPublicAppeals,
} from './appeals.service.js';

const errors = errorResponses(400, 401, 403, 404, 409, 429, 503);

/** Appeals for information: dispatch asks, the public sees the question and the tip count. */
const appealRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const writeConfig = { rateLimit: app.writeRateLimit };

  app.post(
    '/incidents/:id/appeal',
    {
      config: writeConfig,
      preHandler: app.requireRole('dispatcher'),
      schema: {
        tags: ['appeals'],
        summary: 'Appeal to the public for information on an incident (dispatcher); one open each',
        security: [{ apiKey: [] }],
        params: IncidentIdParamsSchema,
        body: AppealCreateSchema,
        response: { 201: PublicAppealSchema, ...errors },
      },
    },
    async (request, reply) => {
      const appeal = await createAppeal(
        app.records,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.code(201).send(appeal);
    },
  );

  app.post(
    '/appeals/:id/close',
    {
      config: writeConfig,
      preHandler: app.requireRole('dispatcher'),
      schema: {
        tags: ['appeals'],
        summary: 'Close an appeal, with one public line of thanks (dispatcher)',
        security: [{ apiKey: [] }],
        params: AppealIdParamsSchema,
        body: AppealCloseSchema,
        response: { 200: PublicAppealSchema, ...errors },
      },
    },
    async (request) => closeAppeal(app.records, request.params.id, request.body.thanks),
  );

  app.get(
    '/appeals',
    {
      schema: {
        tags: ['appeals'],
        summary: 'Appeals on incidents the public sees, newest first',
        querystring: AppealListQuerySchema,
        response: { 200: PublicAppealListSchema, ...errors },
      },
    },
    async (request) => ({ appeals: await listPublicAppeals(app.pg, request.query) }),
  );

  app.get(
    '/appeals/:id',
    {
      schema: {
        tags: ['appeals'],
        summary: 'One appeal: what is asked, until when, whether open, how many tips arrived',
        params: AppealIdParamsSchema,
        response: { 200: PublicAppealSchema, ...errors },
      },
    },
    async (request) => getPublicAppeal(app.pg, request.params.id),
  );
};

export default appealRoutes;
