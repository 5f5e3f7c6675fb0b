/**
 * The map client's pages, by path. The server answers each with the client's index.html and the
 * client's router shows the route's view there; any other path is the client's not-found view.
 *
 * Paths are fixed (no parameters: a view reads its options from the query string) and have no
 * file extension, so a page never shadows a file of the client's build.
 */
export const CLIENT_ROUTES = {
  liveMap: '/',
  report: '/report',
  myReports: '/my-reports',
  moderation: '/moderation',
  moderationLog: '/moderation-log',
  signIn: '/sign-in',
  signUp: '/sign-up',
  account: '/account',
  setup: '/setup',
  admin: '/admin',
  accountability: '/accountability',
  accountabilityMethod: '/accountability/method',
  embedBuilder: '/embed-builder',
  alerts: '/alerts',
} as const satisfies Record<string, `/${string}`>;

export type ClientRouteId = keyof typeof CLIENT_ROUTES;

export const CLIENT_ROUTE_PATHS: readonly string[] = Object.values(CLIENT_ROUTES);

const ROUTE_AT_PATH = new Map<string, ClientRouteId>(
  Object.entries(CLIENT_ROUTES).map(([id, path]) => [path, id as ClientRouteId]),
);

/** The route shown at a path; a trailing slash is ignored, as the server ignores it. */
export function clientRouteAt(pathname: string): ClientRouteId | null {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return ROUTE_AT_PATH.get(path) ?? null;
}
