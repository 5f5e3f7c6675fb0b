import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ERASURE_REASONS, WITHHOLDING_REASONS } from '../../shared/audit/chain.js';
import { ErrorSchema, EventIdSchema } from '../../shared/schemas/common.js';
import { readChainHead, readPublicEventsAfter } from './events.service.js';

const ChainLinks = {
  id: Type.Integer(),
  privateHash: Type.String(),
  contentHash: Type.String(),
  prevHash: Type.String(),
  hash: Type.String(),
};

const PublicEventSchema = Type.Union([
  Type.Object({
    v: Type.Literal(2),
    ...ChainLinks,
    public: Type.Unknown({ description: 'the public part, or null when it is withheld' }),
    publicHash: Type.String(),
    withheld: Type.Union([
      Type.Object({ by: Type.Integer(), reason: Type.Enum([...WITHHOLDING_REASONS]) }),
      Type.Null(),
    ]),
    erased: Type.Optional(
      Type.Union(
        [Type.Object({ by: Type.Integer(), reason: Type.Enum([...ERASURE_REASONS]) }), Type.Null()],
        {
          description:
            'Set once the private part (an exact place, a text as written) is erased: its privateHash stays',
        },
      ),
    ),
  }),
  Type.Object({
    v: Type.Literal(1),
    ...ChainLinks,
    type: Type.String(),
    entity: Type.String(),
    entityId: Type.String(),
    at: Type.String(),
    public: Type.Unknown(),
  }),
]);

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
            after: Type.Optional(EventIdSchema({ default: 0 })),
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
