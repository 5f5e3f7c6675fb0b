import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subscribe, SubscribeAck } from '../../shared/realtime/protocol.js';
import { connectListener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';
import { incidentBody } from '../support/incident-factory.js';

/**
 * Every date, cursor, id and integer parameter of every route, fed adversarial values: whatever
 * passes validation must also be something PostgreSQL accepts, and whatever does not is a 400
 * in the error shape (ErrorSchema). Never a 5xx. The seed is printed; FC_SEED=<seed> replays a run.
 */

const seed = process.env.FC_SEED
  ? Number(process.env.FC_SEED)
  : Math.floor(Math.random() * 2 ** 31);
console.log(`parameter properties: fast-check seed ${seed} (replay with FC_SEED=${seed})`);
const NUM_RUNS = 100;
const options = { seed, numRuns: NUM_RUNS };

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Date-times near every edge: calendar, clock, zone offset, year range and precision. */
const dateTimeText: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      year: fc.oneof(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 9999 }),
        fc.constantFrom(9998, 9999, 10000, 99999, 294277),
      ),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 61 }),
      second: fc.integer({ min: 0, max: 61 }),
      fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,30}$/)),
      separator: fc.constantFrom('T', 't', ' '),
      zone: fc.oneof(
        fc.constantFrom('Z', 'z', '', '+00', '-00:00'),
        fc
          .record({
            sign: fc.constantFrom('+', '-'),
            hours: fc.oneof(fc.integer({ min: 13, max: 17 }), fc.integer({ min: 0, max: 99 })),
            minutes: fc.oneof(fc.constantFrom(0, 30, 59, 60), fc.integer({ min: 0, max: 99 })),
            colon: fc.constantFrom(':', ''),
          })
          .map(
            ({ sign, hours, minutes, colon }) =>
              `${sign}${pad(hours, 2)}${colon}${pad(minutes, 2)}`,
          ),
      ),
    })
    .map(
      (p) =>
        `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}${p.separator}` +
        `${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${p.fraction}${p.zone}`,
    ),
  // Every instant JavaScript can hold, as it prints them: years -271821 to +275760.
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+15:59',
    '0001-01-01T00:00:00-15:59',
    '2026-11-24T18:00:00+16:00',
    '2026-11-24T18:00:00-23:59',
    '2026-12-31T23:59:60Z',
    '2026-06-30T23:59:60.5Z',
    '2026-02-30T12:00:00Z',
    '2100-02-29T12:00:00Z',
    '9999-12-31T23:59:59.9999999Z',
    '-001000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '2026-11-24',
    '2026-11-24T18:00:00',
    'Tue Nov 24 2026',
  ),
  fc.string({ maxLength: 40 }),
);

/** Integers as a query string carries them: huge, negative, fractional, exponents, hex. */
const integerText: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.constantFrom(
    '9223372036854775807',
    '9223372036854775808',
    '9007199254740991',
    '9007199254740993',
    '1e20',
    '1e400',
    '-0',
    '0x10',
    '1.5',
    'NaN',
    'Infinity',
    '',
    ' 1',
  ),
  fc.double().map(String),
  fc.string({ maxLength: 12 }),
);

/** Ids as a path carries them: UUIDs in every spelling a parser might take. */
const uuidText: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.uuid().map((uuid) => `urn:uuid:${uuid}`),
  fc.uuid().map((uuid) => `{${uuid.toUpperCase()}}`),
  fc.uuid().map((uuid) => uuid.replaceAll('-', '')),
  fc.stringMatching(/^[0-9a-fA-FgG-]{30,40}$/),
  fc.string({ maxLength: 40 }),
);

/** The cursor format (base64url JSON of [time, uuid]) with times that JavaScript might take. */
const cursorText: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.oneof(dateTimeText, fc.string()), fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })))
    .map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url')),
  fc
    .jsonValue({ maxDepth: 2 })
    .map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/),
);

let t: TestApp;
let url: string;
let incidentId: string;

beforeAll(async () => {
  t = await startTestApp();
  url = await listen(t);
  for (let i = 0; i < 3; i += 1) {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentBody({ occurredAt: `2026-11-2${i}T18:00:00Z` }),
    });
    expect(created.statusCode).toBe(201);
    incidentId = created.json<{ id: string }>().id;
  }
});
afterAll(async () => {
  await t.close();
});

/** A 2xx, or a 4xx in the error shape (ErrorSchema): never a 5xx. */
function expectAnswered(response: LightMyRequestResponse, what: string): void {
  const context = `${what} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, context).toBeLessThan(500);
  if (response.statusCode >= 400) {
    const body = response.json<{ error: unknown; message: unknown }>();
    expect(typeof body.error, context).toBe('string');
    expect(typeof body.message, context).toBe('string');
  }
}

async function get(path: string, query: Record<string, string>, key?: string) {
  const search = new URLSearchParams(query).toString();
  const target = `${path}?${search}`;
  const response = await t.app.inject({
    method: 'GET',
    url: target,
    headers: key ? bearer(key) : {},
  });
  expectAnswered(response, `GET ${target}`);
  return response;
}

const DATE_QUERIES = [
  '/api/v1/incidents',
  '/api/v1/export/incidents.geojson',
  '/api/v1/export/incidents.csv',
  '/tiles/incidents/10/262/380.mvt',
];

describe('date parameters of every query', () => {
  for (const path of DATE_QUERIES) {
    for (const name of ['from', 'to']) {
      it(`${path} ${name}`, async () => {
        await fc.assert(
          fc.asyncProperty(dateTimeText, async (value) => {
            await get(path, { [name]: value });
          }),
          options,
        );
      });
    }
    it(`${path} from and to together`, async () => {
      await fc.assert(
        fc.asyncProperty(dateTimeText, dateTimeText, async (from, to) => {
          await get(path, { from, to });
        }),
        options,
      );
    });
  }
});

describe('bbox parameters', () => {
  const bboxText = fc.oneof(
    fc.array(integerText, { minLength: 3, maxLength: 5 }).map((parts) => parts.join(',')),
    fc
      .tuple(
        fc.double({ min: -180, max: 180 }),
        fc.double({ min: -90, max: 90 }),
        fc.double({ min: -180, max: 180 }),
        fc.double({ min: -90, max: 90 }),
      )
      .map((parts) => parts.join(',')),
  );
  for (const path of DATE_QUERIES.slice(0, 3)) {
    it(`${path} bbox`, async () => {
      await fc.assert(
        fc.asyncProperty(bboxText, async (bbox) => {
          await get(path, { bbox });
        }),
        options,
      );
    });
  }
});

describe('id parameters', () => {
  it('GET and PATCH /api/v1/incidents/:id', async () => {
    await fc.assert(
      fc.asyncProperty(uuidText, fc.boolean(), async (id, patch) => {
        const target = `/api/v1/incidents/${encodeURIComponent(id)}`;
        const response = await t.app.inject({
          method: patch ? 'PATCH' : 'GET',
          url: target,
          headers: bearer(t.dispatcherKey),
          ...(patch ? { payload: { status: 'resolved' } } : {}),
        });
        expectAnswered(response, `${patch ? 'PATCH' : 'GET'} ${target}`);
      }),
      options,
    );
  });
});

describe('cursor and integer parameters', () => {
  it('/api/v1/incidents cursor, public and dispatcher', async () => {
    await fc.assert(
      fc.asyncProperty(cursorText, fc.boolean(), async (cursor, dispatcher) => {
        await get(
          '/api/v1/incidents',
          { cursor, limit: '1' },
          dispatcher ? t.dispatcherKey : undefined,
        );
      }),
      options,
    );
  });

  it('/api/v1/incidents limit', async () => {
    await fc.assert(
      fc.asyncProperty(integerText, async (limit) => {
        await get('/api/v1/incidents', { limit });
      }),
      options,
    );
  });

  for (const name of ['after', 'limit']) {
    it(`/api/v1/audit/events ${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(integerText, async (value) => {
          await get('/api/v1/audit/events', { [name]: value });
        }),
        options,
      );
    });
  }

  const tile: Record<'z' | 'x' | 'y', string> = { z: '10', x: '262', y: '380' };
  for (const name of ['z', 'x', 'y'] as const) {
    it(`/tiles ${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(integerText, async (value) => {
          const at = { ...tile };
          at[name] = encodeURIComponent(value);
          await get(`/tiles/incidents/${at.z}/${at.x}/${at.y}.mvt`, {});
        }),
        options,
      );
    });
  }
});

/** JSON values where a body expects a date-time or an integer: text, numbers of every size. */
const bodyValue = (text: fc.Arbitrary<string>) =>
  fc.oneof(
    text,
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, true, 1e300, 2 ** 63),
    fc.jsonValue({ maxDepth: 1 }),
  );

describe('body fields', () => {
  for (const name of ['occurredAt', 'reportedAt']) {
    it(`POST /api/v1/incidents ${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyValue(dateTimeText), async (value) => {
          const response = await t.app.inject({
            method: 'POST',
            url: '/api/v1/incidents',
            headers: bearer(t.dispatcherKey),
            payload: incidentBody({ [name]: value }),
          });
          expectAnswered(response, `POST ${name}=${JSON.stringify(value)}`);
        }),
        options,
      );
    });
  }

  it('POST and PATCH priority', async () => {
    await fc.assert(
      fc.asyncProperty(bodyValue(integerText), fc.boolean(), async (priority, patch) => {
        const response = await t.app.inject({
          method: patch ? 'PATCH' : 'POST',
          url: patch ? `/api/v1/incidents/${incidentId}` : '/api/v1/incidents',
          headers: bearer(t.dispatcherKey),
          payload: patch ? { priority } : incidentBody({ priority }),
        });
        expectAnswered(
          response,
          `${patch ? 'PATCH' : 'POST'} priority=${JSON.stringify(priority)}`,
        );
      }),
      options,
    );
  });
});

describe('socket subscribe since', () => {
  it('answers every since with an ack, and the socket still works after it', async () => {
    const valid: Subscribe = { bbox: [-180, -90, 180, 90], layers: ['incidents'] };
    await fc.assert(
      fc.asyncProperty(bodyValue(integerText), async (since) => {
        // A socket of its own each time: one socket may subscribe only so often.
        const listener = await connectListener(url);
        try {
          const ack = (await listener.socket
            .timeout(5_000)
            .emitWithAck('subscribe', { ...valid, since } as unknown as Subscribe)) as SubscribeAck;
          const context = `since=${JSON.stringify(since)} → ${JSON.stringify(ack)}`;
          expect(typeof ack.ok, context).toBe('boolean');
          if (!ack.ok) {
            expect(ack.error, context).toBe('invalid_request');
            expect(typeof ack.message, context).toBe('string');
          }
          expect(await listener.subscribe(valid), context).toMatchObject({ ok: true });
        } finally {
          listener.close();
        }
      }),
      options,
    );
  });
});
