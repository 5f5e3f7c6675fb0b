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

/** A UUID in its canonical 8-4-4-4-12 form, either case: what PostgreSQL's uuid type reads. */
export const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * A UUID in its canonical 8-4-4-4-12 form. The `uuid` format alone also takes the
 * `urn:uuid:` prefix, which PostgreSQL's uuid type refuses.
 */
export const UuidSchema = Type.String({
  format: 'uuid',
  pattern: UUID_PATTERN,
  description: 'A UUID',
});

/** Checked by shared/schemas/date-time.ts, which every validator registers as `date-time`. */
export const DateTimeSchema = Type.String({
  format: 'date-time',
  maxLength: 40,
  description:
    'RFC 3339 date and time with a zone, e.g. 2026-11-24T18:00:00Z; years 0001–9999, offsets within ±15:59, no leap seconds',
});

/**
 * An event id: a PostgreSQL bigint, kept to the integers JavaScript holds exactly. JSON Schema's
 * `integer` alone takes 1e20, which no bigint holds, and 2^60, which a double cannot tell apart
 * from its neighbours.
 */
export function EventIdSchema(options: { default?: number; description?: string } = {}) {
  return Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, ...options });
}

export const LongitudeSchema = Type.Number({
  minimum: -180,
  maximum: 180,
  description: 'WGS84 longitude',
});
export const LatitudeSchema = Type.Number({
  minimum: -90,
  maximum: 90,
  description: 'WGS84 latitude',
});

export const LonLatSchema = Type.Object(
  { lon: LongitudeSchema, lat: LatitudeSchema },
  { additionalProperties: false },
);
export type LonLat = Static<typeof LonLatSchema>;

/** A GeoJSON Point (RFC 7946 §3.1.2): one position, longitude first. */
export const PointSchema = Type.Object({
  type: Type.Literal('Point'),
  coordinates: Type.Tuple([LongitudeSchema, LatitudeSchema], { description: '[lon, lat]' }),
});
export type Point = Static<typeof PointSchema>;

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

/** A route's error responses: each status given answers with ErrorSchema (API.md). */
export function errorResponses<const Status extends number>(
  ...statuses: Status[]
): Record<Status, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorSchema])) as Record<
    Status,
    typeof ErrorSchema
  >;
}
