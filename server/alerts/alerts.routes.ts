import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../shared/schemas/common.js';
import {
  AlertCreateSchema,
  AlertListSchema,
  AlertNotificationListSchema,
  AlertNotificationsQuerySchema,
  AlertParamsSchema,
  AlertPatchSchema,
  AlertSchema,
} from '../../shared/schemas/alert.js';
import { alertOwnerOf } from './alert-owner.js';
import { createAlert, deleteAlert, listAlerts, patchAlert } from './alerts.service.js';
import { recentNotifications } from './notifications.service.js';

const readErrors = errorResponses(400, 401, 429, 503);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 415, 422, 429, 503);

/**
 * A signed-in person's area alerts (issue 14, part 7): list, create, change or pause, delete;
 * and the notifications they were sent. Only their own: another person's alert is not found.
 */
const alertRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
  });

  app.get(
    '/',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The signed-in person’s area alerts',
        response: { 200: AlertListSchema, ...readErrors },
      },
    },
    async (request) => ({ alerts: await listAlerts(app.pg, alertOwnerOf(request.principal)) }),
  );

  app.post(
    '/',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['alerts'],
        summary: 'Watch an area (a polygon or a district) for new incidents and their changes',
        body: AlertCreateSchema,
        response: { 201: AlertSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const alert = await createAlert(app.pg, alertOwnerOf(request.principal), request.body);
      return reply.code(201).send(alert);
    },
  );

  app.patch(
    '/:id',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['alerts'],
        summary: 'Change an alert, or pause it (`paused: true`): a paused alert tells nothing',
        params: AlertParamsSchema,
        body: AlertPatchSchema,
        response: { 200: AlertSchema, ...writeErrors },
      },
    },
    async (request) =>
      patchAlert(app.pg, alertOwnerOf(request.principal), request.params.id, request.body),
  );

  app.delete(
    '/:id',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['alerts'],
        summary: 'Delete an alert and its notifications',
        params: AlertParamsSchema,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      await deleteAlert(app.pg, alertOwnerOf(request.principal), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The signed-in person’s recent alert notifications, newest first',
        querystring: AlertNotificationsQuerySchema,
        response: { 200: AlertNotificationListSchema, ...readErrors },
      },
    },
    async (request) => ({
      notifications: await recentNotifications(
        app.pg,
        alertOwnerOf(request.principal),
        request.query.limit ?? 20,
      ),
    }),
  );
};

export default alertRoutes;
