import type { Caller, Identity } from './authz-callers.js';
import type { MatrixFixtures } from './authz-fixtures.js';
import type { AccessClass } from './authz-table.js';
import type { ResponseFixture } from './response-fixture.js';
import type { InventoriedApp } from './route-inventory.js';

/** One request of a row, built afresh for each caller. */
export interface Request {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  /** A JSON body, or a form's encoded text. */
  payload?: object | string;
  /** Instead of the caller's shared credentials (a fresh identity's). */
  headers?: Record<string, string>;
}

export interface Context {
  caller: Caller;
  /** The caller's shared credentials. */
  who: Identity;
  /** New credentials of the same kind (a new account for people). */
  fresh: () => Promise<Identity>;
}

export interface Row {
  /** `METHOD url` as the app registers it; a suffix in parentheses tells rows of one route apart. */
  route: string;
  access: AccessClass;
  ok: number;
  request: (context: Context) => Promise<Request>;
  /** The fields this caller sees in a 2xx answer. */
  view?: (caller: Caller, body: unknown) => void;
}

/** What the rows act on, set up once for the file (read when a request is built). */
export interface World {
  t: InventoriedApp;
  fixtures: MatrixFixtures;
  incidentId: string;
  approvedId: string;
  appealId: string;
  /** Another resident's report: every caller's withdraw and erase must find nothing. */
  othersReport: string;
  signInTarget: { email: string; password: string };
  /** A response of a public incident with a rating (issue 13's feedback). */
  ratedResponse: ResponseFixture;
}

export const BBOX = '-88,41.5,-87,42.2';

let counter = 0;
/** A number not used before in this file (names, e-mail addresses). */
export const next = () => (counter += 1);

export const get = (url: string) => () => Promise.resolve<Request>({ method: 'GET', url });

/** POST /observations/:id/{withdraw,erase} as the reporter: by account, or by device token. */
export const asReporter = (identity: Identity, url: string): Request => ({
  method: 'POST',
  url,
  headers: {
    ...identity.headers,
    ...(identity.device ? { 'x-device-token': identity.device } : {}),
  },
});
