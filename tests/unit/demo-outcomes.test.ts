import { describe, expect, it } from 'vitest';
import { demoStatus } from '../../server/demo/demo-outcomes.js';
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
      const known = demoStatus(occurred, 4, now, random);
      expect(known?.status).toBe('resolved');
      const took = Date.parse(known?.since ?? '') - occurred.getTime();
      // Priority 4: 5–25 minutes to dispatch, 20–75 on scene.
      expect(took).toBeGreaterThanOrEqual(25 * MINUTE);
      expect(took).toBeLessThanOrEqual(100 * MINUTE);
    }
  });

  it('leaves what just happened open, and never dates a status after now', () => {
    const random = seededRandom(2);
    expect(demoStatus(ago(1), 4, now, random)).toBeUndefined();
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 500; i += 1) {
      const known = demoStatus(ago(i % 120), 4, now, random);
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
