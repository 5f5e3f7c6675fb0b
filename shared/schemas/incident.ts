import { Type, type Static } from 'typebox';
import { CATEGORY_SLUGS } from '../categories.js';
import {
  BBOX_DESCRIPTION,
  DateTimeSchema,
  LonLatSchema,
  PointSchema,
  SafeText,
  UuidSchema,
} from './common.js';

import { INCIDENT_STATUSES } from './incident-constants.js';

export { INCIDENT_STATUSES, type IncidentStatus } from './incident-constants.js';

export const CategorySchema = Type.Enum(CATEGORY_SLUGS, {
  description: 'A slug of the harmonised category list',
});
export const StatusSchema = Type.Enum(INCIDENT_STATUSES);
export const PrioritySchema = Type.Integer({
  minimum: 1,
  maximum: 5,
  description: '1 is the most urgent',
});
const SummarySchema = SafeText({ minLength: 1, maxLength: 2000 });

export const IncidentCreateSchema = Type.Object(
  {
    category: CategorySchema,
    priority: PrioritySchema,
    summary: SummarySchema,
    location: LonLatSchema,
    occurredAt: Type.Optional(DateTimeSchema),
    reportedAt: Type.Optional(DateTimeSchema),
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

export const IncidentPropertiesSchema = Type.Object({
  category: Type.String(),
  priority: Type.Integer(),
  status: Type.String(),
  summary: Type.String({
    description: 'Redacted of personal data, unless the caller is a dispatcher',
  }),
  occurredAt: Type.String(),
  reportedAt: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  locationPrecision: Type.Enum(['exact', 'approximate']),
  precisionMetres: Type.Union([Type.Number(), Type.Null()], {
    description: 'How far at most the shown point lies from the real place',
  }),
  source: Type.String(),
  externalRef: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  visibility: Type.Optional(
    Type.String({ description: 'Dispatchers only: the public policy applied at write time' }),
  ),
  publicLocation: Type.Optional(
    Type.Union([LonLatSchema, Type.Null()], {
      description: 'Dispatchers only: the generalised location the public sees',
    }),
  ),
});
export type IncidentProperties = Static<typeof IncidentPropertiesSchema>;

export const IncidentFeatureSchema = Type.Object(
  {
    type: Type.Literal('Feature'),
    id: Type.String(),
    geometry: PointSchema,
    properties: IncidentPropertiesSchema,
  },
  { $id: 'IncidentFeature' },
);
export type IncidentFeature = Static<typeof IncidentFeatureSchema>;

export const IncidentCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(IncidentFeatureSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` to get the next page; null on the last page',
  }),
});
export type IncidentCollection = Static<typeof IncidentCollectionSchema>;

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
