import { describe, it } from 'vitest';
import { expectHeldBy, expectNotHeldBy } from '../support/guardrail-cases.js';

describe('guardrails: phone numbers', () => {
  it('holds national and international numbers of Canada, the US, the UK and Germany', () => {
    expectHeldBy('phone_number', [
      ['call 604-555-0187 after six', '604-555-0187'],
      ['(416) 555 0133', '(416) 555 0133'],
      ['+44 20 7946 0321', '+44 20 7946 0321'],
      ['mobile 07700 900123', '07700 900123'],
      ['Tel. 030/12345678', '030/12345678'],
      ['Handy 0171 2345678', '0171 2345678'],
      ['+49 89 1234567', '+49 89 1234567'],
      ['WhatsApp 0152-98765432', '0152-98765432'],
      ['+33 6 12 34 56 78', '+33 6 12 34 56 78'],
    ]);
  });

  it('passes times, dates, counts, short codes and references', () => {
    expectNotHeldBy('phone_number', [
      'at 10:45 near the park',
      'on 12.03.2024 in the evening',
      'case 2026-004512 was opened',
      'call 911 or 110 in an emergency',
      'bus stop 51234',
      'between 8.30 and 17.00',
      'about 1500000 people live here',
    ]);
  });
});

describe('guardrails: e-mail addresses', () => {
  it('holds addresses, also spelled out to dodge a filter', () => {
    expectHeldBy('email_address', [
      ['send it to janet.k@example.org', 'janet.k@example.org'],
      ['write john dot doe at example dot com'],
      ['write john[dot]doe[at]example[dot]com'],
      ['an tanja.k [at] web.de', 'tanja.k [at] web.de'],
      ['mail jdoe%40example.com'],
      ['r.ortiz at gmail.com please'],
    ]);
  });

  it('passes "at" as a preposition', () => {
    expectNotHeldBy('email_address', [
      'Heard bangs at 10:45 near the park.',
      'Someone at the bus stop. Then a car came.',
      'Smoke at the school dot matrix printer room',
    ]);
  });
});

describe('guardrails: social handles', () => {
  it('holds handles, profile links and named accounts', () => {
    expectHeldBy('social_handle', [
      ['follow @eastvan_watch', '@eastvan_watch'],
      ['on instagram.com/jaydenk_22 now', 'instagram.com/jaydenk_22'],
      ['https://www.facebook.com/kevin.hartmann.77', 'facebook.com/kevin.hartmann.77'],
      ['join t.me/buergerwache_sued', 't.me/buergerwache_sued'],
      ['x.com/lokalreporter_ms', 'x.com/lokalreporter_ms'],
      ['snapchat: tyler.b.2009', 'tyler.b.2009'],
      ['mein Insta heißt kiez.watch', 'kiez.watch'],
    ]);
  });

  it('passes e-mail addresses (their own rule), "@ 10 pm" and ordinary links', () => {
    expectNotHeldBy('social_handle', [
      'meet @ 10 pm at the corner',
      'see https://vancouver.ca/streets for the closure',
    ]);
  });
});

describe('guardrails: hidden characters and other digits', () => {
  it('reads through zero-width characters, full-width forms and other decimal digits', () => {
    expectHeldBy('phone_number', [
      ['call 0171\u200B2345678 now', '0171\u200B2345678'],
      ['call ０１７１ ２３４５６７８', '０１７１ ２３４５６７８'],
      ['call ٠١٧١ ٢٣٤٥٦٧٨', '٠١٧١ ٢٣٤٥٦٧٨'],
    ]);
    expectHeldBy('email_address', [
      ['mail janet\u00ADk＠example.org', 'janet\u00ADk＠example.org'],
    ]);
  });
});
