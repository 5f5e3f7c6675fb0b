import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SIGNED_HEAD_FORMAT } from '../../shared/audit/signed-head.js';
import { errorResponses } from '../../shared/schemas/common.js';

/** The public key that signs audit heads, at a URL that does not move with the API's version. */
const auditKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/.well-known/openbeat-audit-key',
    {
      schema: {
        tags: ['audit'],
        summary: 'The Ed25519 public key that signs GET /api/v1/audit/head',
        response: {
          200: Type.Object({
            keyId: Type.String({
              description: 'hex of the first 16 bytes of SHA-256 of the raw public key',
            }),
            algorithm: Type.Literal('Ed25519'),
            publicKey: Type.String({ description: 'base64 of the raw 32-byte public key' }),
            jwk: Type.Object({
              kty: Type.Literal('OKP'),
              crv: Type.Literal('Ed25519'),
              x: Type.String(),
            }),
            pem: Type.String({ description: 'SubjectPublicKeyInfo, PEM' }),
            headFormat: Type.Literal(SIGNED_HEAD_FORMAT),
          }),
          ...errorResponses(503),
        },
      },
    },
    async () => (await app.auditSigningKey()).published,
  );
};

export default auditKeyRoutes;
