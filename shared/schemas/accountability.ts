import { Type, type Static } from 'typebox';
import { CATEGORY_SLUGS } from '../categories.js';
import { DateTimeSchema } from './common.js';
import { PrioritySchema } from './incident-fields.js';
import { RatingDistributionSchema } from './feedback.js';
import { RATING_MAX } from './response-constants.js';

/**
 * Statistics per district and period (issue 13, part 4), owned by server/accountability. Every
 * count a cell is built on is a SuppressibleCount: a cell built on fewer than k records is
 * suppressed ('fewer_than_k'), and so is any cell that would let a suppressed one be derived
 * from totals ('complementary'). A suppressed cell carries no figure at all.
 */

export const ACCOUNTABILITY_PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type AccountabilityPeriod = (typeof ACCOUNTABILITY_PERIODS)[number];

export const SUPPRESSIONS = ['fewer_than_k', 'complementary'] as const;
export type Suppression = (typeof SUPPRESSIONS)[number];

export const AccountabilityQuerySchema = Type.Object(
  {
    period: Type.Optional(Type.Enum(ACCOUNTABILITY_PERIODS, { default: 'month' })),
    from: Type.Optional(DateTimeSchema),
    to: Type.Optional(DateTimeSchema),
    priority: Type.Optional(PrioritySchema),
    district: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type AccountabilityQuery = Static<typeof AccountabilityQuerySchema>;

const SuppressionSchema = Type.Union([Type.Enum(SUPPRESSIONS), Type.Null()]);

export const SuppressibleCountSchema = Type.Object({
  value: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  suppressed: SuppressionSchema,
});
export type SuppressibleCount = Static<typeof SuppressibleCountSchema>;

const Seconds = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);

/** Median and 90th percentile (never means) of one duration, in seconds. */
export const DurationStatsSchema = Type.Object({ median: Seconds, p90: Seconds });

export const PriorityFiguresSchema = Type.Object({
  priority: PrioritySchema,
  /** Responses measured (officer-initiated ones are not). */
  count: SuppressibleCountSchema,
  officerInitiated: SuppressibleCountSchema,
  toDispatch: DurationStatsSchema,
  toScene: DurationStatsSchema,
  onScene: DurationStatsSchema,
  targetSeconds: Type.Number({ minimum: 0 }),
  /** Share of measured responses on scene within the target, 0 to 1; null when suppressed. */
  withinTarget: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
});
export type PriorityFigures = Static<typeof PriorityFiguresSchema>;

export const PeriodFiguresSchema = Type.Object({
  incidents: Type.Object({
    total: SuppressibleCountSchema,
    byCategory: Type.Array(
      Type.Object({ category: Type.Enum(CATEGORY_SLUGS), count: SuppressibleCountSchema }),
    ),
  }),
  responses: Type.Array(PriorityFiguresSchema),
  feedback: Type.Object({
    count: SuppressibleCountSchema,
    /** Null when the count is suppressed, or when it would give a suppressed rating away. */
    mean: Type.Union([Type.Number(), Type.Null()]),
    /** How many gave each rating 1 to 5; null when any of them is suppressed (see `ratings`). */
    distribution: Type.Union([RatingDistributionSchema, Type.Null()]),
    /** How many gave each rating 1 to 5, each suppressed on its own. */
    ratings: Type.Array(SuppressibleCountSchema, { minItems: RATING_MAX, maxItems: RATING_MAX }),
  }),
});
export type PeriodFigures = Static<typeof PeriodFiguresSchema>;

const Change = Type.Union([Type.Number(), Type.Null()]);

export const AccountabilityChangeSchema = Type.Object({
  incidents: Change,
  feedbackMean: Change,
  responses: Type.Array(
    Type.Object({ priority: PrioritySchema, toSceneMedian: Change, withinTarget: Change }),
  ),
});

export const DistrictStatisticsSchema = Type.Object({
  /** null for the whole area (every district, and calls published without a place). */
  district: Type.Union([Type.String(), Type.Null()]),
  current: PeriodFiguresSchema,
  previous: PeriodFiguresSchema,
  change: AccountabilityChangeSchema,
});
export type DistrictStatistics = Static<typeof DistrictStatisticsSchema>;

export const AccountabilitySchema = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  previousPeriod: Type.Object({ from: Type.String(), to: Type.String() }),
  k: Type.Integer({ minimum: 1 }),
  districts: Type.Array(DistrictStatisticsSchema),
  total: DistrictStatisticsSchema,
});
export type Accountability = Static<typeof AccountabilitySchema>;

/**
 * `GET /api/v1/accountability/detail?district&from&to&priority` (district omitted: the whole
 * area): what the per-district charts draw, each with its table twin. Histogram bins and weeks
 * built on fewer than k records are suppressed like any other cell.
 */
export const AccountabilityDetailQuerySchema = Type.Object(
  {
    district: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    period: Type.Optional(Type.Enum(ACCOUNTABILITY_PERIODS, { default: 'month' })),
    from: Type.Optional(DateTimeSchema),
    to: Type.Optional(DateTimeSchema),
    priority: Type.Optional(PrioritySchema),
  },
  { additionalProperties: false },
);
export type AccountabilityDetailQuery = Static<typeof AccountabilityDetailQuerySchema>;

export const DurationBinSchema = Type.Object({
  fromSeconds: Type.Number({ minimum: 0 }),
  /** null for the last, open bin. */
  toSeconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  count: SuppressibleCountSchema,
});

export const AccountabilityDetailSchema = Type.Object({
  district: Type.Union([Type.String(), Type.Null()]),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  k: Type.Integer({ minimum: 1 }),
  /** Time to scene, per priority, as bins. */
  toScene: Type.Array(
    Type.Object({ priority: PrioritySchema, bins: Type.Array(DurationBinSchema) }),
  ),
  /** Feedback per week (or per day for windows up to 14 days). */
  feedback: Type.Array(
    Type.Object({
      from: Type.String(),
      to: Type.String(),
      count: SuppressibleCountSchema,
      mean: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});
export type AccountabilityDetail = Static<typeof AccountabilityDetailSchema>;

/**
 * `Accept: application/geo+json`: one Feature per district, its shape (simplified for the web)
 * and the same figures as the JSON answer as its properties; the period, k and the whole area
 * ride along on the collection.
 */
export const AccountabilityFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: Type.Object({
    type: Type.Literal('MultiPolygon'),
    coordinates: Type.Array(Type.Array(Type.Array(Type.Array(Type.Number())))),
  }),
  properties: DistrictStatisticsSchema,
});

export const AccountabilityCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  previousPeriod: Type.Object({ from: Type.String(), to: Type.String() }),
  k: Type.Integer({ minimum: 1 }),
  total: DistrictStatisticsSchema,
  features: Type.Array(AccountabilityFeatureSchema),
});
export type AccountabilityCollection = Static<typeof AccountabilityCollectionSchema>;
