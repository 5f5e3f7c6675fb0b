import { describe, expect, it } from 'vitest';
import { runRetention } from '../../server/erasure/retention.service.js';
import { eventsOf, observe, postIncident, useErasureApp } from '../support/erasure-checks.js';

const t = useErasureApp();

describe('the trigger', () => {
  it('refuses to erase a private part by a plain UPDATE', async () => {
    const observation = await observe(1);
    const [eventId] = await eventsOf(observation);
    await expect(
      t().db.pool.query('UPDATE events SET private = NULL WHERE id = $1', [eventId]),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses an erasure row that no record.erased event records', async () => {
    const observation = await observe(1);
    const [first, second] = await eventsOf(observation);
    // The "erasing" event is an observation's event, not a record.erased one.
    await expect(
      t().db.pool.query(
        `INSERT INTO erased_event_parts (event_id, erased_by, reason) VALUES ($1, $2, 'retention')`,
        [first, second],
      ),
    ).rejects.toThrow(/not a record.erased event/);
  });

  it("refuses to erase an incident's private part (the police record)", async () => {
    const created = await postIncident();
    expect(created.statusCode).toBe(201);
    const { rows } = await t().db.pool.query<{ id: number }>(
      `SELECT max(id)::float8 AS id FROM events WHERE entity_type = 'incident'`,
    );
    const incidentEvent = rows[0]?.id;
    // An erasure event exists (retention of an old report) to name as the eraser.
    await observe(200);
    await runRetention(t().app.records, { retentionDays: 90 });
    const eraser = await t().db.pool.query<{ id: number }>(
      `SELECT max(id)::float8 AS id FROM events WHERE type = 'record.erased'`,
    );
    await expect(
      t().db.pool.query(
        `INSERT INTO erased_event_parts (event_id, erased_by, reason) VALUES ($1, $2, 'retention')`,
        [incidentEvent, eraser.rows[0]?.id],
      ),
    ).rejects.toThrow(/no erasable private part/);
    await expect(
      t().db.pool.query('UPDATE events SET private = NULL WHERE id = $1', [incidentEvent]),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses any other change to an erased event, and a second erasure', async () => {
    const observation = await observe(300);
    const [eventId] = await eventsOf(observation);
    await runRetention(t().app.records, { retentionDays: 90 });
    await expect(
      t().db.pool.query(`UPDATE events SET private = '{}'::jsonb WHERE id = $1`, [eventId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t().db.pool.query(`UPDATE events SET private_hash = repeat('0', 64) WHERE id = $1`, [
        eventId,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(t().db.pool.query('DELETE FROM erased_event_parts')).rejects.toThrow(
      /append-only/,
    );
  });
});
