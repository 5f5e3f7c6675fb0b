import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { readChainHead, readPublicEventsAfter } from './events.service.js';

const PublicEventSchema = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  entity: Type.String(),
  entityId: Type.String(),
  at: Type.String(),
  public: Type.Unknown(),
  privateHash: Type.String(),
  contentHash: Type.String(),
  prevHash: Type.String(),
  hash: Type.String(),
});

/** The published, verifiable record (shared/audit/chain.ts says how to check it). */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/head',
    {
      schema: {
        tags: ['audit'],
        summary: 'The id and hash of the latest event: publish it to make the chain binding',
        response: { 200: Type.Object({ id: Type.Integer(), hash: Type.String() }) },
      },
    },
    async () => readChainHead(app.pg),
  );

  app.get(
    '/events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Events after an id, in order, with their hashes',
        querystring: Type.Object(
          {
            after: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ events: Type.Array(PublicEventSchema) }),
          400: ErrorSchema,
        },
      },
    },
    async (request) => ({
      events: await readPublicEventsAfter(
        app.pg,
        request.query.after ?? 0,
        request.query.limit ?? 100,
      ),
    }),
  );
};

export default auditRoutes;
