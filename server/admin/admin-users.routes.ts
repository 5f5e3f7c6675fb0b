import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { RoleChangeSchema, UserSummarySchema } from '../../shared/schemas/account.js';
import { ErrorSchema, UuidSchema } from '../../shared/schemas/common.js';
import { changeUserRole, listUsers } from '../accounts/users.service.js';
import { LastAdminError, NotFoundError } from '../errors.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/** People's accounts for the admin: who has which role, and changing it. */
const adminUserRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every account, oldest first (never a password or a second-factor secret)',
        response: { 200: Type.Array(UserSummarySchema), ...errors },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return listUsers(app.pg);
    },
  );

  app.post(
    '/users/:id/role',
    {
      schema: {
        tags: ['admin'],
        summary: "Change a person's role; their sessions end, the new role applies at sign-in",
        params: Type.Object({ id: UuidSchema }),
        body: RoleChangeSchema,
        response: { 200: UserSummarySchema, 409: ErrorSchema, ...errors },
      },
    },
    async (request) => {
      const outcome = await changeUserRole(app.pg, request.params.id, request.body.role);
      if (outcome === 'last_admin') throw new LastAdminError();
      const user = (await listUsers(app.pg)).find((one) => one.id === request.params.id);
      if (outcome === 'not_found' || !user) throw new NotFoundError('The account');
      return user;
    },
  );
};

export default adminUserRoutes;
