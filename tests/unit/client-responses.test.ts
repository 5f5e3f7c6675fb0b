import { describe, expect, it } from 'vitest';
import { feedbackRuleKey } from '../../client/src/responses/feedback-check.js';
import { drawnFeedback, meanBand } from '../../client/src/map/layers/feedback-layer-style.js';
import { drawnResponse } from '../../client/src/map/layers/response-layer-style.js';
import {
  moderationLabelKey,
  moderationStateOf,
  whyKey,
} from '../../client/src/responses/my-feedback.js';
import { formatMean, ratingBars } from '../../client/src/responses/rating-bars.js';
import { nextStepAfter, stepBody, type StepDraft } from '../../client/src/responses/step-form.js';
import { minutesAndSeconds, timeToSceneBand } from '../../client/src/responses/time-to-scene.js';
import { standingSteps, timelineRows } from '../../client/src/responses/timeline.js';
import { PointLayerStore, pointChangeOf } from '../../client/src/state/point-layer-store.js';
import type { FeedbackFeatureProperties } from '../../shared/schemas/feedback.js';
import type {
  ResponseFeatureProperties,
  ResponseStep,
  ResponseStepView,
} from '../../shared/schemas/response.js';

const figures = (toSceneSeconds: number | null) => ({
  toDispatchSeconds: null,
  toSceneSeconds,
  onSceneSeconds: null,
});

describe('time to scene on the map', () => {
  it('bands minutes by their upper bounds, inclusive', () => {
    expect(timeToSceneBand(figures(0), false)).toBe('le5');
    expect(timeToSceneBand(figures(300), false)).toBe('le5');
    expect(timeToSceneBand(figures(301), false)).toBe('le10');
    expect(timeToSceneBand(figures(600), false)).toBe('le10');
    expect(timeToSceneBand(figures(1200), false)).toBe('le20');
    expect(timeToSceneBand(figures(1201), false)).toBe('over20');
    expect(timeToSceneBand(figures(86_400), false)).toBe('over20');
  });

  it('says "not yet" before anyone is on scene, and keeps officer-initiated calls apart', () => {
    expect(timeToSceneBand(figures(null), false)).toBe('not_yet');
    // Arrival logged at receipt: not a flattering 0 minutes.
    expect(timeToSceneBand(figures(0), true)).toBe('officer');
    expect(timeToSceneBand(figures(null), true)).toBe('officer');
  });

  it('splits a duration into minutes and seconds, rounded to the second', () => {
    expect(minutesAndSeconds(0)).toEqual({ minutes: 0, seconds: 0 });
    expect(minutesAndSeconds(59.6)).toEqual({ minutes: 1, seconds: 0 });
    expect(minutesAndSeconds(725)).toEqual({ minutes: 12, seconds: 5 });
  });

  it('draws a response feature from its state and figures', () => {
    const properties: ResponseFeatureProperties = {
      incidentId: 'i-1',
      category: 'theft',
      priority: 2,
      state: 'on_scene',
      officerInitiated: false,
      figures: figures(540),
      updatedAt: '2026-01-01T00:00:00Z',
      locationPrecision: 'approximate',
    };
    expect(drawnResponse(properties)).toEqual({
      state: 'on_scene',
      band: 'le10',
      incidentId: 'i-1',
    });
    expect(drawnResponse({ ...properties, state: 'dispatched', figures: figures(null) })).toEqual({
      state: 'dispatched',
      band: 'not_yet',
      incidentId: 'i-1',
    });
  });
});

let seq = 0;
function step(
  kind: ResponseStep,
  at: string,
  extra: Partial<ResponseStepView> = {},
): ResponseStepView {
  seq += 1;
  return {
    id: `s-${seq}`,
    step: kind,
    at: `2026-01-01T${at}Z`,
    disposition: null,
    supersedes: null,
    supersededBy: null,
    recordedAt: `2026-01-01T${at}Z`,
    ...extra,
  };
}

describe('the response timeline view model', () => {
  it('orders the steps that stand by time, then by when they were recorded', () => {
    const received = step('received', '10:00:00');
    const scene = step('on_scene', '10:09:00');
    const dispatched = step('dispatched', '10:02:00');
    const enRoute = step('en_route', '10:02:00', { recordedAt: '2026-01-01T10:05:00Z' });
    expect(standingSteps([scene, enRoute, dispatched, received]).map((s) => s.step)).toEqual([
      'received',
      'dispatched',
      'en_route',
      'on_scene',
    ]);
  });

  it('pairs a correction with the step it superseded, struck, and leaves that out of the rows', () => {
    const received = step('received', '10:00:00');
    const wrong = step('on_scene', '10:30:00');
    const fixed = step('on_scene', '10:12:00', {
      supersedes: wrong.id,
      recordedAt: '2026-01-01T10:40:00Z',
    });
    const rows = timelineRows([received, { ...wrong, supersededBy: fixed.id }, fixed]);
    expect(rows.map((row) => row.step.id)).toEqual([received.id, fixed.id]);
    expect(rows[1]?.corrects.map((s) => s.id)).toEqual([wrong.id]);
    expect(rows[0]?.corrects).toEqual([]);
  });

  it('follows a correction of a correction back to the first, oldest first', () => {
    const first = step('dispatched', '10:05:00');
    const second = step('dispatched', '10:04:00', { supersedes: first.id });
    const third = step('dispatched', '10:03:00', { supersedes: second.id });
    // The server's supersededBy links may be missing from an older answer: `supersedes` decides too.
    const rows = timelineRows([first, second, third]);
    expect(rows.map((row) => row.step.id)).toEqual([third.id]);
    expect(rows[0]?.corrects.map((s) => s.id)).toEqual([first.id, second.id]);
  });

  it('survives a loop in the links without hanging', () => {
    const a = step('cleared', '11:00:00');
    const b = step('cleared', '11:01:00', { supersedes: a.id });
    const c = step('cleared', '11:02:00', { supersedes: b.id });
    const rows = timelineRows([{ ...a, supersedes: b.id }, b, c]);
    expect(rows.map((row) => row.step.id)).toEqual([c.id]);
    expect(rows[0]?.corrects.map((s) => s.id)).toEqual([a.id, b.id]);
  });
});

describe('feedback figures', () => {
  it('lists ratings from 5 down with counts and rounded shares', () => {
    expect(ratingBars([1, 0, 0, 1, 1])).toEqual([
      { rating: 5, count: 1, percent: 33 },
      { rating: 4, count: 1, percent: 33 },
      { rating: 3, count: 0, percent: 0 },
      { rating: 2, count: 0, percent: 0 },
      { rating: 1, count: 1, percent: 33 },
    ]);
    expect(ratingBars([0, 0, 0, 0, 0]).every((bar) => bar.percent === 0)).toBe(true);
  });

  it('prints a mean with one decimal in the locale', () => {
    expect(formatMean(4.25, 'en')).toBe('4.3');
    expect(formatMean(4, 'de')).toBe('4,0');
  });

  it('badges a rated response with its mean and count, and an unrated one not at all', () => {
    const properties: FeedbackFeatureProperties = {
      incidentId: 'i-2',
      category: 'theft',
      count: 7,
      mean: 4.16,
      distribution: [0, 0, 1, 4, 2],
      updatedAt: '2026-01-01T00:00:00Z',
    };
    expect(drawnFeedback(properties, 'en')).toEqual({
      label: '4.2 (7)',
      band: 'high',
      count: 7,
      incidentId: 'i-2',
    });
    expect(drawnFeedback({ ...properties, count: 0, mean: null }, 'en').count).toBe(0);
    expect([meanBand(1), meanBand(2.49), meanBand(2.5), meanBand(3.49), meanBand(3.5)]).toEqual([
      'low',
      'low',
      'middling',
      'middling',
      'high',
    ]);
  });

  it("explains the officer rule of feedback, and the reports' rules as the report form does", () => {
    expect(feedbackRuleKey('officer_named')).toBe('feedback.rule.officer_named');
    expect(feedbackRuleKey('phone_number')).toBe('obs.rule.phone_number');
  });

  it('names known moderation states and says why, and leaves an unknown one unexplained', () => {
    expect(whyKey(moderationStateOf('held'))).toBe('feedback.why.held');
    expect(whyKey(moderationStateOf('approved'))).toBe('feedback.why.approved');
    expect(moderationStateOf('none')).toBe('none');
    expect(whyKey('none')).toBeNull();
    expect(moderationLabelKey('none')).toBe('feedback.state.none');
    expect(moderationLabelKey('held')).toBe('obs.state.held');
    expect(moderationStateOf('something_new')).toBeNull();
    expect(whyKey(null)).toBeNull();
  });
});

describe('the step form', () => {
  const draft: StepDraft = {
    step: 'dispatched',
    at: '2026-01-01T10:00',
    prefilledAt: '2026-01-01T10:00',
    unit: '  ',
    disposition: '',
    supersedes: '',
    officerInitiated: true,
  };

  it('suggests the step after the current state', () => {
    expect(nextStepAfter(null)).toBe('received');
    expect(nextStepAfter('received')).toBe('dispatched');
    expect(nextStepAfter('en_route')).toBe('on_scene');
    expect(nextStepAfter('cleared')).toBe('cleared');
  });

  it('sends a time left as prefilled as none (now), and leaves empty fields out', () => {
    expect(stepBody(draft)).toEqual({ step: 'dispatched' });
  });

  it('sends a changed time, a unit, a disposition and what it corrects', () => {
    const body = stepBody({
      ...draft,
      at: '2026-01-01T09:58',
      unit: ' 3A12 ',
      disposition: 'ADV',
      supersedes: 's-9',
    });
    expect(body).toEqual({
      step: 'dispatched',
      at: new Date('2026-01-01T09:58').toISOString(),
      unit: '3A12',
      disposition: 'ADV',
      supersedes: 's-9',
    });
  });

  it('marks officer-initiated only on the received step', () => {
    expect(stepBody({ ...draft, step: 'received' })).toEqual({
      step: 'received',
      officerInitiated: true,
    });
    expect(stepBody({ ...draft, step: 'received', officerInitiated: false })).toEqual({
      step: 'received',
    });
  });
});

describe('a live point layer', () => {
  const feature = (id: string, lon: number) => ({
    type: 'Feature' as const,
    id,
    geometry: { type: 'Point' as const, coordinates: [lon, 49.28] },
    properties: { n: lon },
  });

  it("takes its own layer's events and a removal, and ignores other layers", () => {
    expect(
      pointChangeOf('responses', { layer: 'feedback', type: 'created', feature: feature('a', 1) }),
    ).toBeNull();
    expect(
      pointChangeOf('responses', { layer: 'responses', type: 'updated', feature: feature('a', 1) }),
    ).toEqual({ type: 'updated', feature: feature('a', 1) });
    expect(
      pointChangeOf('responses', {
        layer: 'responses',
        type: 'removed',
        feature: { id: 'a', geometry: null, properties: {} },
      }),
    ).toEqual({ type: 'removed', id: 'a' });
  });

  it('replaces, updates and removes features, with stable numeric map ids', () => {
    const store = new PointLayerStore<{ n: number }>();
    store.replace([feature('a', 1), feature('b', 2)]);
    const idOfB = store.mapIdOf('b');
    expect(store.apply([{ type: 'updated', feature: feature('b', 3) }])).toBe(true);
    expect(store.apply([{ type: 'removed', id: 'a' }])).toBe(true);
    expect(store.apply([{ type: 'removed', id: 'a' }])).toBe(false);
    const drawn = store.features((p) => ({ doubled: p.n * 2 }));
    expect(drawn).toEqual([
      {
        type: 'Feature',
        id: idOfB,
        geometry: { type: 'Point', coordinates: [3, 49.28] },
        properties: { doubled: 6, featureId: 'b' },
      },
    ]);
  });
});
