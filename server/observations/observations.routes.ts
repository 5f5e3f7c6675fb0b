import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import {
  AnyObservationCollectionSchema,
  DEVICE_TOKEN_PATTERN,
  ObservationAcceptedSchema,
  ObservationCreateSchema,
  ObservationFeatureSchema,
  ObservationIdParamsSchema,
  ObservationListQuerySchema,
  OwnObservationListSchema,
  OwnObservationSchema,
  VerificationChangeSchema,
} from '../../shared/schemas/observation.js';
import { keyedWrite } from '../idempotency/idempotency.service.js';
import type { RateLimit } from './observation-guards.js';
import { createObservation } from './observation-create.service.js';
import { ReporterIdentity } from './reporter-identity.js';
import {
  getObservation,
  listObservations,
  myObservations,
  verifyObservation,
  withdrawObservation,
  type Owner,
} from './observations.service.js';

const GEOJSON = 'application/geo+json';

const idempotencyKey = Type.Optional(
  Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' }),
);

const DeviceHeadersSchema = Type.Object({
  'x-device-token': Type.Optional(
    Type.String({
      pattern: DEVICE_TOKEN_PATTERN,
      description: 'The random token an anonymous reporter keeps on the device (16–64 url-safe)',
    }),
  ),
});

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  413: ErrorSchema,
  415: ErrorSchema,
  429: ErrorSchema,
  503: ErrorSchema,
};

export interface ObservationRouteOptions {
  /** Reports per reporter (account, device token, address) per window. */
  limit: RateLimit;
}

/** A person signed in through a session; API keys and the public count as anonymous here. */
function signedInUser(request: FastifyRequest): string | undefined {
  const { principal } = request;
  return principal.via === 'session' ? principal.userId : undefined;
}

/** The HTTP contract of /api/v1/observations (OpenAPI docs at /docs); rules live in services. */
const observationRoutes: FastifyPluginAsyncTypebox<ObservationRouteOptions> = async (
  app,
  options,
) => {
  const reporters = new ReporterIdentity(app.pg);
  const ownerOf = async (
    request: FastifyRequest,
    deviceToken: string | undefined,
  ): Promise<Owner> => ({
    userId: signedInUser(request) ?? null,
    device: deviceToken ? await reporters.device(deviceToken) : null,
  });

  app.get(
    '',
    {
      schema: {
        tags: ['observations'],
        summary: 'Approved citizen observations in a bbox and window: one item per event',
        querystring: ObservationListQuerySchema,
        response: { 200: AnyObservationCollectionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const collection = await listObservations(app.pg, request.principal.role, request.query);
      return reply.type(GEOJSON).send(collection);
    },
  );

  app.get(
    '/mine',
    {
      schema: {
        tags: ['observations'],
        summary: "The reporter's own reports and their states (by session, or device token)",
        headers: DeviceHeadersSchema,
        response: { 200: OwnObservationListSchema, ...errors },
      },
    },
    async (request, reply) => {
      const owner = await ownerOf(request, request.headers['x-device-token']);
      return reply.header('cache-control', 'no-store').send(await myObservations(app.pg, owner));
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['observations'],
        summary: 'One public item (a report or its corroborated group); 404 unless shown',
        params: ObservationIdParamsSchema,
        response: { 200: ObservationFeatureSchema, ...errors },
      },
    },
    async (request, reply) => {
      const feature = await getObservation(app.pg, request.principal.role, request.params.id);
      return reply.type(GEOJSON).send(feature);
    },
  );

  app.post(
    '',
    {
      schema: {
        tags: ['observations'],
        summary:
          'Report an observation: anonymous (with a solved proof of work) or signed in; rate-limited',
        headers: Type.Object({
          ...DeviceHeadersSchema.properties,
          'idempotency-key': idempotencyKey,
        }),
        body: ObservationCreateSchema,
        response: { 202: ObservationAcceptedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const userId = signedInUser(request);
      const reporter = await reporters.of({
        userId,
        deviceToken: request.headers['x-device-token'],
        address: request.ip,
      });
      if (!userId) await app.proofOfWork.prepare();
      const key = request.headers['idempotency-key'];
      const result = await createObservation(
        app.records,
        {
          input: request.body,
          reporter,
          keyed: keyedWrite(reporter.key, key, {
            method: 'POST',
            path: '/api/v1/observations',
            body: request.body,
          }),
          ...(userId ? {} : { admit: (db) => app.proofOfWork.redeem(request.body.altcha, db) }),
        },
        options.limit,
      );
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.post(
    '/:id/verification',
    {
      config: { rateLimit: app.writeRateLimit },
      preHandler: app.requireRole('dispatcher'),
      schema: {
        tags: ['observations'],
        summary: 'Confirm (link to an incident), dispute or retract a report (dispatcher)',
        security: [{ apiKey: [] }],
        params: ObservationIdParamsSchema,
        body: VerificationChangeSchema,
        response: { 200: OwnObservationSchema, ...errors },
      },
    },
    async (request) => verifyObservation(app.records, request.params.id, request.body),
  );

  app.post(
    '/:id/withdraw',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['observations'],
        summary:
          'The reporter withdraws their report (by session, or the device token it came with)',
        headers: DeviceHeadersSchema,
        params: ObservationIdParamsSchema,
        response: { 200: OwnObservationSchema, ...errors },
      },
    },
    async (request) => {
      const owner = await ownerOf(request, request.headers['x-device-token']);
      return withdrawObservation(app.records, request.params.id, owner);
    },
  );
};

export default observationRoutes;
