import type { Open311Create, Open311Created } from '../../shared/schemas/open311.js';
import { OBSERVATION_TEXT_MAX } from '../../shared/observations/kinds.js';
import { createObservation } from '../observations/observation-create.service.js';
import type { RateLimit } from '../observations/observation-guards.js';
import type { ReporterIdentity } from '../observations/reporter-identity.js';
import type { RecordWriter } from '../record/record-writer.js';
import { badRequest, notFound } from './open311-errors.js';
import { isServiceCode } from './open311-services.js';
import type { Open311Text } from './open311-text.js';

/** Reads `lat`/`long` as sent (text): finite WGS84 degrees, or the spec's 400 naming the field. */
function coordinate(name: 'lat' | 'long', text: string, limit: number, problems: string[]) {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > limit) {
    problems.push(
      `${name} must be a WGS84 ${name === 'lat' ? 'latitude' : 'longitude'} in [-${limit}, ${limit}]`,
    );
    return null;
  }
  return value;
}

/** The form's checks, all at once: the spec answers a list of errors. */
function checkForm(form: Open311Create) {
  const problems: string[] = [];
  const code = form.service_code?.trim() ?? '';
  if (code === '') problems.push('service_code is required (see services.json)');
  const hasLat = form.lat !== undefined && form.lat !== '';
  const hasLong = form.long !== undefined && form.long !== '';
  let location: { lon: number; lat: number } | null = null;
  if (hasLat && hasLong) {
    const lat = coordinate('lat', form.lat ?? '', 90, problems);
    const lon = coordinate('long', form.long ?? '', 180, problems);
    if (lat !== null && lon !== null) location = { lon, lat };
  } else if (hasLat || hasLong) {
    problems.push('lat and long must be sent together');
  } else if (form.address_string || form.address_id) {
    problems.push(
      'lat and long are required: this endpoint places a report by its point only, not by address_string or address_id',
    );
  } else {
    problems.push('a location is required: send lat and long');
  }
  const description = form.description?.trim() ?? '';
  if (description.length > OBSERVATION_TEXT_MAX) {
    problems.push(`description may be at most ${OBSERVATION_TEXT_MAX} characters here`);
  }
  if (problems.length > 0) throw badRequest(...problems);
  if (!isServiceCode(code)) throw notFound(`service_code ${code} was not found`);
  return { category: code, location: location as { lon: number; lat: number }, description };
}

export interface CreateRequest {
  form: Open311Create;
  address: string;
  reporters: ReporterIdentity;
  limit: RateLimit;
  text: Open311Text;
}

/**
 * A form-encoded service request becomes a citizen observation through the observations' own
 * intake (guardrails, anti-targeting, rate limits, grouping, moderation): it waits for a
 * moderator like any report. Of the personal fields, only device_id is used, as the key of the
 * per-device limit and of independent corroboration, and kept only as a keyed HMAC, as a
 * device token is; email, first_name, last_name, phone and account_id are read by nobody and
 * kept nowhere (moderators judge the text, not the person). media_url and attribute[...] are
 * not kept either: a photo would need its own moderation, and no service has attributes.
 */
export async function createRequest(
  records: RecordWriter,
  request: CreateRequest,
): Promise<Open311Created[]> {
  const { category, location, description } = checkForm(request.form);
  const deviceId = request.form.device_id?.trim();
  const reporter = await request.reporters.of({
    userId: undefined,
    deviceToken: deviceId ? `open311\u0000${deviceId}` : undefined,
    address: request.address,
  });
  const result = await createObservation(
    records,
    {
      input: { category, location, ...(description === '' ? {} : { text: description }) },
      reporter,
    },
    request.limit,
  );
  const held = result.body.moderation === 'held';
  return [
    {
      token: result.body.id,
      service_notice: held ? request.text.held : request.text.accepted,
      account_id: null,
    },
  ];
}
