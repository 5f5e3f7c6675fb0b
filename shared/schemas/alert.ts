import { Type, type Static } from 'typebox';
import { LatitudeSchema, LongitudeSchema, SafeText, UuidSchema, DateTimeSchema } from './common.js';
import { CATEGORIES } from '../categories.js';
import { CategorySchema } from './incident-fields.js';

/**
 * Area alerts (issue 14, part 7), owned by server/alerts: a signed-in resident's area (a drawn
 * polygon or a named district), categories and quiet hours; they are told of new matching
 * incidents and of their state changes, in the open app (socket event `alert`) and through
 * Web Push. A notification carries only the incident's public part: never an exact point, a
 * name, a unit or unmoderated text.
 */

export const ALERT_NAME_MAX = 80;
export const ALERT_RING_MAX_POSITIONS = 200;
export const ALERTS_PER_ACCOUNT_MAX = 20;
/** The largest area an alert may watch (km²): a big city's, not a country's. */
export const ALERT_AREA_MAX_KM2 = 2500;

/**
 * The categories an alert can tell of: those the public sees as a point (`point`, `coarse`).
 * An `aggregate` or `hidden` category is never shown at a place, so no alert names it (422).
 */
export const ALERTABLE_CATEGORY_SLUGS: readonly string[] = CATEGORIES.filter(
  (c) => c.policy === 'point' || c.policy === 'coarse',
).map((c) => c.slug);

const Position = Type.Tuple([LongitudeSchema, LatitudeSchema]);

/** One closed ring (first position repeated last), at least a triangle, no holes. */
export const AlertPolygonSchema = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(
      Type.Array(Position, { minItems: 4, maxItems: ALERT_RING_MAX_POSITIONS }),
      { minItems: 1, maxItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type AlertPolygon = Static<typeof AlertPolygonSchema>;

export const AlertAreaSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('polygon'), polygon: AlertPolygonSchema },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('district'), district: Type.String({ minLength: 1, maxLength: 200 }) },
    { additionalProperties: false },
  ),
]);
export type AlertArea = Static<typeof AlertAreaSchema>;

/** Local wall-clock times `HH:MM` in an IANA zone; start after end wraps past midnight. */
const ClockTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
export const QuietHoursSchema = Type.Object(
  {
    start: ClockTime,
    end: ClockTime,
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' }),
  },
  { additionalProperties: false },
);
export type QuietHours = Static<typeof QuietHoursSchema>;

/** What an alert tells of: new incidents, and changes of status of the incidents it matched. */
export const ALERT_TRIGGERS = ['created', 'status_changed'] as const;
export type AlertTrigger = (typeof ALERT_TRIGGERS)[number];

/** `POST /api/v1/alerts`. Empty `categories` = every category the public sees. */
export const AlertCreateSchema = Type.Object(
  {
    name: SafeText({ minLength: 1, maxLength: ALERT_NAME_MAX }),
    area: AlertAreaSchema,
    categories: Type.Array(CategorySchema, { maxItems: 50, uniqueItems: true }),
    triggers: Type.Optional(
      Type.Array(Type.Enum(ALERT_TRIGGERS), { minItems: 1, uniqueItems: true }),
    ),
    quietHours: Type.Optional(Type.Union([QuietHoursSchema, Type.Null()])),
  },
  { additionalProperties: false },
);
export type AlertCreate = Static<typeof AlertCreateSchema>;

/** `PATCH /api/v1/alerts/:id`: any of the fields, and `paused`. */
export const AlertPatchSchema = Type.Object(
  {
    name: Type.Optional(SafeText({ minLength: 1, maxLength: ALERT_NAME_MAX })),
    area: Type.Optional(AlertAreaSchema),
    categories: Type.Optional(Type.Array(CategorySchema, { maxItems: 50, uniqueItems: true })),
    triggers: Type.Optional(
      Type.Array(Type.Enum(ALERT_TRIGGERS), { minItems: 1, uniqueItems: true }),
    ),
    quietHours: Type.Optional(Type.Union([QuietHoursSchema, Type.Null()])),
    paused: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AlertPatch = Static<typeof AlertPatchSchema>;

export const AlertSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  area: AlertAreaSchema,
  categories: Type.Array(CategorySchema),
  triggers: Type.Array(Type.Enum(ALERT_TRIGGERS)),
  quietHours: Type.Union([QuietHoursSchema, Type.Null()]),
  paused: Type.Boolean(),
  createdAt: DateTimeSchema,
});
export type Alert = Static<typeof AlertSchema>;

export const AlertListSchema = Type.Object({ alerts: Type.Array(AlertSchema) });

/** `POST /api/v1/alerts/push-subscriptions`: a browser's PushSubscription.toJSON(). */
export const PushSubscriptionSchema = Type.Object(
  {
    endpoint: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 }),
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Object(
      {
        p256dh: Type.String({ pattern: '^[A-Za-z0-9_-]{80,100}={0,2}$' }),
        auth: Type.String({ pattern: '^[A-Za-z0-9_-]{16,32}={0,2}$' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type PushSubscriptionInput = Static<typeof PushSubscriptionSchema>;

/** `GET /api/v1/alerts/push-key`: the VAPID public key (base64url), made at first start. */
export const PushKeySchema = Type.Object({ publicKey: Type.String() });

/**
 * One notification: the socket event `alert` to the resident's open app, the Web Push payload,
 * and an item of `GET /api/v1/alerts/notifications`. Public data only.
 */
export const AlertNotificationSchema = Type.Object({
  id: Type.String(),
  alertId: UuidSchema,
  alertName: Type.String(),
  trigger: Type.Enum(ALERT_TRIGGERS),
  /** The event that triggered it (the public record's id). */
  eventId: Type.Integer({ minimum: 1 }),
  incident: Type.Object({
    id: Type.String(),
    category: CategorySchema,
    status: Type.String(),
    /** The public (generalised) point. */
    point: Type.Tuple([LongitudeSchema, LatitudeSchema]),
    occurredAt: DateTimeSchema,
  }),
  /** The full view, at the incident. */
  url: Type.String(),
  /** When it was due; later when quiet hours held it. */
  createdAt: DateTimeSchema,
});
export type AlertNotification = Static<typeof AlertNotificationSchema>;

/** `GET /api/v1/alerts/notifications?limit`: the newest first. */
export const ALERT_NOTIFICATIONS_LIMIT_MAX = 100;
export const AlertNotificationsQuerySchema = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: ALERT_NOTIFICATIONS_LIMIT_MAX, default: 20 }),
    ),
  },
  { additionalProperties: false },
);
export const AlertNotificationListSchema = Type.Object({
  notifications: Type.Array(AlertNotificationSchema),
});

export const AlertParamsSchema = Type.Object({ id: UuidSchema });

/** `DELETE /api/v1/alerts/push-subscriptions`. */
export const PushUnsubscribeSchema = Type.Object(
  { endpoint: Type.String({ minLength: 1, maxLength: 2048 }) },
  { additionalProperties: false },
);
