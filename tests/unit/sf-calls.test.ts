import { describe, expect, it } from 'vitest';
import { findCategory } from '../../shared/categories.js';
import { parseSfCall, parseSfTime, SF_CALL_COLUMNS } from '../../server/import/sf-call-record.js';
import { callTimeline } from '../../server/import/sf-call-timeline.js';
import { categoryOfCallType } from '../../server/import/sf-call-types.js';

describe('SF times (America/Los_Angeles)', () => {
  it('reads winter times as UTC-8 and summer times as UTC-7', () => {
    expect(parseSfTime('2026/01/16 07:35:52 AM')?.toISOString()).toBe('2026-01-16T15:35:52.000Z');
    expect(parseSfTime('2026/07/04 09:00:00 PM')?.toISOString()).toBe('2026-07-05T04:00:00.000Z');
    expect(parseSfTime('2026/01/16 12:00:00 AM')?.toISOString()).toBe('2026-01-16T08:00:00.000Z');
    expect(parseSfTime('2026/01/16 12:00:00 PM')?.toISOString()).toBe('2026-01-16T20:00:00.000Z');
  });

  it('crosses the DST changes of 2026 correctly', () => {
    // 8 March: 01:59:59 PST is followed by 03:00:00 PDT, one second later.
    const before = parseSfTime('2026/03/08 01:59:59 AM');
    const after = parseSfTime('2026/03/08 03:00:00 AM');
    expect((after?.getTime() ?? 0) - (before?.getTime() ?? 0)).toBe(1000);
    // 1 November: 01:30 happens twice; the first (PDT) is taken.
    expect(parseSfTime('2026/11/01 01:30:00 AM')?.toISOString()).toBe('2026-11-01T08:30:00.000Z');
    expect(parseSfTime('2026/11/01 02:30:00 AM')?.toISOString()).toBe('2026-11-01T10:30:00.000Z');
  });

  it('refuses what is not the portal form', () => {
    for (const text of [
      '2026-01-16 07:35:52',
      '2026/01/16 13:00:00 PM',
      '2026/02/30 01:00:00 AM',
      '2026/01/16 00:10:00 AM',
      '',
    ]) {
      expect(parseSfTime(text), text).toBeNull();
    }
  });
});

describe('SF call types onto categories', () => {
  it('maps the common types and keeps domestic violence and sexual assault hidden', () => {
    expect(categoryOfCallType('TRAFFIC STOP').category).toBe('traffic');
    expect(categoryOfCallType('PASSING CALL').category).toBe('non-criminal');
    expect(categoryOfCallType('Psych escort').category).toBe('non-criminal');
    for (const type of [
      'FIGHT NO WEAPON DV',
      'THREATS DV',
      'SOMETHING NEW DV',
      'WELL BEING CHECK EA',
    ]) {
      expect(categoryOfCallType(type).category, type).toBe('domestic-abuse');
    }
    for (const type of ['SEXUAL ASSAULT ADULT', 'SEXUAL ASSAULT JUVE', 'INDECENT EXPOSURE']) {
      const { category } = categoryOfCallType(type);
      expect(category, type).toBe('sexual-offences');
      expect(findCategory(category)?.policy).toBe('hidden');
    }
  });

  it('gives a type it does not know the default, and says so', () => {
    expect(categoryOfCallType('NEVER SEEN BEFORE')).toEqual({ category: 'other', known: false });
    expect(categoryOfCallType('PETTY THEFT')).toEqual({ category: 'theft', known: true });
  });
});

describe('a call timeline', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 16, 12, minute));

  it('keeps the steps given, in order, and skips those not reached', () => {
    const timeline = callTimeline({
      received: at(0),
      dispatched: at(2),
      en_route: at(2),
      on_scene: null,
      cleared: at(30),
    });
    expect(timeline.steps.map((s) => s.step)).toEqual([
      'received',
      'dispatched',
      'en_route',
      'cleared',
    ]);
    expect(timeline.contradicted).toEqual([]);
  });

  it('leaves out a step earlier than the one kept before it, naming both', () => {
    const timeline = callTimeline({
      received: at(0),
      dispatched: at(5),
      en_route: at(5),
      on_scene: at(20),
      cleared: at(10),
    });
    expect(timeline.steps.map((s) => s.step)).toEqual([
      'received',
      'dispatched',
      'en_route',
      'on_scene',
    ]);
    expect(timeline.contradicted).toEqual([
      { step: 'cleared', at: at(10), after: { step: 'on_scene', at: at(20) } },
    ]);
  });
});

describe('one SF record', () => {
  const good: Record<string, string> = {
    id: '37196704',
    cad_number: '260160484',
    received_datetime: '2026/01/16 07:35:52 AM',
    entry_datetime: '2026/01/16 07:36:54 AM',
    dispatch_datetime: '2026/01/16 07:37:17 AM',
    enroute_datetime: '2026/01/16 07:37:17 AM',
    onscene_datetime: '2026/01/16 07:40:00 AM',
    close_datetime: '2026/01/16 09:28:40 AM',
    call_type_original: '000',
    call_type_original_desc: 'MISC',
    call_type_original_notes: 'DOG BITE',
    call_type_final: '000',
    call_type_final_desc: 'MISC',
    call_type_final_notes: '',
    priority_original: 'A',
    priority_final: 'B',
    agency: 'Police',
    disposition: 'REP',
    onview_flag: 'N',
    sensitive_call: 'false',
    intersection_name: 'HYDE ST \\ TURK ST',
    intersection_id: '24933000',
    intersection_point: 'POINT (-122.415693873 37.782585033)',
    supervisor_district: '5',
    analysis_neighborhood: 'Tenderloin',
    police_district: 'TENDERLOIN',
    call_last_updated_at: '2026/01/16 09:28:43 AM',
    data_as_of: '2026/01/17 09:14:09 AM',
    data_loaded_at: '2026/01/17 09:15:34 AM',
    'Analysis Neighborhoods': '36',
  };

  it('covers the 30 columns of the export', () => {
    expect(Object.keys(SF_CALL_COLUMNS).sort()).toEqual(Object.keys(good).sort());
  });

  it('becomes a located call with its priority, place and timeline', () => {
    const parsed = parseSfCall(good, 2);
    if (!parsed.ok) throw new Error(parsed.rejection.reason);
    expect(parsed.call).toMatchObject({
      externalRef: '37196704',
      category: 'other',
      priority: 2,
      priorityOriginal: 'A',
      officerInitiated: false,
      sensitive: false,
      location: { lon: -122.415693873, lat: 37.782585033 },
      block: 'HYDE ST / TURK ST',
      disposition: 'REP',
    });
    expect(parsed.call.timeline.steps).toHaveLength(5);
  });

  it('is officer-initiated when flagged Y or HSOC, and never placed when sensitive', () => {
    for (const flag of ['Y', 'HSOC']) {
      const parsed = parseSfCall({ ...good, onview_flag: flag }, 2);
      expect(parsed.ok && parsed.call.officerInitiated, flag).toBe(true);
    }
    const sensitive = parseSfCall({ ...good, sensitive_call: 'true' }, 2);
    expect(sensitive.ok && sensitive.call.location).toBeNull();
    expect(sensitive.ok && sensitive.call.block).toBeNull();
  });

  it('is rejected, naming the column, when a column does not hold what it must', () => {
    const cases: [string, string, string][] = [
      ['priority_final', 'Z', 'unreadable priority_final'],
      ['priority_final', '', 'no priority_final'],
      ['onview_flag', 'maybe', 'unreadable onview_flag'],
      ['sensitive_call', 'yes', 'unreadable sensitive_call'],
      ['intersection_point', 'POINT (200 37)', 'unreadable intersection_point'],
      ['received_datetime', '2026-01-16', 'unreadable received_datetime'],
      ['close_datetime', 'soon', 'unreadable close_datetime'],
      ['id', 'abc', 'unreadable id'],
      ['supervisor_district', 'five', 'unreadable supervisor_district'],
      ['Analysis Neighborhoods', '3.5', 'unreadable Analysis Neighborhoods'],
      ['agency', '', 'no agency'],
    ];
    for (const [column, value, reason] of cases) {
      const parsed = parseSfCall({ ...good, [column]: value }, 7);
      expect(parsed.ok, column).toBe(false);
      if (!parsed.ok) expect(parsed.rejection).toMatchObject({ position: 7, reason });
    }
  });
});
