import { describe, expect, it } from 'vitest';
import { CLIENT_ROUTES, CLIENT_ROUTE_PATHS, clientRouteAt } from '../../shared/client-routes.js';

describe("the client's routes, as the server and the client read them", () => {
  it('are absolute paths without a file extension, one route per path', () => {
    for (const path of CLIENT_ROUTE_PATHS) {
      expect(path).toMatch(/^\/[^?#]*$/);
      expect(path.split('/').pop()).not.toContain('.');
    }
    expect(new Set(CLIENT_ROUTE_PATHS).size).toBe(CLIENT_ROUTE_PATHS.length);
  });

  it('finds each route at its path, with or without a trailing slash', () => {
    const paths: [string, string][] = Object.entries(CLIENT_ROUTES);
    for (const [id, path] of paths) {
      expect(clientRouteAt(path)).toBe(id);
      expect(clientRouteAt(path.endsWith('/') ? path : `${path}/`)).toBe(id);
    }
    expect(clientRouteAt('/')).toBe('liveMap');
  });

  it('finds no route at any other path', () => {
    for (const path of ['', '/no/such/page', '/index.html', '/privacy.html', '/api/v1']) {
      expect(clientRouteAt(path), path).toBeNull();
    }
  });
});
