import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { requestFilter } from '../../server/open311/open311-requests.service.js';

describe('OPEN311_API_KEYS', () => {
  it('is empty by default (api_key not required), else a comma-separated list', () => {
    expect(loadConfig({}).open311ApiKeys).toEqual([]);
    expect(
      loadConfig({ OPEN311_API_KEYS: ' first-key-0123456789 , second-key-0123456789,' })
        .open311ApiKeys,
    ).toEqual(['first-key-0123456789', 'second-key-0123456789']);
  });

  it('refuses a short, guessable key', () => {
    expect(() => loadConfig({ OPEN311_API_KEYS: 'abc' })).toThrow(ConfigError);
  });
});

describe('the spec’s default window of GET requests', () => {
  const now = new Date('2026-12-05T12:00:00Z');
  const DAY = 86_400_000;

  it('no date: the most recent 90 days, the first 1,000', () => {
    const filter = requestFilter({}, now);
    expect(filter.end).toEqual(now);
    expect(filter.start).toEqual(new Date(now.getTime() - 90 * DAY));
    expect(filter.limit).toBe(1000);
  });

  it('one date: 90 days from it (or up to it)', () => {
    const start = '2026-01-01T00:00:00Z';
    expect(requestFilter({ start_date: start }, now).end).toEqual(
      new Date(Date.parse(start) + 90 * DAY),
    );
    expect(requestFilter({ end_date: start }, now).start).toEqual(
      new Date(Date.parse(start) - 90 * DAY),
    );
  });

  it('service_request_id overrides every other argument', () => {
    const id = '0b0e5a47-3c3f-4a59-9d37-5d0b8f1e6c11';
    expect(
      requestFilter({ service_request_id: id, status: 'closed', service_code: 'noise' }, now),
    ).toEqual({ ids: [id], codes: null, start: null, end: null, statuses: null, limit: 1 });
  });
});
