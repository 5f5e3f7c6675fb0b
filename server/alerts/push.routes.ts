import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../shared/schemas/common.js';
import {
  PushKeySchema,
  PushSubscriptionSchema,
  PushUnsubscribeSchema,
} from '../../shared/schemas/alert.js';
import { alertOwnerOf } from './alert-owner.js';
import type { PushEndpointPolicy } from './push-endpoint.js';
import { subscribe, unsubscribe } from './push-subscriptions.service.js';

const writeErrors = errorResponses(400, 401, 403, 404, 415, 422, 429, 503);

/** Web Push for area alerts: the server's VAPID key, and the browsers that receive them. */
const pushRoutes: FastifyPluginAsyncTypebox<{ policy: PushEndpointPolicy }> = async (
  app,
  { policy },
) => {
  app.get(
    '/push-key',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The VAPID public key (base64url) to subscribe a browser with',
        response: { 200: PushKeySchema, ...errorResponses(429, 503) },
      },
    },
    async () => ({ publicKey: (await app.vapidKeys()).publicKey }),
  );

  app.post(
    '/push-subscriptions',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['alerts'],
        summary: 'Send the signed-in person’s alerts to this browser (its PushSubscription JSON)',
        body: PushSubscriptionSchema,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      await subscribe(app.pg, alertOwnerOf(request.principal), request.body, policy);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/push-subscriptions',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['alerts'],
        summary: 'Stop sending alerts to this browser (body: its endpoint)',
        body: PushUnsubscribeSchema,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      await unsubscribe(app.pg, alertOwnerOf(request.principal), request.body.endpoint);
      return reply.code(204).send(null);
    },
  );
};

export default pushRoutes;
