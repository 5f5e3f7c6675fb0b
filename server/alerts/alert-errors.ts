import createError from '@fastify/error';
import { ALERT_AREA_MAX_KM2, ALERTS_PER_ACCOUNT_MAX } from '../../shared/schemas/alert.js';

/** Coded errors of area alerts (ErrorSchema): a clear sentence for each refusal. */
export const InvalidAlertAreaError = createError<[string]>('invalid_area', '%s', 422);
export const AlertAreaTooLargeError = createError<[number]>(
  'area_too_large',
  `The area is %d km²; an alert watches at most ${ALERT_AREA_MAX_KM2} km²`,
  422,
);
export const UnknownDistrictError = createError<[string]>(
  'unknown_district',
  'There is no district named "%s"',
  422,
);
export const CategoryNotAlertableError = createError<[string]>(
  'category_not_alertable',
  'The category %s is never shown at a place, so no alert can tell of it',
  422,
);
export const InvalidTimeZoneError = createError<[string]>(
  'invalid_time_zone',
  'The quiet hours’ time zone "%s" is not an IANA time zone (such as Europe/Berlin)',
  422,
);
export const TooManyAlertsError = createError(
  'too_many_alerts',
  `An account keeps at most ${ALERTS_PER_ACCOUNT_MAX} alerts; delete one first`,
  409,
);
export const PushEndpointRefusedError = createError<[string]>('push_endpoint_refused', '%s', 422);
