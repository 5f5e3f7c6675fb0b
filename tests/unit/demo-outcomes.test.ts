import { describe, expect, it } from 'vitest';
import { demoStatus } from '../../server/demo/demo-outcomes.js';
import { planResponse, slowestResponseMs } from '../../server/demo/response-plan.js';
import { InvalidRequestError } from '../../server/errors.js';
import { prepare, type CreateRequest } from '../../server/incidents/incident-create-prepare.js';
import { seededRandom } from '../../shared/random.js';

const MINUTE = 60_000;
const now = new Date('2026-12-05T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);

describe('demoStatus', () => {
  it('resolves what happened long ago, between the fastest and slowest response', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 200; i += 1) {
      const occurred = ago(24 * 60);
      const plan = planResponse(4, random);
      const known = demoStatus(occurred, plan, now);
      expect(known?.status).toBe('resolved');
      const took = Date.parse(known?.since ?? '') - occurred.getTime();
      // Priority 4: at least 10 minutes to dispatch, 0.5 on the way, 5 to arrive, 20 on scene.
      expect(took).toBe(plan.steps.at(-1)?.afterMs);
      expect(took).toBeGreaterThanOrEqual(35.5 * MINUTE);
      expect(took).toBeLessThanOrEqual(slowestResponseMs(4));
    }
  });

  it('leaves what just happened open, and never dates a status after now', () => {
    const random = seededRandom(2);
    expect(demoStatus(ago(1), planResponse(4, random), now)).toBeUndefined();
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 1000; i += 1) {
      const known = demoStatus(ago(i % 240), planResponse(4, random), now);
      seen.add(known?.status);
      if (known) expect(Date.parse(known.since)).toBeLessThanOrEqual(now.getTime());
    }
    expect(seen).toEqual(new Set([undefined, 'responding', 'resolved']));
  });
});

describe('a known status at creation', () => {
  const request = (since: Date): CreateRequest => ({
    author: { keyId: 'demo', source: 'demo' },
    input: {
      category: 'theft',
      priority: 4,
      summary: 'Other Theft',
      location: { lon: -123.1, lat: 49.26 },
      occurredAt: ago(90).toISOString(),
    },
    idempotencyKey: undefined,
    request: undefined,
    knownStatus: { status: 'resolved', since: since.toISOString() },
  });

  it('is the status and the last change of the incident written', () => {
    const { record } = prepare(request(ago(30)), now);
    expect(record.status).toBe('resolved');
    expect(record.updatedAt).toBe(ago(30).toISOString());
    expect(record.createdAt).toBe(now.toISOString());
  });

  it('is refused when dated before the incident occurred or after now', () => {
    expect(() => prepare(request(ago(91)), now)).toThrow(InvalidRequestError);
    expect(() => prepare(request(new Date(now.getTime() + 1)), now)).toThrow(InvalidRequestError);
  });
});
