import { Type, type Static } from 'typebox';
import { LatitudeSchema, LongitudeSchema, SafeText } from './common.js';

export const PLACE_QUERY_MAX_LENGTH = 200;
export const PLACES_MAX_LIMIT = 20;

export const PlacesQuerySchema = Type.Object(
  {
    q: SafeText({
      minLength: 1,
      maxLength: PLACE_QUERY_MAX_LENGTH,
      description:
        'What to find: a district, a street or block name from the data ("homer", "5XX Homer St"), or coordinates ("49.28, -123.12", "49°16\'48"N 123°7\'12"W", "geo:49.28,-123.12", "#14/49.28/-123.12")',
    }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PLACES_MAX_LIMIT, default: 8 })),
  },
  { additionalProperties: false },
);
export type PlacesQuery = Static<typeof PlacesQuerySchema>;

export const PLACE_KINDS = ['district', 'block', 'coordinates', 'address'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const PlaceSchema = Type.Object(
  {
    kind: Type.Enum(PLACE_KINDS, {
      description:
        'district: a named area; block: a street or hundred block found in the public data; coordinates: what was typed; address: from the configured geocoder',
    }),
    name: Type.String(),
    /** The district a block lies in, when known (the same block name recurs across a city). */
    district: Type.Optional(Type.String()),
    center: Type.Tuple([LongitudeSchema, LatitudeSchema], { description: '[lon, lat]' }),
    bbox: Type.Optional(
      Type.Tuple([LongitudeSchema, LatitudeSchema, LongitudeSchema, LatitudeSchema], {
        description: '[minLon, minLat, maxLon, maxLat]: fit the map to it when present',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Place = Static<typeof PlaceSchema>;

export const PlacesSchema = Type.Array(PlaceSchema, { description: 'Best first' });
