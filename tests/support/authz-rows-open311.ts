import { expect } from 'vitest';
import type { Caller } from './authz-callers.js';
import { get, type Row, type World } from './authz-rows.js';
import { CENTRAL_CHICAGO } from './incident-factory.js';

/** The fields GeoReport v2 gives a service request: the same for every caller (no exact view). */
const REQUEST_FIELDS = [
  'address',
  'address_id',
  'agency_responsible',
  'description',
  'expected_datetime',
  'lat',
  'long',
  'media_url',
  'requested_datetime',
  'service_code',
  'service_name',
  'service_notice',
  'service_request_id',
  'status',
  'status_notes',
  'updated_datetime',
  'zipcode',
];

function requestsView(caller: Caller, body: unknown): void {
  expect(Array.isArray(body), caller).toBe(true);
  for (const request of body as Record<string, unknown>[]) {
    expect(Object.keys(request).sort(), caller).toEqual(REQUEST_FIELDS);
  }
}

/** An Atom document, whoever asks: the feed has no view but the public one. */
function atomView(caller: Caller, body: unknown): void {
  expect(typeof body === 'string' && body.includes('<feed'), caller).toBe(true);
}

/** Issue 14's rows: Open311 GeoReport v2 and the incident feed, public to every caller. */
export function open311Rows(w: () => World): Row[] {
  return [
    {
      route: 'GET /open311/v2/services.:format',
      access: 'anyone',
      ok: 200,
      request: get('/open311/v2/services.json'),
    },
    {
      route: 'GET /open311/v2/requests.:format',
      access: 'anyone',
      ok: 200,
      request: get('/open311/v2/requests.json'),
      view: requestsView,
    },
    {
      route: 'GET /open311/v2/requests/:file',
      access: 'anyone',
      ok: 200,
      request: () => get(`/open311/v2/requests/${w().approvedId}.json`)(),
      view: requestsView,
    },
    {
      route: 'GET /open311/v2/tokens/:file',
      access: 'anyone',
      ok: 200,
      request: () => get(`/open311/v2/tokens/${w().approvedId}.json`)(),
    },
    {
      // Every caller is a civic app's user here: the form carries no staff power.
      route: 'POST /open311/v2/requests.:format',
      access: 'anyone',
      ok: 200,
      request: ({ who }) =>
        Promise.resolve({
          method: 'POST',
          url: '/open311/v2/requests.json',
          headers: { ...who.headers, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            service_code: 'graffiti',
            lat: String(CENTRAL_CHICAGO.lat),
            long: String(CENTRAL_CHICAGO.lon),
          }).toString(),
        }),
    },
    {
      route: 'GET /feeds/incidents.atom',
      access: 'anyone',
      ok: 200,
      request: get('/feeds/incidents.atom'),
      view: atomView,
    },
  ];
}
