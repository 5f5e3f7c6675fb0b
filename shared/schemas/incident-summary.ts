import { Type, type Static } from 'typebox';
import { IncidentListQuerySchema } from './incident.js';
import { CategorySchema } from './incident-fields.js';

/**
 * GET /api/v1/incidents/summary: how many public incidents a view holds, by category. The
 * list's filters without its paging, so a client asks it for the same view it lists.
 */
export const IncidentSummaryQuerySchema = Type.Pick(
  IncidentListQuerySchema,
  ['bbox', 'from', 'to', 'category'],
  { additionalProperties: false },
);
export type IncidentSummaryQuery = Static<typeof IncidentSummaryQuerySchema>;

export const CategoryCountSchema = Type.Object({
  category: CategorySchema,
  count: Type.Integer({ minimum: 0 }),
});
export type CategoryCount = Static<typeof CategoryCountSchema>;

export const IncidentSummarySchema = Type.Object({
  total: Type.Integer({ minimum: 0, description: 'Public incidents matching the filters' }),
  byCategory: Type.Array(CategoryCountSchema, {
    description: 'Only categories with incidents, the most first (then by name)',
  }),
});
export type IncidentSummary = Static<typeof IncidentSummarySchema>;
