import { describe, expect, it } from 'vitest';
import type { ResponseStep } from '../../../shared/schemas/response-constants.js';
import {
  deriveResponse,
  firstViolation,
  incidentStatusOf,
  planStep,
  standingSteps,
  type StepCandidate,
  type TimelineStep,
} from '../../../server/responses/timeline-rules.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const NOW = new Date(T0 + 3_600_000);
const minutes = (n: number) => new Date(T0 + n * 60_000);

let ids = 0;
function step(
  kind: ResponseStep,
  at: Date,
  extra: Partial<TimelineStep> = {},
  seq = (ids += 1),
): TimelineStep {
  return {
    id: `s${seq}`,
    seq,
    step: kind,
    at,
    unit: null,
    disposition: null,
    supersedes: null,
    ...extra,
  };
}

function candidate(kind: ResponseStep, at: Date, extra: Partial<StepCandidate> = {}) {
  return { step: kind, at, supersedes: null, officerInitiated: false, ...extra };
}

const context = { now: NOW, officerInitiated: false };

/** received 0', dispatched 2', en route 3', on scene 10'. */
function timeline(): TimelineStep[] {
  ids = 0;
  return [
    step('received', minutes(0)),
    step('dispatched', minutes(2)),
    step('en_route', minutes(3)),
    step('on_scene', minutes(10)),
  ];
}

describe('which step may follow', () => {
  it('takes the steps in order, skipping en route', () => {
    ids = 0;
    const steps = [step('received', minutes(0)), step('dispatched', minutes(1))];
    expect(firstViolation(steps, candidate('on_scene', minutes(5)), context)).toBeNull();
    expect(firstViolation([...timeline()], candidate('cleared', minutes(30)), context)).toBeNull();
  });

  it.each([
    [
      'on scene before dispatch',
      [['received', 0]],
      candidate('on_scene', minutes(5)),
      'step_out_of_order',
    ],
    [
      'en route before dispatch',
      [['received', 0]],
      candidate('en_route', minutes(5)),
      'step_out_of_order',
    ],
    [
      'a kind behind the latest',
      [
        ['received', 0],
        ['dispatched', 1],
        ['on_scene', 4],
      ],
      candidate('en_route', minutes(3)),
      'step_out_of_order',
    ],
    [
      'a time before an earlier step',
      [
        ['received', 0],
        ['dispatched', 5],
      ],
      candidate('on_scene', minutes(4)),
      'step_before_previous',
    ],
    [
      'a step after cleared',
      [
        ['received', 0],
        ['cleared', 5],
      ],
      candidate('dispatched', minutes(6)),
      'step_after_cleared',
    ],
    [
      'a repeated kind',
      [
        ['received', 0],
        ['dispatched', 5],
      ],
      candidate('dispatched', minutes(6)),
      'duplicate_step',
    ],
    [
      'a second cleared',
      [
        ['received', 0],
        ['cleared', 5],
      ],
      candidate('cleared', minutes(6)),
      'duplicate_step',
    ],
    [
      'a time too far ahead',
      [['received', 0]],
      candidate('dispatched', new Date(NOW.getTime() + 6 * 60_000)),
      'step_in_future',
    ],
    [
      'officer-initiated on a later step',
      [['received', 0]],
      candidate('dispatched', minutes(1), { officerInitiated: true }),
      'officer_initiated_not_first',
    ],
    [
      'officer-initiated on a second received',
      [['received', 0]],
      candidate('received', minutes(1), { officerInitiated: true }),
      'officer_initiated_not_first',
    ],
  ] as const)('refuses %s', (_name, recorded, asked, code) => {
    ids = 0;
    const steps = recorded.map(([kind, at]) => step(kind, minutes(at)));
    expect(firstViolation(steps, asked, context)?.code).toBe(code);
  });

  it('allows a step up to five minutes ahead (clocks drift)', () => {
    ids = 0;
    const ahead = new Date(NOW.getTime() + 4 * 60_000);
    expect(
      firstViolation([step('received', minutes(0))], candidate('dispatched', ahead), context),
    ).toBeNull();
  });

  it('lets an officer-initiated call be on scene without a dispatch', () => {
    ids = 0;
    const steps = [step('received', minutes(0))];
    const onScene = candidate('on_scene', minutes(0));
    expect(firstViolation(steps, onScene, context)?.code).toBe('step_out_of_order');
    expect(firstViolation(steps, onScene, { ...context, officerInitiated: true })).toBeNull();
  });
});

describe('corrections', () => {
  it('supersede a standing step of the same kind, within its neighbours', () => {
    const steps = timeline();
    const fix = (at: number, extra: Partial<StepCandidate> = {}) =>
      firstViolation(
        steps,
        candidate('dispatched', minutes(at), { supersedes: 's2', ...extra }),
        context,
      );
    expect(fix(1)).toBeNull();
    expect(fix(4)?.code).toBe('step_after_next');
    expect(
      firstViolation(steps, candidate('dispatched', minutes(1), { supersedes: 's3' }), context)
        ?.code,
    ).toBe('bad_supersedes');
    expect(
      firstViolation(
        steps,
        candidate('dispatched', minutes(1), { supersedes: 'elsewhere' }),
        context,
      )?.code,
    ).toBe('bad_supersedes');
  });

  it('never supersede a step twice', () => {
    const steps = [...timeline(), step('dispatched', minutes(1), { supersedes: 's2' })];
    const again = candidate('dispatched', minutes(1.5), { supersedes: 's2' });
    expect(firstViolation(steps, again, context)?.code).toBe('bad_supersedes');
    expect(firstViolation(steps, { ...again, supersedes: 's5' }, context)).toBeNull();
  });

  it('after cleared, only of the cleared step', () => {
    const steps = [...timeline(), step('cleared', minutes(40))];
    expect(
      firstViolation(steps, candidate('cleared', minutes(45), { supersedes: 's5' }), context),
    ).toBeNull();
    expect(
      firstViolation(steps, candidate('dispatched', minutes(1), { supersedes: 's2' }), context)
        ?.code,
    ).toBe('step_after_cleared');
  });
});

describe('what the standing steps make of a response', () => {
  it('derives the state, times and figures, never from a superseded step', () => {
    const steps = [
      ...timeline(),
      step('cleared', minutes(40), { disposition: 'REPORT' }),
      step('dispatched', minutes(1), { supersedes: 's2' }),
    ];
    expect(standingSteps(steps).map((s) => s.id)).toEqual(['s1', 's3', 's4', 's5', 's6']);
    const derived = deriveResponse(steps, false);
    expect(derived.state).toBe('cleared');
    expect(derived.times.dispatched).toEqual(minutes(1));
    expect(derived.disposition).toBe('REPORT');
    expect(derived.figures).toEqual({
      toDispatchSeconds: 60,
      toSceneSeconds: 600,
      onSceneSeconds: 1800,
    });
  });

  it('gives officer-initiated calls no response time, but their time on scene', () => {
    ids = 0;
    const steps = [
      step('received', minutes(0)),
      step('on_scene', minutes(0)),
      step('cleared', minutes(20)),
    ];
    expect(deriveResponse(steps, true).figures).toEqual({
      toDispatchSeconds: null,
      toSceneSeconds: null,
      onSceneSeconds: 1200,
    });
  });

  it('moves the incident with the latest step', () => {
    expect(
      ['received', 'dispatched', 'en_route', 'on_scene', 'cleared'].map((s) =>
        incidentStatusOf(s as ResponseStep),
      ),
    ).toEqual(['open', 'responding', 'responding', 'responding', 'resolved']);
  });
});

describe('planning a step', () => {
  const plan = (existing: TimelineStep[], asked: StepCandidate) => {
    let n = 100;
    return planStep(
      existing,
      { ...asked, unit: '1A12', disposition: null },
      { ...context, reportedAt: minutes(-1), newId: () => `new${(n += 1)}` },
    );
  };

  it('opens a response with an implicit received at the report time', () => {
    const result = plan([], candidate('dispatched', minutes(2)));
    expect(result.ok && result.added.map((s) => [s.step, s.seq, s.at])).toEqual([
      ['received', 1, minutes(-1)],
      ['dispatched', 2, minutes(2)],
    ]);
  });

  it('opens with the received step sent', () => {
    const result = plan([], candidate('received', minutes(0), { officerInitiated: true }));
    expect(result.ok && result.added.map((s) => s.step)).toEqual(['received']);
  });

  it('checks against the implicit received too', () => {
    const result = plan([], candidate('dispatched', minutes(-2)));
    expect(!result.ok && result.violation.code).toBe('step_before_previous');
  });
});
