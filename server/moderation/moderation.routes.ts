import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, UuidSchema } from '../../shared/schemas/common.js';
import {
  ModerationDecisionResultSchema,
  ModerationDecisionSchema,
  ModerationLogEntrySchema,
  ModerationLogQuerySchema,
  ModerationQueueSchema,
  ModerationTargetParamsSchema,
} from '../../shared/schemas/moderation.js';
import { readModerationLog } from './moderation-log.service.js';
import { readQueue, resolveAlert } from './moderation-queue.service.js';
import { decide } from './moderation.service.js';

const errors = errorResponses(400, 401, 403, 404, 409, 429, 503);

/**
 * Moderation: the queue and decisions for moderators (a person needs the second factor: until
 * then the principal acts as a resident), and the public log of what was decided and why.
 */
const moderationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const moderators = app.requireRole('moderator', 'admin');

  app.get(
    '/queue',
    {
      preHandler: moderators,
      schema: {
        tags: ['moderation'],
        summary:
          'Held and pending reports and feedback comments, oldest first, and open anti-targeting alerts',
        security: [{ apiKey: [] }],
        response: { 200: ModerationQueueSchema, ...errors },
      },
    },
    async (_request, reply) => {
      // Held content and exact places: never kept by a cache.
      void reply.header('cache-control', 'no-store');
      return readQueue(app.pg);
    },
  );

  app.post(
    '/:kind/:id',
    {
      config: { rateLimit: app.writeRateLimit },
      preHandler: moderators,
      schema: {
        tags: ['moderation'],
        summary:
          'Approve, reject, redact or hide a report or a feedback comment; each decision enters the record',
        security: [{ apiKey: [] }],
        params: ModerationTargetParamsSchema,
        body: ModerationDecisionSchema,
        response: { 200: ModerationDecisionResultSchema, ...errors },
      },
    },
    async (request) => decide(app.records, request.principal, request.params, request.body),
  );

  app.post(
    '/alerts/:id/resolve',
    {
      config: { rateLimit: app.writeRateLimit },
      preHandler: moderators,
      schema: {
        tags: ['moderation'],
        summary: 'Mark an anti-targeting alert as dealt with',
        security: [{ apiKey: [] }],
        params: Type.Object({ id: UuidSchema }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await resolveAlert(app.pg, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/log',
    {
      schema: {
        tags: ['moderation'],
        summary: 'The public moderation log: what was decided and why, never the content',
        querystring: ModerationLogQuerySchema,
        response: {
          200: Type.Object({ entries: Type.Array(ModerationLogEntrySchema) }),
          ...errors,
        },
      },
    },
    async (request) => ({ entries: await readModerationLog(app.pg, request.query) }),
  );
};

export default moderationRoutes;
