import { Type, type Static } from 'typebox';
import { BBOX_DESCRIPTION, DateTimeSchema, LonLatSchema, SafeText, UuidSchema } from './common.js';
import { CategorySchema, PrioritySchema, StatusSchema } from './incident-fields.js';

export { INCIDENT_STATUSES, type IncidentStatus } from './incident-constants.js';
export { CategorySchema, PrioritySchema, StatusSchema } from './incident-fields.js';
export * from './incident-feature.js';

const SummarySchema = SafeText({ minLength: 1, maxLength: 2000 });

export const IncidentCreateSchema = Type.Object(
  {
    category: CategorySchema,
    priority: PrioritySchema,
    summary: SummarySchema,
    location: LonLatSchema,
    occurredAt: Type.Optional(DateTimeSchema),
    reportedAt: Type.Optional(DateTimeSchema),
    block: Type.Optional(
      SafeText({
        minLength: 1,
        maxLength: 120,
        description:
          'The street or block where it happened, as the source names it ("5XX Homer St", ' +
          '"051XX W MADISON ST", "On or near Parking Area", or an address). Only its hundred ' +
          'block or street is ever published (house numbers are rounded down to the hundred, ' +
          'anything else is dropped), and only for categories shown at 150 m',
      }),
    ),
    externalRef: Type.Optional(
      SafeText({
        minLength: 1,
        maxLength: 200,
        description: 'The id in the sending system (CAD); unique per source, makes retries safe',
      }),
    ),
  },
  { additionalProperties: false },
);
export type IncidentCreate = Static<typeof IncidentCreateSchema>;

export const IncidentPatchSchema = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    category: Type.Optional(CategorySchema),
    priority: Type.Optional(PrioritySchema),
    summary: Type.Optional(SummarySchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type IncidentPatch = Static<typeof IncidentPatchSchema>;

export const IncidentListQuerySchema = Type.Object(
  {
    bbox: Type.Optional(Type.String({ description: BBOX_DESCRIPTION })),
    from: Type.Optional(DateTimeSchema),
    to: Type.Optional(DateTimeSchema),
    category: Type.Optional(
      Type.Array(CategorySchema, { description: 'Repeat to ask for several' }),
    ),
    status: Type.Optional(Type.Array(StatusSchema, { description: 'Repeat to ask for several' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);
export type IncidentListQuery = Static<typeof IncidentListQuerySchema>;

export const IncidentIdParamsSchema = Type.Object({ id: UuidSchema });
