import { Type, type Static } from 'typebox';
import { SafeText } from './common.js';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) onto citizen observations: the
 * arguments as the specification names them. Values arrive as text (query strings, form
 * fields); the service reads numbers and lists out of them and answers the spec's errors.
 */

export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** The spec's response volume: a span of at most 90 days, the first 1,000 requests. */
export const OPEN311_MAX_SPAN_DAYS = 90;
export const OPEN311_MAX_REQUESTS = 1000;

/** The spec allows 4,000 characters; an observation's text is at most 500 (shared/observations). */
export const OPEN311_DESCRIPTION_MAX = 4000;

const Text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });

export const Open311FormatParamsSchema = Type.Object({
  format: Type.String({ maxLength: 10, description: '`json` or `xml`' }),
});

export const Open311RequestParamsSchema = Type.Object({
  /** `{id}.{format}` as one path segment. */
  file: Type.String({ maxLength: 60, description: 'service_request_id.format' }),
});

const jurisdiction = {
  jurisdiction_id: Type.Optional(Text(200, 'Ignored: this endpoint serves one jurisdiction')),
};

const lang = {
  lang: Type.Optional(
    Type.String({ maxLength: 5, description: 'Language of service names: `en` (default) or `de`' }),
  ),
};

export const Open311ServicesQuerySchema = Type.Object(
  { ...jurisdiction, ...lang },
  { additionalProperties: false },
);

export const Open311RequestsQuerySchema = Type.Object(
  {
    ...jurisdiction,
    ...lang,
    service_request_id: Type.Optional(Text(4000, 'Comma-delimited ids; overrides the rest')),
    service_code: Type.Optional(Text(1000, 'Comma-delimited service codes')),
    start_date: Type.Optional(Text(40, 'W3C date-time with a zone')),
    end_date: Type.Optional(Text(40, 'W3C date-time with a zone')),
    status: Type.Optional(Text(20, 'open, closed, or both comma-delimited')),
  },
  { additionalProperties: false },
);
export type Open311RequestsQuery = Static<typeof Open311RequestsQuerySchema>;

export const Open311OneRequestQuerySchema = Type.Object(
  { ...jurisdiction, ...lang },
  { additionalProperties: false },
);

/** `attribute[code]=value` and `attribute[code][]=value` (form fields keep their brackets). */
export const OPEN311_ATTRIBUTE_FIELD = '^attribute\\[[^\\]]{1,100}\\](\\[\\])?$';

/**
 * POST requests.{format}, form-encoded. The personal fields are accepted because clients send
 * them, and never kept (server/open311/open311-create.service.ts says what becomes of each).
 */
export const Open311CreateSchema = Type.Object(
  {
    ...jurisdiction,
    api_key: Type.Optional(Text(200)),
    service_code: Type.Optional(Text(100)),
    lat: Type.Optional(Text(40)),
    long: Type.Optional(Text(40)),
    address_string: Type.Optional(Text(500)),
    address_id: Type.Optional(Text(200)),
    email: Type.Optional(Text(320)),
    device_id: Type.Optional(Text(200)),
    account_id: Type.Optional(Text(200)),
    first_name: Type.Optional(Text(200)),
    last_name: Type.Optional(Text(200)),
    phone: Type.Optional(Text(100)),
    description: Type.Optional(SafeText({ maxLength: OPEN311_DESCRIPTION_MAX })),
    media_url: Type.Optional(Text(2000)),
  },
  {
    additionalProperties: false,
    patternProperties: {
      [OPEN311_ATTRIBUTE_FIELD]: Type.Union([Text(500), Type.Array(Text(500), { maxItems: 50 })]),
    },
  },
);
export type Open311Create = Static<typeof Open311CreateSchema>;

/** One service: one observation kind. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** One service request: a public observation item (a report, or its corroborated group). */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number;
  long: number;
  media_url: null;
}

/** The answer to POST requests: a token, since a request is public only once moderated. */
export interface Open311Created {
  token: string;
  service_notice: string;
  account_id: null;
}

export interface Open311Token {
  service_request_id: string;
  token: string;
}

export interface Open311Error {
  code: number;
  description: string;
}
