import { describe, expect, it } from 'vitest';
import { isPublicAddress, pushEndpointProblem } from '../../../server/alerts/push-endpoint.js';

const strict = { allowLocal: false };

describe('push endpoints (server-side request forgery)', () => {
  it('takes the push services’ https endpoints', () => {
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc',
      'https://updates.push.services.mozilla.com/wpush/v2/abc',
      'https://web.push.apple.com/QGx',
      'https://[2a00:1450:4001:82b::200a]/send',
    ]) {
      expect(pushEndpointProblem(endpoint, strict), endpoint).toBeNull();
    }
  });

  it('refuses http, credentials, local names and non-public addresses', () => {
    for (const endpoint of [
      'http://fcm.googleapis.com/fcm/send/abc',
      'ftp://example.org/x',
      'https://user:pw@example.org/x',
      'https://localhost/x',
      'https://printer.local/x',
      'https://metadata.google.internal/x',
      'https://intranet/x',
      'https://127.0.0.1/x',
      'https://10.0.0.8/x',
      'https://172.20.1.1/x',
      'https://192.168.1.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/x',
      'https://0.0.0.0/x',
      'https://[::1]/x',
      'https://[fd00::1]/x',
      'https://[fe80::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'not a url',
    ]) {
      expect(pushEndpointProblem(endpoint, strict), endpoint).not.toBeNull();
    }
  });

  it('lets tests use a push service on this machine over http', () => {
    expect(pushEndpointProblem('http://127.0.0.1:4000/push', { allowLocal: true })).toBeNull();
    expect(pushEndpointProblem('ftp://127.0.0.1/push', { allowLocal: true })).not.toBeNull();
  });

  it('tells public addresses from the rest', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('2606:4700:4700::1111')).toBe(true);
    expect(isPublicAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isPublicAddress('224.0.0.1')).toBe(false);
  });
});
