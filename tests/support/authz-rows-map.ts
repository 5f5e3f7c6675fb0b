import { PublicAppealSchema, TipSchema } from '../../shared/schemas/appeal.js';
import {
  ModerationQueueItemSchema,
  ModerationQueueSchema,
} from '../../shared/schemas/moderation.js';
import { OwnObservationSchema } from '../../shared/schemas/observation.js';
import { expectSchemaFields, tileOf } from './authz-fixtures.js';
import { asReporter, BBOX, get, next, type Row, type World } from './authz-rows.js';
import {
  collectionOf,
  incidentView,
  listOf,
  observationView,
  responseFeatureView,
  responseView,
} from './authz-table.js';
import { CENTRAL_CHICAGO } from './incident-factory.js';
import { solvedProof } from './observation-client.js';

const tile = tileOf(CENTRAL_CHICAGO.lon, CENTRAL_CHICAGO.lat, 12);

/** The matrix's rows for the map's data: incidents, observations, moderation, appeals, reads. */
export function mapRows(w: () => World): Row[] {
  return [
    { route: 'GET /healthz', access: 'anyone', ok: 200, request: get('/healthz') },
    {
      route: 'GET /client-config.json',
      access: 'anyone',
      ok: 200,
      request: get('/client-config.json'),
    },
    {
      route: 'GET /api/v1/incidents',
      access: 'anyone',
      ok: 200,
      request: get(`/api/v1/incidents?bbox=${BBOX}`),
      view: collectionOf(incidentView),
    },
    {
      route: 'GET /api/v1/incidents/summary',
      access: 'anyone',
      ok: 200,
      request: get(`/api/v1/incidents/summary?bbox=${BBOX}`),
    },
    {
      route: 'GET /api/v1/incidents/:id',
      access: 'anyone',
      ok: 200,
      request: () => get(`/api/v1/incidents/${w().incidentId}`)(),
      view: incidentView,
    },
    {
      route: 'POST /api/v1/incidents',
      access: 'dispatch',
      ok: 201,
      request: () =>
        Promise.resolve({
          method: 'POST',
          url: '/api/v1/incidents',
          payload: {
            category: 'theft',
            priority: 3,
            summary: `Matrix incident ${next()}`,
            location: CENTRAL_CHICAGO,
          },
        }),
      // The writer gets the dispatcher's view back (only dispatch may write).
      view: (_caller, body) => {
        incidentView('kdis', body);
      },
    },
    {
      route: 'PATCH /api/v1/incidents/:id',
      access: 'dispatch',
      ok: 200,
      request: async () => ({
        method: 'PATCH',
        url: `/api/v1/incidents/${await w().fixtures.incident()}`,
        payload: { status: 'responding' },
      }),
    },
    {
      route: 'POST /api/v1/incidents/:id/appeal',
      access: 'dispatch',
      ok: 201,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/incidents/${await w().fixtures.incident()}/appeal`,
        payload: { text: 'Who saw it?', until: new Date(Date.now() + 3_600_000).toISOString() },
      }),
      view: (caller, body) => {
        expectSchemaFields(body, PublicAppealSchema, caller);
      },
    },
    {
      route: 'POST /api/v1/incidents/:id/responses',
      access: 'dispatch',
      ok: 201,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/incidents/${await w().fixtures.incident()}/responses`,
        payload: { step: 'dispatched', unit: 'MATRIX-2' },
      }),
      // The writer gets dispatch's view back (only dispatch may write).
      view: (_caller, body) => {
        responseView('kdis', body);
      },
    },
    {
      route: 'GET /api/v1/incidents/:id/response',
      access: 'anyone',
      ok: 200,
      request: () => get(`/api/v1/incidents/${w().incidentId}/response`)(),
      view: responseView,
    },
    {
      route: 'GET /api/v1/responses',
      access: 'anyone',
      ok: 200,
      request: get(`/api/v1/responses?bbox=${BBOX}`),
      view: collectionOf(responseFeatureView),
    },
    {
      route: 'GET /api/v1/audit/head',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/audit/head'),
    },
    {
      route: 'GET /api/v1/audit/events',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/audit/events'),
    },
    {
      route: 'GET /api/v1/audit/proof/inclusion',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/audit/proof/inclusion?event=1&head=1'),
    },
    {
      route: 'GET /api/v1/audit/proof/consistency',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/audit/proof/consistency?from=1&to=1'),
    },
    {
      route: 'GET /.well-known/openbeat-audit-key',
      access: 'anyone',
      ok: 200,
      request: get('/.well-known/openbeat-audit-key'),
    },
    {
      route: 'GET /api/v1/appeals',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/appeals'),
      view: listOf(PublicAppealSchema, (body) => (body as { appeals: unknown[] }).appeals),
    },
    {
      route: 'GET /api/v1/appeals/:id',
      access: 'anyone',
      ok: 200,
      request: () => get(`/api/v1/appeals/${w().appealId}`)(),
      view: (caller, body) => {
        expectSchemaFields(body, PublicAppealSchema, caller);
      },
    },
    {
      route: 'POST /api/v1/appeals/:id/close',
      access: 'dispatch',
      ok: 200,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/appeals/${await w().fixtures.appeal()}/close`,
        payload: { thanks: 'Thank you all' },
      }),
    },
    {
      route: 'POST /api/v1/appeals/:id/tips',
      access: 'anyone',
      ok: 202,
      request: async ({ who }) => ({
        method: 'POST',
        url: `/api/v1/appeals/${w().appealId}/tips`,
        payload: {
          text: 'A grey van left at nine',
          ...(who.userId ? {} : { altcha: await solvedProof(w().t.app) }),
        },
      }),
    },
    {
      route: 'GET /api/v1/appeals/:id/tips',
      access: 'dispatch',
      ok: 200,
      request: () => get(`/api/v1/appeals/${w().appealId}/tips`)(),
      view: listOf(TipSchema, (body) => (body as { tips: unknown[] }).tips),
    },
    {
      route: 'GET /api/v1/export/:layer.:format',
      access: 'anyone',
      ok: 200,
      request: get(`/api/v1/export/incidents.geojson?bbox=${BBOX}`),
      // Exports are public outputs: the public feature for every caller, dispatch too.
      view: collectionOf((_caller, feature) => {
        incidentView('anon', feature);
      }),
    },
    {
      route: 'GET /api/v1/places',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/places?q=Main'),
    },
    {
      route: 'GET /api/v1/districts',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/districts'),
    },
    {
      route: 'GET /api/v1/accountability',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/accountability?period=month'),
    },
    {
      route: 'GET /api/v1/accountability.csv',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/accountability.csv?period=month'),
    },
    {
      route: 'GET /api/v1/accountability/detail',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/accountability/detail?period=month'),
    },
    {
      route: 'GET /api/v1/challenge',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/challenge'),
    },
    {
      route: 'GET /api/v1/observations',
      access: 'anyone',
      ok: 200,
      request: get(`/api/v1/observations?bbox=${BBOX}`),
      view: collectionOf(observationView),
    },
    {
      route: 'POST /api/v1/observations',
      access: 'anyone',
      ok: 202,
      request: async ({ who }) => ({
        method: 'POST',
        url: '/api/v1/observations',
        headers: { ...who.headers, ...(who.device ? { 'x-device-token': who.device } : {}) },
        payload: {
          category: 'graffiti',
          location: CENTRAL_CHICAGO,
          ...(who.userId ? {} : { altcha: await solvedProof(w().t.app) }),
        },
      }),
    },
    {
      route: 'GET /api/v1/observations/mine',
      access: 'anyone',
      ok: 200,
      request: async ({ who }) => {
        await w().fixtures.reportAs(who);
        return {
          method: 'GET',
          url: '/api/v1/observations/mine',
          headers: { ...who.headers, ...(who.device ? { 'x-device-token': who.device } : {}) },
        };
      },
      view: listOf(OwnObservationSchema),
    },
    {
      route: 'GET /api/v1/observations/:id',
      access: 'anyone',
      ok: 200,
      request: () => get(`/api/v1/observations/${w().approvedId}`)(),
      view: observationView,
    },
    {
      // A report no moderator has approved: not there for anyone but dispatch (not even 403).
      route: 'GET /api/v1/observations/:id (not shown)',
      access: 'dispatchOnly',
      ok: 200,
      request: async () => get(`/api/v1/observations/${await w().fixtures.pending()}`)(),
      view: observationView,
    },
    {
      route: 'POST /api/v1/observations/:id/verification',
      access: 'dispatch',
      ok: 200,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/observations/${await w().fixtures.approved()}/verification`,
        payload: { state: 'disputed' },
      }),
    },
    {
      route: 'POST /api/v1/observations/:id/withdraw (own)',
      access: 'ownItem',
      ok: 200,
      request: async ({ who }) =>
        asReporter(who, `/api/v1/observations/${await w().fixtures.reportAs(who)}/withdraw`),
      view: (caller, body) => {
        expectSchemaFields(body, OwnObservationSchema, caller);
      },
    },
    {
      route: "POST /api/v1/observations/:id/withdraw (another's)",
      access: 'othersItem',
      ok: 200,
      request: ({ who }) =>
        Promise.resolve(asReporter(who, `/api/v1/observations/${w().othersReport}/withdraw`)),
    },
    {
      route: 'POST /api/v1/observations/:id/flags',
      access: 'flaggers',
      ok: 200,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/observations/${await w().fixtures.approved()}/flags`,
        payload: {},
      }),
    },
    {
      route: 'POST /api/v1/observations/:id/erase (own)',
      access: 'ownItem',
      ok: 200,
      request: async ({ who }) =>
        asReporter(who, `/api/v1/observations/${await w().fixtures.reportAs(who)}/erase`),
    },
    {
      route: "POST /api/v1/observations/:id/erase (another's)",
      access: 'othersItem',
      ok: 200,
      request: ({ who }) =>
        Promise.resolve(asReporter(who, `/api/v1/observations/${w().othersReport}/erase`)),
    },
    {
      route: 'GET /api/v1/moderation/queue',
      access: 'moderation',
      ok: 200,
      request: get('/api/v1/moderation/queue'),
      view: (caller, body) => {
        expectSchemaFields(body, ModerationQueueSchema, caller);
        listOf(ModerationQueueItemSchema, (b) => (b as { items: unknown[] }).items)(caller, body);
      },
    },
    {
      route: 'POST /api/v1/moderation/alerts/:id/resolve',
      access: 'moderation',
      ok: 204,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/moderation/alerts/${await w().fixtures.alert()}/resolve`,
      }),
    },
    {
      route: 'GET /api/v1/moderation/log',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/moderation/log'),
    },
    {
      route: 'POST /api/v1/moderation/:kind/:id',
      access: 'moderation',
      ok: 200,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/moderation/observation/${await w().fixtures.pending()}`,
        payload: { decision: 'approve', reason: 'fits_guidelines' },
      }),
    },
    {
      route: 'GET /tiles/incidents/:z/:x/:y.mvt',
      access: 'anyone',
      ok: 200,
      request: get(`/tiles/incidents/${tile.z}/${tile.x}/${tile.y}.mvt`),
    },
  ];
}
