import type { FastifyPluginAsync } from 'fastify';
import adminKeyRoutes from './admin-keys.routes.js';
import adminUserRoutes from './admin-users.routes.js';

/**
 * /api/v1/admin: for the admin role only, which a person has once their session passed the
 * second factor (an admin API key carries it directly).
 */
const adminRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', app.requireRole('admin'));
  await app.register(adminUserRoutes);
  await app.register(adminKeyRoutes);
};

export default adminRoutes;
