import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ERASURE_REASONS, WITHHOLDING_REASONS } from '../../shared/audit/chain.js';
import { ErrorSchema, EventIdSchema, errorResponses } from '../../shared/schemas/common.js';
import { readPublicEventsAfter } from './events.service.js';
import { readSignedHead } from './signed-head.service.js';

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

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });

const SignedHeadSchema = Type.Object({
  id: Type.Integer({ description: 'the latest event id (= treeSize)' }),
  hash: Type.String({ description: 'the chain hash of event `id`' }),
  treeSize: Type.Integer({ description: 'the number of events the head covers' }),
  rootHash: Hex64,
  timestamp: Type.String({ format: 'date-time', description: 'when the server signed it' }),
  keyId: Type.String(),
  signature: Type.String({ description: 'base64 Ed25519 signature' }),
});

/** The published, verifiable record (shared/audit/chain.ts says how to check it). */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/head',
    {
      schema: {
        tags: ['audit'],
        summary:
          'The latest head, signed: keep it to prove later that the record before it was not rewritten',
        description:
          'The signature (Ed25519, key at /.well-known/openbeat-audit-key) is over the UTF-8 ' +
          'of the JCS (RFC 8785) of { format: "openbeat-audit-head/1", hash, rootHash, ' +
          'timestamp, treeSize } (shared/audit/signed-head.ts). rootHash is the RFC 9162 ' +
          'Merkle tree head over the chain hashes of events 1..treeSize (shared/audit/merkle.ts).',
        response: { 200: SignedHeadSchema, ...errorResponses(503) },
      },
    },
    async () => readSignedHead(app.pg, await app.auditSigningKey()),
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
