import { Type, type Static } from 'typebox';
import { PUBLIC_POLICIES } from '../categories.js';
import { IncidentAppealSchema } from './appeal.js';
import { LonLatSchema, PointSchema } from './common.js';
import { CategorySchema, PrioritySchema, StatusSchema } from './incident-fields.js';

/**
 * An incident as the REST API, the live stream and the GeoJSON export send it: a public
 * Feature (generalised place, redacted text) or a dispatcher Feature (exact place and text,
 * and what the public sees of it). `properties.locationPrecision` tells the two apart.
 */

const InstantSchema = Type.String({ description: 'ISO 8601, UTC' });

const sharedProperties = {
  category: CategorySchema,
  priority: PrioritySchema,
  status: StatusSchema,
  occurredAt: InstantSchema,
  reportedAt: InstantSchema,
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  source: Type.String({ description: 'Who published it: an API key name or an import' }),
  district: Type.Union([Type.String(), Type.Null()], {
    description:
      'The district (neighbourhood) of the public, generalised point; null where the public ' +
      'sees no point or no district holds it',
  }),
  /** Present (and never null) once dispatch has appealed for information on the incident. */
  appeal: Type.Optional(
    Type.Union([IncidentAppealSchema, Type.Null()], {
      description: 'The appeal for information on it, open or closed; absent when none was made',
    }),
  ),
  place: Type.Union([Type.String(), Type.Null()], {
    description:
      'Where, in words, never finer than the public point: "near 5XX Homer St, Downtown" ' +
      '(a hundred block or street, only for 150 m points), or the district alone; null where ' +
      'the public sees no point',
  }),
};

export const PublicIncidentPropertiesSchema = Type.Object({
  ...sharedProperties,
  summary: Type.String({ description: 'Redacted of personal data' }),
  locationPrecision: Type.Literal('approximate'),
  precisionMetres: Type.Number({
    description: 'How far at most the shown point lies from the real place',
  }),
});
export type PublicIncidentProperties = Static<typeof PublicIncidentPropertiesSchema>;

export const DispatcherIncidentPropertiesSchema = Type.Object({
  ...sharedProperties,
  summary: Type.String({ description: 'As written, unredacted' }),
  locationPrecision: Type.Literal('exact'),
  precisionMetres: Type.Literal(0),
  externalRef: Type.Union([Type.String(), Type.Null()], {
    description: 'The id in the sending system (CAD)',
  }),
  visibility: Type.Enum(PUBLIC_POLICIES, {
    description: 'The public policy applied at write time',
  }),
  publicLocation: Type.Union([LonLatSchema, Type.Null()], {
    description: 'The generalised location the public sees; null when it sees none',
  }),
});
export type DispatcherIncidentProperties = Static<typeof DispatcherIncidentPropertiesSchema>;

export const PublicIncidentFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String({ description: 'The incident id (a UUID)' }),
  geometry: PointSchema,
  properties: PublicIncidentPropertiesSchema,
});
export type PublicIncidentFeature = Static<typeof PublicIncidentFeatureSchema>;

export const DispatcherIncidentFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String({ description: 'The incident id (a UUID)' }),
  geometry: PointSchema,
  properties: DispatcherIncidentPropertiesSchema,
});
export type DispatcherIncidentFeature = Static<typeof DispatcherIncidentFeatureSchema>;

// The public shape comes first: a response serialiser that tries the options in order then
// writes only public fields should anything ever match both.
export const IncidentFeatureSchema = Type.Union(
  [PublicIncidentFeatureSchema, DispatcherIncidentFeatureSchema],
  { $id: 'IncidentFeature' },
);
export type IncidentFeature = Static<typeof IncidentFeatureSchema>;
export type IncidentProperties = IncidentFeature['properties'];

export const IncidentCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(IncidentFeatureSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` to get the next page; null on the last page',
  }),
});
export type IncidentCollection = Static<typeof IncidentCollectionSchema>;
