import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorSchema, UuidSchema } from '../../shared/schemas/common.js';
import { eraseAllOwnObservations, eraseOwnObservation } from './reporter-erasure.service.js';
import { ReporterIdentity } from '../observations/reporter-identity.js';
import { reporterOf } from './reporter-identity.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema };

const DeviceHeadersSchema = Type.Object({
  'x-device-token': Type.Optional(
    Type.String({ description: "An anonymous reporter's device token (only its HMAC is kept)" }),
  ),
});

/**
 * A reporter's erasure of their observations (issue 12, part 6): the exact place, the text as
 * written and who reported it are erased, the item leaves the public map and its events'
 * public parts are withheld; the record still verifies. Someone else's is 404.
 */
const erasureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const writeConfig = { rateLimit: app.writeRateLimit };
  const reporters = new ReporterIdentity(app.pg);

  app.post(
    '/observations/:id/erase',
    {
      config: writeConfig,
      schema: {
        tags: ['observations'],
        summary: 'Erase one of your observations: its place, text and your link to it',
        params: Type.Object({ id: UuidSchema }),
        headers: DeviceHeadersSchema,
        response: {
          200: Type.Object({ id: UuidSchema, erasedAt: Type.String() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const reporter = await reporterOf(
        reporters,
        request.principal,
        request.headers['x-device-token'],
      );
      return eraseOwnObservation(app.pg, app.records, {
        id: request.params.id,
        reporter,
      });
    },
  );

  app.post(
    '/account/erase-observations',
    {
      config: writeConfig,
      schema: {
        tags: ['account'],
        summary: 'Erase all of your observations (signed in)',
        response: {
          200: Type.Object({ erased: Type.Integer({ minimum: 0 }) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const reporter = await reporterOf(reporters, request.principal, undefined);
      return eraseAllOwnObservations(app.pg, app.records, reporter);
    },
  );
};

export default erasureRoutes;
