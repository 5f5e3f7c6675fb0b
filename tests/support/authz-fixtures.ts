import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { PublicAppeal } from '../../shared/schemas/appeal.js';
import type { TObject } from 'typebox';
import { expect } from 'vitest';
import type { Identity } from './authz-callers.js';
import { CENTRAL_CHICAGO, incidentBody } from './incident-factory.js';
import { insertObservation } from './moderation-fixtures.js';
import { reportBody, solvedProof } from './observation-client.js';
import { bearer } from './test-app.js';

/** Fresh things to act on, so that each caller's 2xx is a real success (never a 404). */
export class MatrixFixtures {
  constructor(
    private readonly app: FastifyInstance,
    private readonly pool: pg.Pool,
    private readonly dispatcherKey: string,
  ) {}

  async incident(): Promise<string> {
    const created = await this.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(this.dispatcherKey),
      payload: incidentBody({ location: CENTRAL_CHICAGO }),
    });
    if (created.statusCode !== 201) throw new Error(`incident: ${created.body}`);
    return created.json<{ id: string }>().id;
  }

  /** Records a step of an incident's response (a unit with it); returns the response's id. */
  async responseStep(incidentId: string): Promise<string> {
    const recorded = await this.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/responses`,
      headers: bearer(this.dispatcherKey),
      payload: { step: 'received', unit: 'MATRIX-1' },
    });
    if (recorded.statusCode !== 201) throw new Error(`response step: ${recorded.body}`);
    return recorded.json<{ id: string }>().id;
  }

  async appeal(): Promise<string> {
    const opened = await this.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${await this.incident()}/appeal`,
      headers: bearer(this.dispatcherKey),
      payload: { text: 'Who saw it?', until: new Date(Date.now() + 3_600_000).toISOString() },
    });
    if (opened.statusCode !== 201) throw new Error(`appeal: ${opened.body}`);
    return opened.json<PublicAppeal>().id;
  }

  /** A report waiting for a moderator (written straight to the table: no event yet). */
  pending(): Promise<string> {
    return insertObservation(this.pool, { location: CENTRAL_CHICAGO });
  }

  /** A report on the public map. */
  approved(): Promise<string> {
    return insertObservation(this.pool, {
      location: CENTRAL_CHICAGO,
      moderation: 'approved',
      publicText: 'Paint on the bus shelter',
    });
  }

  /** A report made through the intake as this identity (by account, else by device token). */
  async reportAs(identity: Identity): Promise<string> {
    const proof = identity.userId ? {} : { altcha: await solvedProof(this.app) };
    const response = await this.app.inject({
      method: 'POST',
      url: '/api/v1/observations',
      headers: {
        ...identity.headers,
        ...(identity.device ? { 'x-device-token': identity.device } : {}),
      },
      payload: { ...reportBody({ location: CENTRAL_CHICAGO }), ...proof },
    });
    if (response.statusCode !== 202) throw new Error(`report: ${response.body}`);
    return response.json<{ id: string }>().id;
  }

  async alert(): Promise<string> {
    const id = randomUUID();
    await this.pool.query(
      `INSERT INTO moderation_alerts (id, public_cell, reporters) VALUES ($1, 'coarse:0:0', 3)`,
      [id],
    );
    return id;
  }
}

/**
 * An object has exactly a schema's fields: none it does not name, every one it requires
 * (optional ones may be absent: an incident without an appeal has no `appeal`).
 */
export function expectSchemaFields(value: unknown, schema: TObject, what: string): void {
  expect(value, what).toBeTypeOf('object');
  const keys = Object.keys(value as object).sort();
  const named = Object.keys(schema.properties);
  expect(
    keys.filter((key) => !named.includes(key)),
    `${what}: fields the schema does not name`,
  ).toEqual([]);
  const required: readonly string[] = schema.required;
  expect(
    required.filter((key) => !keys.includes(key)),
    `${what}: required fields missing`,
  ).toEqual([]);
}

/** The web-mercator tile that holds a point (for GET /tiles/…). */
export function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { z, x, y };
}
