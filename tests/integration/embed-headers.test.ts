import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/accounts/session-cookie.js';
import { createUser, signIn, type SignedIn } from '../support/accounts.js';
import { tileOf } from '../support/authz-fixtures.js';
import { cspDirectives, varyFields } from '../support/http-headers.js';
import { CENTRAL_CHICAGO, incidentBody } from '../support/incident-factory.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The framing and CORS policy of issue 14 on every class of route: only the embed pages may be
 * framed (frame-ancestors from EMBED_FRAME_ANCESTORS, no X-Frame-Options); only the public reads
 * answer other origins (never with credentials); the embeds never set a cookie nor see a session.
 */

const DIST = fileURLToPath(new URL('../fixtures/embed-pages', import.meta.url));
const NEWS = 'https://news.example';
const EVIL = 'https://evil.example';
const BBOX = '-88,41.5,-87,42.2';
const tile = tileOf(CENTRAL_CHICAGO.lon, CENTRAL_CHICAGO.lat, 12);

let anySite: TestApp;
let listed: TestApp;
let resident: SignedIn;

beforeAll(async () => {
  anySite = await startTestApp({ clientDistDir: DIST });
  listed = await startTestApp({ clientDistDir: DIST, embedFrameAncestors: [NEWS] });
  const user = await createUser(anySite.db.pool, { role: 'resident' });
  resident = await signIn(anySite.app, user);
});

afterAll(async () => {
  await anySite.close();
  await listed.close();
});

type Framing = 'embed' | 'none' | 'docs';
type Cors = 'public' | 'none';

interface RouteClass {
  what: string;
  method: 'GET' | 'POST';
  url: string;
  /** The status; a tile is 204 when its rules leave nothing to draw. */
  status: number | number[];
  framing: Framing;
  cors: Cors;
  payload?: object;
  /** Sent with an API key (a write needs one). */
  keyed?: boolean;
}

const ROUTES: RouteClass[] = [
  { what: 'app page', method: 'GET', url: '/', status: 200, framing: 'none', cors: 'none' },
  {
    what: 'API read',
    method: 'GET',
    url: `/api/v1/incidents?bbox=${BBOX}`,
    status: 200,
    framing: 'none',
    cors: 'public',
  },
  {
    what: 'API read (districts)',
    method: 'GET',
    url: '/api/v1/districts',
    status: 200,
    framing: 'none',
    cors: 'public',
  },
  {
    what: 'API read (audit)',
    method: 'GET',
    url: '/api/v1/audit/head',
    status: 200,
    framing: 'none',
    cors: 'public',
  },
  {
    what: 'API write',
    method: 'POST',
    url: '/api/v1/incidents',
    status: 201,
    framing: 'none',
    cors: 'none',
    payload: incidentBody(),
    keyed: true,
  },
  {
    what: 'API read of one’s own (session)',
    method: 'GET',
    url: '/api/v1/observations/mine',
    status: 200,
    framing: 'none',
    cors: 'none',
  },
  {
    what: 'session route',
    method: 'GET',
    url: '/api/v1/session',
    status: 200,
    framing: 'none',
    cors: 'none',
  },
  {
    what: 'map embed',
    method: 'GET',
    url: '/embed?district=Central',
    status: 200,
    framing: 'embed',
    cors: 'none',
  },
  {
    what: 'stats embed',
    method: 'GET',
    url: '/embed/stats?district=Central',
    status: 200,
    framing: 'embed',
    cors: 'none',
  },
  {
    what: 'tile',
    method: 'GET',
    url: `/tiles/incidents/${tile.z}/${tile.x}/${tile.y}.mvt`,
    status: [200, 204],
    framing: 'none',
    cors: 'public',
  },
  {
    what: 'oEmbed',
    method: 'GET',
    url: `/oembed?url=${encodeURIComponent('http://localhost/embed')}`,
    status: 200,
    framing: 'none',
    cors: 'public',
  },
  {
    what: 'an API error (bad bbox) still readable',
    method: 'GET',
    url: '/api/v1/incidents?bbox=1,2',
    status: 400,
    framing: 'none',
    cors: 'public',
  },
  {
    what: 'static asset',
    method: 'GET',
    url: '/assets/embed-fixture.js',
    status: 200,
    framing: 'none',
    cors: 'none',
  },
  { what: 'API docs', method: 'GET', url: '/docs', status: 200, framing: 'docs', cors: 'none' },
];

async function send(
  t: TestApp,
  route: RouteClass,
  origin: string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: route.method,
    url: route.url,
    headers: { origin, ...(route.keyed ? bearer(t.dispatcherKey) : {}) },
    ...(route.payload === undefined ? {} : { payload: { ...route.payload } }),
  });
}

function expectStatus(response: LightMyRequestResponse, status: number | number[]) {
  expect([status].flat(), response.body.slice(0, 200)).toContain(response.statusCode);
}

function expectFraming(response: LightMyRequestResponse, framing: Framing, ancestors: string[]) {
  const csp = cspDirectives(response.headers['content-security-policy']);
  if (framing === 'embed') {
    expect(csp['frame-ancestors']).toEqual(ancestors);
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
  } else {
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    // /docs is Swagger UI's own page; helmet's frameguard still answers there.
    expect(response.headers['x-frame-options']).toBe('DENY');
  }
}

function expectNoCredentialsEver(response: LightMyRequestResponse) {
  expect(response.headers['access-control-allow-credentials']).toBeUndefined();
}

describe('every route class, any site may embed (the default)', () => {
  it.each(ROUTES)('$what: $method $url', async (route) => {
    const response = await send(anySite, route, NEWS);
    expectStatus(response, route.status);
    expectFraming(response, route.framing, ['*']);
    expectNoCredentialsEver(response);
    expect(response.headers['access-control-allow-origin']).toBe(
      route.cors === 'public' ? '*' : undefined,
    );
  });

  it('an embed page’s CSP is the app page’s, but for frame-ancestors', async () => {
    const page = cspDirectives((await anySite.app.inject('/')).headers['content-security-policy']);
    const embed = cspDirectives(
      (await anySite.app.inject('/embed')).headers['content-security-policy'],
    );
    expect({ ...embed, 'frame-ancestors': [] }).toEqual({ ...page, 'frame-ancestors': [] });
  });
});

describe('every route class, only listed sites may embed', () => {
  it.each(ROUTES)('$what: $method $url', async (route) => {
    for (const origin of [NEWS, EVIL]) {
      const response = await send(listed, route, origin);
      expectStatus(response, route.status);
      expectFraming(response, route.framing, ["'self'", NEWS]);
      expectNoCredentialsEver(response);
      const allowed = route.cors === 'public' && origin === NEWS ? NEWS : undefined;
      expect(response.headers['access-control-allow-origin'], origin).toBe(allowed);
      // The answer depends on Origin: a shared cache must keep one per origin.
      if (route.cors === 'public') expect(varyFields(response.headers.vary)).toContain('origin');
    }
  });
});

describe('the embeds never set a cookie nor see a session', () => {
  const EMBED_ROUTES = [
    '/embed?district=Central',
    '/embed/stats?district=Central',
    `/oembed?url=${encodeURIComponent('http://localhost/embed')}`,
  ];

  it.each(EMBED_ROUTES)(
    '%s with a live session, a key as well: public, no Set-Cookie',
    async (url) => {
      // Elsewhere a session together with a key is refused (ambiguous_credentials).
      const response = await anySite.app.inject({
        method: 'GET',
        url,
        headers: { cookie: resident.cookie, ...bearer(anySite.dispatcherKey) },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    },
  );

  it.each(EMBED_ROUTES)('%s with an ended session’s cookie: no Set-Cookie', async (url) => {
    const response = await anySite.app.inject({
      method: 'GET',
      url,
      headers: { cookie: `${SESSION_COOKIE}=ended-long-ago` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('while the app’s routes do clear an ended session’s cookie (the check above can fail)', async () => {
    const response = await anySite.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: `${SESSION_COOKIE}=ended-long-ago` },
    });
    expect(String(response.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=;`);
    const ambiguous = await anySite.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: resident.cookie, ...bearer(anySite.dispatcherKey) },
    });
    expect(ambiguous.statusCode).toBe(400);
  });
});
