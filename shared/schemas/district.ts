import { Type, type Static } from 'typebox';
import { LatitudeSchema, LongitudeSchema } from './common.js';

/**
 * Districts as the map draws them (GET /api/v1/districts): each district's name, its shape
 * simplified for the screen, and one point inside it to write the name at. District names and
 * shapes are public information; nothing here comes from an incident.
 */

const PositionSchema = Type.Tuple([LongitudeSchema, LatitudeSchema], { description: '[lon, lat]' });

export const MultiPolygonSchema = Type.Object({
  type: Type.Literal('MultiPolygon'),
  coordinates: Type.Array(Type.Array(Type.Array(PositionSchema)), {
    description: 'Polygons, each of rings, each of [lon, lat] positions (RFC 7946)',
  }),
});

export const DistrictFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String({ description: 'The district id' }),
  geometry: MultiPolygonSchema,
  properties: Type.Object({
    name: Type.String({ description: 'The district name (unique)' }),
    labelPoint: Type.Tuple([LongitudeSchema, LatitudeSchema], {
      description:
        '[lon, lat] inside the district, as far from its edges as can be: where to write its name',
    }),
  }),
});
export type DistrictFeature = Static<typeof DistrictFeatureSchema>;

export const DistrictCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(DistrictFeatureSchema),
});
export type DistrictCollection = Static<typeof DistrictCollectionSchema>;
