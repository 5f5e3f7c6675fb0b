import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ROUTE_PATHS } from '../../shared/client-routes.js';
import { LAYERS } from '../../shared/realtime/constants.js';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import { KEY_ROLES, PERSON_ROLES, PRIVILEGED_ROLES } from '../../shared/roles.js';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { createUser } from '../support/accounts.js';
import {
  CALLERS,
  CALLER_SPECS,
  newIdentity,
  type Caller,
  type Identity,
} from '../support/authz-callers.js';
import { expectSchemaFields, MatrixFixtures } from '../support/authz-fixtures.js';
import type { Context, Row, World } from '../support/authz-rows.js';
import { mapRows } from '../support/authz-rows-map.js';
import { peopleRows } from '../support/authz-rows-people.js';
import { feedbackRows, feedbackView } from '../support/authz-rows-feedback.js';
import { embedRows } from '../support/authz-rows-embed.js';
import { open311Rows } from '../support/authz-rows-open311.js';
import { alertRows } from '../support/authz-rows-alerts.js';
import { feedbackUrl, insertResponse } from '../support/response-fixture.js';
import {
  cellOf,
  incidentView,
  observationView,
  responseFeatureView,
  seesExact,
  SOCKETS,
} from '../support/authz-table.js';
import { startInventoriedApp, type InventoriedApp } from '../support/route-inventory.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { listen } from '../support/test-app.js';
import { embedKindAt } from '../../shared/embed/embed-params.js';

/**
 * Issue 12's authorization matrix, generated from one table: every route the app registers and
 * every socket message × every kind of caller → the status (or socket outcome) and exactly the
 * fields that caller may see. Left out of the routes, and only these: /docs* (the OpenAPI
 * document and its UI), the client app's pages (shared/client-routes.ts) and its static files
 * (`/*`); HEAD answers as its GET does (Fastify adds it to every GET).
 */

let t: InventoriedApp;
let fixtures: MatrixFixtures;
const identities = new Map<Caller, Identity>();
let world: World;
let othersReportBefore: Record<string, unknown>;
const ROWS: Row[] = [
  ...mapRows(() => world),
  ...peopleRows(() => world),
  ...feedbackRows(() => world),
  ...embedRows(),
  ...open311Rows(() => world),
  ...alertRows(() => world),
];

// ─── Setup ────────────────────────────────────────────────────────────────────────────────

beforeAll(async () => {
  t = await startInventoriedApp();
  fixtures = new MatrixFixtures(t.app, t.db.pool, t.dispatcherKey);
  for (const caller of CALLERS) {
    identities.set(caller, await newIdentity(t.app, t.db.pool, t, caller));
  }
  const other = await newIdentity(t.app, t.db.pool, t, 'res');
  const target = await createUser(t.db.pool, { role: 'resident' });
  world = {
    t,
    fixtures,
    incidentId: await respondedIncident(),
    approvedId: await fixtures.approved(),
    appealId: await fixtures.appeal(),
    othersReport: await fixtures.reportAs(other),
    signInTarget: { email: target.email, password: target.password },
    ratedResponse: await insertResponse(t.db.pool),
  };
  const rated = await t.app.inject({
    method: 'POST',
    url: feedbackUrl(world.ratedResponse),
    headers: other.headers,
    payload: { rating: 4 },
  });
  if (rated.statusCode !== 201) throw new Error(`rating: ${rated.body}`);
  // The moderation queue has an item from the start.
  await fixtures.pending();
  othersReportBefore = await reportState(world.othersReport);
});

afterAll(async () => {
  await t.close();
});

/** An incident with a response, so that its timeline and the responses layer have one. */
async function respondedIncident(): Promise<string> {
  const id = await fixtures.incident();
  await fixtures.responseStep(id);
  return id;
}

/** What withdrawing or erasing a report would change. */
async function reportState(id: string) {
  const { rows } = await t.db.pool.query(
    `SELECT moderation, verification, reporter_user_id AS reporter, location IS NOT NULL AS located
       FROM observations WHERE id = $1`,
    [id],
  );
  return rows[0] as Record<string, unknown>;
}

function identityOf(caller: Caller): Identity {
  const identity = identities.get(caller);
  if (!identity) throw new Error(`no identity for ${caller}`);
  return identity;
}

async function answer(row: Row, caller: Caller) {
  const context: Context = {
    caller,
    who: identityOf(caller),
    fresh: () => newIdentity(t.app, t.db.pool, t, caller),
  };
  const request = await row.request(context);
  const headers = request.headers ?? context.who.headers;
  const response = await t.app.inject({
    method: request.method,
    url: request.url,
    headers,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
  // HEAD is the GET without its body: the same gate must answer it.
  const head =
    request.method === 'GET'
      ? (await t.app.inject({ method: 'HEAD', url: request.url, headers })).statusCode
      : null;
  return { status: response.statusCode, head, body: parseBody(response.body) };
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

// ─── The routes ───────────────────────────────────────────────────────────────────────────

// The client's pages, the app's and the embeds' (issue 14), are the same HTML for everyone (200,
// or 503 before a build): no row to tell callers apart.
const EXCLUDED = (url: string) =>
  url === '/docs' ||
  url.startsWith('/docs/') ||
  url === '/*' ||
  CLIENT_ROUTE_PATHS.includes(url) ||
  embedKindAt(url) !== null;

describe('the route table', () => {
  it('has a column for every person role (each second-factor state) and every key role', () => {
    const specs = CALLERS.map((caller) => CALLER_SPECS[caller]);
    const of = (credential: string) =>
      specs.filter((spec) => spec.credential === credential).map((spec) => spec.role);
    expect(new Set(of('key'))).toEqual(new Set(KEY_ROLES));
    expect(new Set(of('session'))).toEqual(new Set(PERSON_ROLES));
    for (const role of PRIVILEGED_ROLES) {
      const factors = specs.filter((spec) => spec.role === role && spec.credential === 'session');
      expect(new Set(factors.map((spec) => spec.factor)), role).toEqual(
        new Set(['passed', 'pending', 'unenrolled']),
      );
    }
  });

  it('lists every route the app registers, and only those', () => {
    const registered = new Set(
      t.routes
        .filter(({ method, url }) => method !== 'HEAD' && !EXCLUDED(url))
        .map(({ method, url }) => `${method} ${url}`),
    );
    const listed = new Set(ROWS.map((row) => row.route.replace(/ \(.*\)$/, '')));
    expect(
      [...registered].filter((route) => !listed.has(route)),
      'routes the table misses',
    ).toEqual([]);
    expect(
      [...listed].filter((route) => !registered.has(route)),
      'rows without a route',
    ).toEqual([]);
    // Every HEAD route is the GET of a listed or excluded route.
    for (const { url } of t.routes.filter((route) => route.method === 'HEAD')) {
      expect(EXCLUDED(url) || listed.has(`GET ${url}`), `HEAD ${url}`).toBe(true);
    }
  });
});

describe('every route × every caller: the status, and the fields that caller sees', () => {
  for (const row of ROWS) {
    it(`${row.route} (${row.access})`, async () => {
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const caller of CALLERS) {
        const cell = cellOf(row.access, caller);
        const { status, head, body } = await answer(row, caller);
        if (head !== null) expect(head, `HEAD as ${caller}`).toBe(status);
        const expected = cell === 'ok' ? row.ok : cell === '2fa' ? 403 : cell;
        const error = (body as { error?: string } | null)?.error;
        want[caller] = cell === '2fa' ? '403 second_factor_required' : String(expected);
        got[caller] =
          status === 403 && error === 'second_factor_required'
            ? '403 second_factor_required'
            : status === expected
              ? String(status)
              : `${status} ${JSON.stringify(body).slice(0, 160)}`;
        if (status >= 400 && status === expected) {
          expectSchemaFields(body, ErrorSchema, `${row.route} ${caller} error`);
        }
        if (status === row.ok && cell === 'ok' && row.view) row.view(caller, body);
      }
      expect(got).toEqual(want);
    });
  }
});

// ─── The live stream ──────────────────────────────────────────────────────────────────────

const STREAMED = ['incidents', 'observations', 'responses', 'feedback'] as const;

type ConnectError = Error & { data?: { error?: string } };

/** Connects with these credentials; 'ok', or the code the handshake was refused with. */
async function handshake(
  url: string,
  options: { token?: string; cookie?: string; protocol?: number },
): Promise<string> {
  try {
    const listener = await connectListener(url, options);
    listener.close();
    return 'ok';
  } catch (error) {
    return (error as ConnectError).data?.error ?? String(error);
  }
}

describe("the live stream: every credential's handshake, and a subscribe to each layer", () => {
  let url: string;
  const open: Listener[] = [];

  beforeAll(async () => {
    url = await listen(t);
  });

  afterAll(() => {
    for (const listener of open) listener.close();
  });

  it('each caller: the handshake, then per layer the features its socket is sent', async () => {
    expect([...STREAMED].sort()).toEqual([...LAYERS].sort());
    const handshakes = SOCKETS.get('handshake') as Record<Caller, string>;
    const sockets: { caller: Caller; layer: (typeof STREAMED)[number]; listener: Listener }[] = [];
    const outcomes: Record<string, string> = {};
    for (const caller of CALLERS) {
      const { cookie, apiKey } = identityOf(caller);
      const credentials = { ...(cookie ? { cookie } : {}), ...(apiKey ? { token: apiKey } : {}) };
      outcomes[caller] = await handshake(url, credentials);
      if (outcomes[caller] !== 'ok') continue;
      for (const layer of STREAMED) {
        const listener = await connectListener(url, credentials);
        open.push(listener);
        const ack = await listener.subscribe({
          bbox: [-88, 41.5, -87, 42.2],
          layers: [layer],
        });
        expect(ack, `${caller} subscribe ${layer}`).toMatchObject({ ok: true });
        sockets.push({ caller, layer, listener });
      }
    }
    expect(outcomes).toEqual(handshakes);

    // A new incident, and a report a moderator approves (its first event: the table's INSERT
    // wrote none), each after every subscription.
    const incident = await fixtures.incident();
    const response = await fixtures.responseStep(incident);
    const report = await fixtures.pending();
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/observation/${report}`,
      headers: identityOf('kmod').headers,
      payload: { decision: 'approve', reason: 'fits_guidelines' },
    });
    expect(approved.statusCode).toBe(200);
    // A rating of the incident's response.
    const rated = await t.app.inject({
      method: 'POST',
      url: feedbackUrl({ incidentId: incident, responseId: response }),
      headers: identityOf('res').headers,
      payload: { rating: 5 },
    });
    expect(rated.statusCode).toBe(201);

    const about = (events: StreamEvent[]) =>
      events.filter((event) => [incident, report, response].includes(event.feature.id));
    const expectsAny = (caller: Caller, layer: string) => SOCKETS.get(layer)?.[caller] !== '-';
    await waitFor(
      () =>
        sockets.every(
          ({ caller, layer, listener }) =>
            !expectsAny(caller, layer) || about(listener.events).length > 0,
        ),
      'every subscribed layer to carry its event',
    );
    // Time for an event that should not come to arrive all the same.
    await new Promise((resolve) => setTimeout(resolve, 500));

    for (const { caller, layer, listener } of sockets) {
      const cell = SOCKETS.get(layer)?.[caller];
      const events = about(listener.events);
      if (cell === '-') {
        expect(events, `${caller} ${layer}`).toEqual([]);
        continue;
      }
      expect(events, `${caller} ${layer}: one event`).toHaveLength(1);
      const [event] = events;
      expect(event?.layer).toBe(layer);
      if (layer === 'feedback') {
        // One aggregate for everyone: no audience is streamed one person's rating.
        feedbackView(caller, event?.feature);
        expect(cell, `${caller} ${layer}`).toBe('pub');
        continue;
      }
      if (layer === 'incidents') incidentView(caller, event?.feature, cell === 'ex');
      else if (layer === 'responses') responseFeatureView(caller, event?.feature, cell === 'ex');
      else observationView(caller, event?.feature, cell === 'ex');
      // REST and socket agree on who sees exact places.
      expect(cell === 'ex', `${caller} ${layer}`).toBe(seesExact(caller));
    }

    for (const { caller, listener } of sockets) {
      const ack: unknown = await listener.socket.timeout(10_000).emitWithAck('unsubscribe');
      expect(ack, `${caller} unsubscribe`).toMatchObject({ ok: true });
    }
  });

  it('refuses a bad key, a key with a session, another protocol; an ended session is public', async () => {
    const { cookie } = identityOf('dis');
    // A session that is over: its socket is public, as its HTTP requests are (not refused).
    const ended = await newIdentity(t.app, t.db.pool, t, 'dis');
    await t.app.inject({ method: 'POST', url: '/api/v1/account/sign-out', headers: ended.headers });
    const outcomes = {
      endedSession: await handshake(url, ended.cookie ? { cookie: ended.cookie } : {}),
      badKey: await handshake(url, { token: 'ob_not-a-real-key' }),
      keyAndSession: await handshake(url, {
        token: t.dispatcherKey,
        ...(cookie ? { cookie } : {}),
      }),
      otherProtocol: await handshake(url, { protocol: 0 }),
    };
    expect(outcomes).toEqual({
      endedSession: 'ok',
      badKey: 'unauthorized',
      keyAndSession: 'ambiguous_credentials',
      otherProtocol: 'incompatible_protocol',
    });
    // The ended dispatcher session's socket is sent the public feature.
    const listener = await connectListener(url, ended.cookie ? { cookie: ended.cookie } : {});
    open.push(listener);
    const { afterAck } = await listener.subscribeAndMark({
      bbox: [-88, 41.5, -87, 42.2],
      layers: ['incidents'],
    });
    const incident = await fixtures.incident();
    await waitFor(
      () => afterAck().some((event) => event.feature.id === incident),
      'the new incident',
    );
    const event = afterAck().find((one) => one.feature.id === incident);
    incidentView('dis', event?.feature, false);
  });
});

// ─── Beyond the table ─────────────────────────────────────────────────────────────────────

describe("people's content and credentials", () => {
  it('one flag per person: the same resident flagging twice counts once', async () => {
    const item = await fixtures.approved();
    const flag = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/observations/${item}/flags`,
        headers: identityOf('res').headers,
        payload: {},
      });
    expect((await flag()).json()).toEqual({ flagged: true, counted: true });
    expect((await flag()).json()).toEqual({ flagged: true, counted: false });
    const { rows } = await t.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM observation_flags WHERE observation_id = $1',
      [item],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it("another's report stays theirs: withdraw and erase answer 404 and change nothing", async () => {
    // The rows above asked every caller to withdraw and erase it (each a 404).
    expect(await reportState(world.othersReport)).toEqual(othersReportBefore);
    expect(othersReportBefore).toMatchObject({
      reporter: expect.any(String) as string,
      located: true,
    });
  });

  it('a session cookie with an API key is refused (400), not guessed', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { ...identityOf('dis').headers, authorization: `Bearer ${t.dispatcherKey}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: string }>().error).toBe('ambiguous_credentials');
  });
});
