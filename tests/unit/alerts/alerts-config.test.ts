import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

describe('area alerts settings', () => {
  it('defaults to a one-second poll and a mailto: subject', () => {
    expect(loadConfig({}).alerts).toEqual({
      pollMs: 1000,
      vapidSubject: 'mailto:alerts@openbeat.invalid',
    });
  });

  it('takes a mailto: or https: VAPID_SUBJECT and refuses anything else', () => {
    expect(loadConfig({ VAPID_SUBJECT: 'https://map.example.org' }).alerts.vapidSubject).toBe(
      'https://map.example.org',
    );
    expect(loadConfig({ VAPID_SUBJECT: 'mailto:ops@example.org' }).alerts.vapidSubject).toBe(
      'mailto:ops@example.org',
    );
    for (const subject of ['http://map.example.org', 'ops@example.org', 'mailto:nobody']) {
      expect(() => loadConfig({ VAPID_SUBJECT: subject }), subject).toThrow(ConfigError);
    }
    expect(() => loadConfig({ ALERTS_POLL_MS: '5' })).toThrow(ConfigError);
  });
});
