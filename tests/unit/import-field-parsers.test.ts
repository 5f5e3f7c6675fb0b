import { describe, expect, it } from 'vitest';
import { dateFromParts, lonLatProblem, parseDateTime } from '../../server/import/field-parsers.js';
import { zonedTimeToInstant } from '../../shared/zoned-time.js';

describe('parseDateTime', () => {
  it('reads the Chicago portal form as wall-clock time in America/Chicago, winter and summer', () => {
    expect(parseDateTime('01/03/2016 11:57:00 PM', 'America/Chicago')?.toISOString()).toBe(
      '2016-01-04T05:57:00.000Z',
    );
    expect(parseDateTime('07/04/2016 12:05:00 AM', 'America/Chicago')?.toISOString()).toBe(
      '2016-07-04T05:05:00.000Z',
    );
    expect(parseDateTime('07/04/2016 12:05:00 PM', 'America/Chicago')?.toISOString()).toBe(
      '2016-07-04T17:05:00.000Z',
    );
  });

  it('takes ISO times with a zone as they say, and zoneless ones in the given zone', () => {
    expect(parseDateTime('2019-01-01T19:50:00Z', 'America/Chicago')?.toISOString()).toBe(
      '2019-01-01T19:50:00.000Z',
    );
    expect(parseDateTime('2010-01-01 00:05', 'America/Chicago')?.toISOString()).toBe(
      '2010-01-01T06:05:00.000Z',
    );
  });

  it('turns month-only dates into the first of the month', () => {
    expect(parseDateTime('2014-08', 'UTC')?.toISOString()).toBe('2014-08-01T00:00:00.000Z');
    expect(parseDateTime('2022-01-01', 'UTC')?.toISOString()).toBe('2022-01-01T00:00:00.000Z');
  });

  it('refuses what is no date', () => {
    for (const text of [
      '',
      'yesterday',
      '02/30/2016 10:00:00 AM',
      '13/01/2016',
      '2016-02-30',
      '01/01/2016 13:00:00 PM',
    ]) {
      expect(parseDateTime(text, 'UTC'), text).toBeNull();
    }
  });
});

describe('dateFromParts', () => {
  it('builds a Vancouver date from YEAR, MONTH, DAY, HOUR, MINUTE', () => {
    expect(dateFromParts(['2020', '1', '1', '0', '0'], 'America/Vancouver')?.toISOString()).toBe(
      '2020-01-01T08:00:00.000Z',
    );
    expect(dateFromParts(['2020', '7', '15', '13', '30'], 'America/Vancouver')?.toISOString()).toBe(
      '2020-07-15T20:30:00.000Z',
    );
  });

  it('refuses empty or impossible parts', () => {
    expect(dateFromParts(['2020', '', '1'], 'UTC')).toBeNull();
    expect(dateFromParts(['2020', '2', '30'], 'UTC')).toBeNull();
    expect(dateFromParts(['2020', '1', '1', '24'], 'UTC')).toBeNull();
  });
});

describe('zonedTimeToInstant', () => {
  it('resolves the hour skipped by daylight saving time to a real instant', () => {
    // 2016-03-13 02:30 does not exist in Chicago (clocks jump from 02:00 to 03:00).
    const instant = zonedTimeToInstant(
      { year: 2016, month: 3, day: 13, hour: 2, minute: 30, second: 0 },
      'America/Chicago',
    );
    expect(instant).not.toBeNull();
    expect(['2016-03-13T08:30:00.000Z', '2016-03-13T07:30:00.000Z']).toContain(
      instant?.toISOString(),
    );
  });
});

describe('lonLatProblem', () => {
  it('names missing, null-island and out-of-range coordinates', () => {
    expect(lonLatProblem(null, 41.8)).toBe('no coordinates');
    expect(lonLatProblem(0, 0)).toBe('no coordinates');
    expect(lonLatProblem(-87.6, 141.8)).toBe('coordinates out of range');
    expect(lonLatProblem(Number.NaN, 41.8)).toBe('coordinates out of range');
    expect(lonLatProblem(-87.6, 41.8)).toBeNull();
  });
});
