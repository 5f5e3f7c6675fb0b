import { describe, expect, it } from 'vitest';
import { actsAs } from '../../client/src/api/account-session.js';
import { deviceToken } from '../../client/src/api/device-token.js';
import { acceptsTips, appealOf } from '../../client/src/observations/appeal-of.js';
import {
  observationChangeOf,
  ObservationStore,
} from '../../client/src/observations/observation-store.js';
import {
  draftProblems,
  isoToLocalInput,
  localInputToIso,
  reportBody,
  type ReportDraft,
} from '../../client/src/observations/report-draft.js';
import {
  mergeRanges,
  redactText,
  segmentText,
} from '../../client/src/observations/text-segments.js';
import type { AccountSession } from '../../shared/schemas/account.js';
import type { PublicObservationFeature } from '../../shared/schemas/observation.js';

describe('guardrail highlighting and redaction', () => {
  it('cuts a text into plain and matched parts, overlapping findings as one', () => {
    const text = 'call 0151 2345678 or mail a@b.de now';
    const segments = segmentText(text, [
      { rule: 'phone_number', start: 5, end: 17 },
      { rule: 'email_address', start: 26, end: 32 },
      { rule: 'person_name', start: 10, end: 12 },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.rule)).toEqual([
      { text: '0151 2345678', rule: 'phone_number' },
      { text: 'a@b.de', rule: 'email_address' },
    ]);
  });

  it('clips ranges to the text and drops empty ones', () => {
    expect(
      mergeRanges(
        [
          { start: -3, end: 2 },
          { start: 8, end: 99 },
          { start: 4, end: 4 },
        ],
        10,
      ),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 8, end: 10 },
    ]);
  });

  it('replaces each removed part, merged when they touch, by one […]', () => {
    const text = 'Tom Smith from 12 Oak Road broke the window';
    expect(
      redactText(text, [
        { start: 0, end: 9 },
        { start: 15, end: 21 },
        { start: 21, end: 26 },
      ]),
    ).toBe('[…] from […] broke the window');
    expect(redactText(text, [])).toBe(text);
  });
});

describe('the report draft', () => {
  const draft: ReportDraft = {
    kind: 'graffiti',
    observedAt: null,
    location: { lon: -123.1, lat: 49.28 },
    behaviours: ['damaging-property'],
    text: '  sprayed on the wall  ',
  };

  it('needs a kind and a place, a text within 500 characters and no time ahead', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(draftProblems(draft, now)).toEqual([]);
    expect(draftProblems({ ...draft, kind: null, location: null }, now)).toEqual([
      'kind',
      'location',
    ]);
    expect(draftProblems({ ...draft, text: 'x'.repeat(501) }, now)).toEqual(['text_too_long']);
    expect(draftProblems({ ...draft, observedAt: '2026-12-05T13:00:00Z' }, now)).toEqual([
      'time_in_future',
    ]);
  });

  it('becomes the request body: trimmed text, only what was given, the proof of work', () => {
    expect(reportBody(draft, 'pow')).toEqual({
      category: 'graffiti',
      location: { lon: -123.1, lat: 49.28 },
      behaviours: ['damaging-property'],
      text: 'sprayed on the wall',
      altcha: 'pow',
    });
    expect(reportBody({ ...draft, behaviours: [], text: ' ' }, null)).toEqual({
      category: 'graffiti',
      location: { lon: -123.1, lat: 49.28 },
    });
    expect(() => reportBody({ ...draft, kind: null }, null)).toThrow();
  });

  it('reads and writes datetime-local values in the device zone', () => {
    const ms = new Date(2026, 11, 5, 9, 7).getTime();
    expect(isoToLocalInput(ms)).toBe('2026-12-05T09:07');
    expect(localInputToIso('2026-12-05T09:07')).toBe(new Date(ms).toISOString());
    expect(localInputToIso('')).toBeNull();
  });
});

function feature(id: string, verification: 'unverified' | 'confirmed' = 'unverified') {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [-123.1, 49.28] },
    properties: {
      category: 'noise',
      observedAt: '2026-12-05T12:00:00Z',
      behaviours: [],
      text: null,
      verification,
      reports: 1,
      district: null,
      place: null,
      incidentId: null,
      locationPrecision: 'approximate',
      precisionMetres: 600,
    },
  } satisfies PublicObservationFeature;
}

describe('the observations on the map', () => {
  it('takes a snapshot, then live creations, updates and removals', () => {
    const store = new ObservationStore();
    store.replace([feature('a'), feature('b')]);
    const mapIdOfA = store.mapIdOf('a');
    expect(store.apply([{ type: 'updated', feature: feature('a', 'confirmed') }])).toBe(true);
    expect(
      store.apply([
        { type: 'removed', id: 'b' },
        { type: 'removed', id: 'zz' },
      ]),
    ).toBe(true);
    expect(store.apply([{ type: 'removed', id: 'zz' }])).toBe(false);
    const features = store.features();
    expect(features).toHaveLength(1);
    expect(features[0]?.id).toBe(mapIdOfA);
    expect(features[0]?.properties).toMatchObject({
      observationId: 'a',
      verification: 'confirmed',
    });
  });

  it('reads the stream: only the observations layer, a removal by id', () => {
    expect(
      observationChangeOf({ layer: 'incidents', type: 'created', feature: feature('x') }),
    ).toBeNull();
    expect(
      observationChangeOf({
        layer: 'observations',
        type: 'removed',
        feature: { id: 'x', geometry: null },
      }),
    ).toEqual({ type: 'removed', id: 'x' });
    expect(
      observationChangeOf({ layer: 'observations', type: 'created', feature: feature('x') }),
    ).toMatchObject({ type: 'created', feature: { id: 'x' } });
  });
});

describe('appeals, device token and roles', () => {
  const appeal = {
    id: '5d8f7f5e-2d55-4f43-9a55-3f4f9e7c1a11',
    incidentId: '6d8f7f5e-2d55-4f43-9a55-3f4f9e7c1a11',
    text: 'Who saw a white van?',
    until: '2026-12-10T00:00:00Z',
    state: 'open' as const,
    tips: 2,
    thanks: null,
  };

  it('finds a well-formed appeal on an incident, and takes tips until it ends', () => {
    expect(appealOf({ summary: 'x' })).toBeNull();
    expect(appealOf({ appeal: { id: 3 } })).toBeNull();
    expect(appealOf({ appeal })).toEqual(appeal);
    expect(acceptsTips(appeal, Date.parse('2026-12-09T00:00:00Z'))).toBe(true);
    expect(acceptsTips(appeal, Date.parse('2026-12-11T00:00:00Z'))).toBe(false);
    expect(acceptsTips({ ...appeal, state: 'closed' }, 0)).toBe(false);
  });

  it('keeps one random device token', () => {
    const kept = new Map<string, string>();
    const storage = {
      getItem: (key: string) => kept.get(key) ?? null,
      setItem: (key: string, value: string) => void kept.set(key, value),
    };
    const token = deviceToken(storage);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(deviceToken(storage)).toBe(token);
    kept.set('openbeat.deviceToken', 'not a token');
    expect(deviceToken(storage)).not.toBe('not a token');
  });

  it('lets a privileged role act only with its second factor passed', () => {
    const session: AccountSession = {
      role: 'moderator',
      accountRole: 'moderator',
      name: null,
      via: 'session',
      userId: null,
      email: null,
      secondFactor: 'passed',
      csrfToken: null,
    };
    expect(actsAs(session, ['moderator', 'admin'])).toBe(true);
    expect(actsAs({ ...session, secondFactor: 'required' }, ['moderator'])).toBe(false);
    expect(actsAs({ ...session, role: 'resident' }, ['moderator'])).toBe(false);
    expect(actsAs(null, ['moderator'])).toBe(false);
  });
});
