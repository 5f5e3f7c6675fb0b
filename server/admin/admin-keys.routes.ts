import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ApiKeyCreateSchema,
  ApiKeyCreatedSchema,
  ApiKeySummarySchema,
} from '../../shared/schemas/account.js';
import { ErrorSchema, UuidSchema } from '../../shared/schemas/common.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../auth/api-keys.service.js';
import { KEY_NAME_PATTERN } from '../auth/key-admin.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const NoBody = Type.Unsafe<undefined>(Type.Null());
const KEY_NAME = new RegExp(KEY_NAME_PATTERN);

/** Machines' API keys for the admin: list, create (the key shown once), revoke. */
const adminKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every API key, revoked ones too (never the key or its hash)',
        response: { 200: Type.Array(ApiKeySummarySchema), ...errors },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      const keys = await listApiKeys(app.pg);
      return keys.map(({ id, name, role, createdAt, revokedAt }) => ({
        id,
        name,
        role,
        createdAt,
        revokedAt,
      }));
    },
  );

  app.post(
    '/keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an API key; the answer is the only time the key is shown',
        body: ApiKeyCreateSchema,
        response: { 201: ApiKeyCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { name, role } = request.body;
      if (!KEY_NAME.test(name)) {
        throw new InvalidRequestError('A key name holds letters, digits and . _ : - only');
      }
      const { id, key } = await createApiKey(app.pg, { name, role });
      void reply.header('cache-control', 'no-store');
      return reply.code(201).send({ id, name, role, key });
    },
  );

  app.delete(
    '/keys/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API key: its requests fail and its live connections close at once',
        params: Type.Object({ id: UuidSchema }),
        response: { 204: NoBody, ...errors },
      },
    },
    async (request, reply) => {
      const result = await revokeApiKey(app.pg, request.params.id);
      if (result.outcome === 'not_found') throw new NotFoundError('The key');
      // Only an id reaches here (the params are a UUID), and ids are unique: never ambiguous.
      return reply.code(204).send();
    },
  );
};

export default adminKeyRoutes;
