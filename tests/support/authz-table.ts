import type { TObject } from 'typebox';
import { expect } from 'vitest';
import {
  DispatcherIncidentFeatureSchema,
  DispatcherIncidentPropertiesSchema,
  PublicIncidentFeatureSchema,
  PublicIncidentPropertiesSchema,
} from '../../shared/schemas/incident-feature.js';
import {
  DispatcherObservationFeatureSchema,
  DispatcherObservationPropertiesSchema,
  PublicObservationFeatureSchema,
  PublicObservationPropertiesSchema,
} from '../../shared/schemas/observation.js';
import {
  DispatcherResponseFeaturePropertiesSchema,
  DispatcherResponseFeatureSchema,
  PublicResponseFeaturePropertiesSchema,
  PublicResponseFeatureSchema,
  ResponseSchema,
  ResponseStepViewSchema,
} from '../../shared/schemas/response.js';
import { CALLERS, type Caller } from './authz-callers.js';
import { expectSchemaFields } from './authz-fixtures.js';

/**
 * The authorization matrix's table (tests/integration/authorization-matrix.test.ts): access
 * classes × callers → status, who sees exact places, what each caller's socket is sent, and
 * GET /api/v1/session per caller; with the checks of the fields each view may carry.
 */

// Columns: the callers (tests/support/authz-callers.ts): anonymous; a resident; moderator,
// dispatcher, admin with the second factor passed; the same enrolled but not passed (~) and
// not enrolled (0); API keys of each key role (k…). Cells: `ok` = the row's success status;
// `2fa` = 403 second_factor_required; else the status (404 where existence is not revealed).
// Each row sends a valid body: Fastify validates before the role check (a preHandler), so an
// invalid body answers 400 whoever sends it. Keys on a person's own routes (`people`: sign-out
// everywhere, the second factor, erasing one's reports) answer 401 "sign in first", while a
// key's flag answers 403 "flags come from people": both refuse, the codes differ. `raters`
// (feedback on a police response): people, except dispatch accounts in any factor state (the
// police do not rate their own response); keys 403 as for flags.
export const ACCESS_CLASSES = `
               anon res  mod  dis  adm  mod~ dis~ adm~ mod0 dis0 adm0 kmod kdis kadm
anyone         ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
ownItem        ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
othersItem     404  404  404  404  404  404  404  404  404  404  404  404  404  404
dispatchOnly   404  404  404  ok   404  404  404  404  404  404  404  404  ok   404
people         401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   401  401  401
flaggers       401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   403  403  403
raters         401  ok   ok   403  ok   ok   403  ok   ok   403  ok   403  403  403
dispatch       401  403  403  ok   403  403  2fa  403  403  2fa  403  403  ok   403
moderation     401  403  ok   403  ok   2fa  403  2fa  2fa  403  2fa  ok   403  ok
admin          401  403  403  403  ok   403  403  2fa  403  403  2fa  403  403  ok
factorSetup    401  ok   409  409  409  409  409  409  ok   ok   ok   401  401  401
factorPass     401  409  ok   ok   ok   ok   ok   ok   409  409  409  401  401  401
setupLink      400  400  400  400  400  400  400  400  400  400  400  400  400  400
`;

// Who sees exact places (incidents, observations; REST and socket): dispatch alone.
const EXACT_VIEW = `
               anon res  mod  dis  adm  mod~ dis~ adm~ mod0 dis0 adm0 kmod kdis kadm
exact          no   no   no   yes  no   no   no   no   no   no   no   no   yes  no
`;

// The live stream: each caller's handshake (its cookie or key), then one socket per layer
// subscribed to it alone: what that socket is sent of a new incident, of an approved report and
// of the first step of a response, and of a rating of the incident's response (the same
// aggregate for everyone, dispatch included).
export const SOCKET_VIEW = `
               anon res  mod  dis  adm  mod~ dis~ adm~ mod0 dis0 adm0 kmod kdis kadm
handshake      ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
incidents      pub  pub  pub  ex   pub  pub  pub  pub  pub  pub  pub  pub  ex   pub
observations   pub  pub  pub  ex   pub  pub  pub  pub  pub  pub  pub  pub  ex   pub
responses      pub  pub  pub  ex   pub  pub  pub  pub  pub  pub  pub  pub  ex   pub
feedback       pub  pub  pub  pub  pub  pub  pub  pub  pub  pub  pub  pub  pub  pub
`;

export type Cell = 'ok' | '2fa' | number;
export type AccessClass =
  | 'anyone'
  | 'ownItem'
  | 'othersItem'
  | 'dispatchOnly'
  | 'people'
  | 'flaggers'
  | 'raters'
  | 'dispatch'
  | 'moderation'
  | 'admin'
  | 'factorSetup'
  | 'factorPass'
  | 'setupLink';

export function parseGrid(text: string): Map<string, Record<Caller, string>> {
  const [head, ...rows] = text.trim().split('\n');
  const columns = (head ?? '').trim().split(/\s+/);
  expect(columns).toEqual([...CALLERS]);
  return new Map(
    rows.map((row) => {
      const [name = '', ...cells] = row.trim().split(/\s+/);
      expect(cells, name).toHaveLength(CALLERS.length);
      return [
        name,
        Object.fromEntries(CALLERS.map((c, i) => [c, cells[i]])) as Record<Caller, string>,
      ];
    }),
  );
}

const ACCESS = parseGrid(ACCESS_CLASSES);
const EXACT = parseGrid(EXACT_VIEW).get('exact') as Record<Caller, string>;
export const seesExact = (caller: Caller) => EXACT[caller] === 'yes';

export function cellOf(access: AccessClass, caller: Caller): Cell {
  const cell = ACCESS.get(access)?.[caller];
  if (cell === undefined) throw new Error(`no access class ${access}`);
  return cell === 'ok' || cell === '2fa' ? cell : Number(cell);
}

// GET /api/v1/session for each caller: [role, via, accountRole, secondFactor].
export const SESSION_VIEW: Record<Caller, [string, string, string | null, string]> = {
  anon: ['public', 'none', null, 'none'],
  res: ['resident', 'session', 'resident', 'none'],
  mod: ['moderator', 'session', 'moderator', 'passed'],
  dis: ['dispatcher', 'session', 'dispatcher', 'passed'],
  adm: ['admin', 'session', 'admin', 'passed'],
  'mod~': ['resident', 'session', 'moderator', 'required'],
  'dis~': ['resident', 'session', 'dispatcher', 'required'],
  'adm~': ['resident', 'session', 'admin', 'required'],
  mod0: ['resident', 'session', 'moderator', 'enrolment_required'],
  dis0: ['resident', 'session', 'dispatcher', 'enrolment_required'],
  adm0: ['resident', 'session', 'admin', 'enrolment_required'],
  kmod: ['moderator', 'key', null, 'none'],
  kdis: ['dispatcher', 'key', null, 'none'],
  kadm: ['admin', 'key', null, 'none'],
};

export function incidentView(caller: Caller, feature: unknown, exact = seesExact(caller)): void {
  const f = feature as { properties: unknown };
  expectSchemaFields(
    f,
    exact ? DispatcherIncidentFeatureSchema : PublicIncidentFeatureSchema,
    caller,
  );
  expectSchemaFields(
    f.properties,
    exact ? DispatcherIncidentPropertiesSchema : PublicIncidentPropertiesSchema,
    `${caller} incident properties`,
  );
  expect((f.properties as { locationPrecision: string }).locationPrecision).toBe(
    exact ? 'exact' : 'approximate',
  );
}

export function observationView(caller: Caller, feature: unknown, exact = seesExact(caller)): void {
  const f = feature as { properties: unknown };
  expectSchemaFields(
    f,
    exact ? DispatcherObservationFeatureSchema : PublicObservationFeatureSchema,
    caller,
  );
  expectSchemaFields(
    f.properties,
    exact ? DispatcherObservationPropertiesSchema : PublicObservationPropertiesSchema,
    `${caller} observation properties`,
  );
}

export function responseFeatureView(
  caller: Caller,
  feature: unknown,
  exact = seesExact(caller),
): void {
  const f = feature as { properties: unknown };
  expectSchemaFields(
    f,
    exact ? DispatcherResponseFeatureSchema : PublicResponseFeatureSchema,
    caller,
  );
  expectSchemaFields(
    f.properties,
    exact ? DispatcherResponseFeaturePropertiesSchema : PublicResponseFeaturePropertiesSchema,
    `${caller} response properties`,
  );
  expect((f.properties as { locationPrecision: string }).locationPrecision).toBe(
    exact ? 'exact' : 'approximate',
  );
}

/** A response's timeline: the unit's call sign for dispatch alone. */
export function responseView(caller: Caller, body: unknown): void {
  expectSchemaFields(body, ResponseSchema, caller);
  const { steps } = body as { steps: Record<string, unknown>[] };
  expect(steps.length, `${caller}: steps`).toBeGreaterThan(0);
  for (const step of steps) {
    expectSchemaFields(step, ResponseStepViewSchema, `${caller} step`);
    expect('unit' in step, `${caller} step unit`).toBe(seesExact(caller));
  }
}

export const collectionOf =
  (each: (caller: Caller, feature: unknown) => void) => (caller: Caller, body: unknown) => {
    const { features } = body as { features: unknown[] };
    expect(features.length, `${caller}: features`).toBeGreaterThan(0);
    for (const feature of features) each(caller, feature);
  };

export const listOf =
  (schema: TObject, pick: (body: unknown) => unknown[] = (b) => b as unknown[]) =>
  (caller: Caller, body: unknown) => {
    const items = pick(body);
    expect(items.length, `${caller}: items`).toBeGreaterThan(0);
    for (const item of items) expectSchemaFields(item, schema, caller);
  };

export const SOCKETS = parseGrid(SOCKET_VIEW);
