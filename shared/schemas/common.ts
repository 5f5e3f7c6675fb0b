import { Type, type Static } from 'typebox';

/**
 * Text people type: no NUL or other control characters (PostgreSQL rejects NUL, and the others
 * only hide content) and no lone UTF-16 surrogates, which cannot be stored as UTF-8.
 * Ajv compiles patterns with the `u` flag, under which `\p{Cs}` matches only lone surrogates.
 */
export const SAFE_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\p{Cs}]*$';

export function SafeText(options: { minLength?: number; maxLength: number; description?: string }) {
  return Type.String({ ...options, pattern: SAFE_TEXT_PATTERN });
}

export const UuidSchema = Type.String({ format: 'uuid', description: 'A UUID' });

export const DateTimeSchema = Type.String({
  format: 'date-time',
  description: 'ISO 8601 date and time with a zone, e.g. 2026-11-24T18:00:00Z',
});

export const LonLatSchema = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180, description: 'WGS84 longitude' }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'WGS84 latitude' }),
  },
  { additionalProperties: false },
);
export type LonLat = Static<typeof LonLatSchema>;

export const PointSchema = Type.Object({
  type: Type.Literal('Point'),
  coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
});

export const BBOX_DESCRIPTION = 'minLon,minLat,maxLon,maxLat (four finite numbers, min < max)';

export const ErrorDetailSchema = Type.Object({
  path: Type.String(),
  message: Type.String(),
});

export const ErrorSchema = Type.Object(
  {
    error: Type.String({ description: 'A machine-readable code' }),
    message: Type.String({ description: 'A sentence for a person' }),
    details: Type.Optional(Type.Array(ErrorDetailSchema)),
  },
  { $id: 'Error' },
);
export type ErrorBody = Static<typeof ErrorSchema>;
