import { describe, expect, it } from 'vitest';
import { groupFeature, publicTime } from '../../server/observations/observation-group.js';
import { intakeState } from '../../server/observations/observation-create.service.js';
import { observedAtOf } from '../../server/observations/observation-rules.js';
import type { ObservationRow } from '../../server/observations/observation-row.js';
import { observationRow } from './realtime/observation-rows.js';

const GROUP = '3f2c1a9e-0b7d-4c1e-9a2f-6d5e4c3b2a10';
const row = (n: number, overrides: Partial<ObservationRow> = {}) =>
  observationRow(`3f2c1a9e-0b7d-4c1e-9a2f-6d5e4c3b2a1${n}`, [-123.1, 49.28], {
    group_id: GROUP,
    created_at: new Date(Date.UTC(2026, 2, 1, 10, n)),
    ...overrides,
  });

describe('the public item of a group', () => {
  it('is null until a report is approved, and counts independent reporters only', () => {
    expect(groupFeature(GROUP, [{ row: row(1, { moderation: 'pending' }), reporter: 'a' }])).toBe(
      null,
    );
    const same = groupFeature(GROUP, [
      { row: row(1), reporter: 'a' },
      { row: row(2), reporter: 'a' },
    ]);
    expect(same?.properties).toMatchObject({ reports: 1, verification: 'unverified' });
    const two = groupFeature(GROUP, [
      { row: row(1), reporter: 'a' },
      { row: row(2), reporter: 'b' },
      { row: row(3, { moderation: 'held' }), reporter: 'c' },
    ]);
    expect(two?.id).toBe(GROUP);
    expect(two?.properties).toMatchObject({ reports: 2, verification: 'corroborated' });
  });

  it('is confirmed with its incident once dispatch links a report, and shows moderated text only', () => {
    const incidentId = '0190a6d2-7b3c-7def-8123-456789abcdef';
    const feature = groupFeature(GROUP, [
      { row: row(1, { public_text: null }), reporter: 'a' },
      { row: row(2, { verification: 'confirmed', incident_id: incidentId }), reporter: 'b' },
    ]);
    expect(feature?.properties).toMatchObject({
      verification: 'confirmed',
      incidentId,
      text: 'Tags on the wall',
    });
    expect(JSON.stringify(feature)).not.toContain('12 Main St');
  });

  it('rounds the public time down to the quarter hour', () => {
    expect(publicTime(new Date('2026-03-01T10:29:59.999Z'))).toBe('2026-03-01T10:15:00.000Z');
  });
});

describe('where a new report waits', () => {
  it('approves structured reports, keeps free text pending, holds guardrail and targeting hits', () => {
    expect(intakeState(null, [], false)).toEqual({ moderation: 'approved', heldFor: [] });
    expect(intakeState('a text', [], false)).toEqual({ moderation: 'pending', heldFor: [] });
    expect(intakeState(null, [], true)).toEqual({
      moderation: 'held',
      heldFor: ['anti_targeting'],
    });
    expect(intakeState('x', ['email_address'], true)).toEqual({
      moderation: 'held',
      heldFor: ['email_address', 'anti_targeting'],
    });
  });

  it('takes times from 7 days back to 5 minutes ahead', () => {
    const now = new Date('2026-03-08T12:00:00Z');
    expect(observedAtOf(undefined, now)).toEqual(now);
    expect(observedAtOf('2026-03-08T12:04:00Z', now).toISOString()).toBe(
      '2026-03-08T12:04:00.000Z',
    );
    expect(() => observedAtOf('2026-03-08T12:06:00Z', now)).toThrow(/future/);
    expect(() => observedAtOf('2026-03-01T11:59:00Z', now)).toThrow(/7 days/);
  });
});
