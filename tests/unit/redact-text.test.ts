import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTION_TOKENS, redactText } from '../../server/privacy/redact-text.js';

// The usual shape of an address, written independently of the module's pattern.
const EMAIL_LIKE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

interface Case {
  readonly input: string;
  readonly expected: string;
}

const REDACTIONS: Readonly<Record<string, readonly Case[]>> = {
  email: [
    { input: 'Contact jane.doe@example.com.', expected: 'Contact [email].' },
    { input: 'tips: j.o+tips@mail.example.co.uk', expected: 'tips: [email]' },
    { input: 'write to Jöran@exämple.de', expected: 'write to [email]' },
    { input: 'mailto:jane@example.org', expected: 'mailto:[email]' },
    { input: 'https://x.org/report?to=jane@example.org', expected: 'https:[email]' },
    { input: '<jane@example.org>, (bob@example.org)', expected: '<[email]>, ([email])' },
    { input: 'mail jdoe%40example.com', expected: 'mail [email]' },
    { input: 'mailto:jdoe&#64;example.org', expected: 'mailto:[email]' },
    { input: 'write john dot doe at example dot com', expected: 'write [email]' },
    { input: 'write john[dot]doe[at]example[dot]com', expected: 'write [email]' },
    { input: 'an max punkt mustermann ät beispiel punkt de', expected: 'an [email]' },
  ],
  phone: [
    { input: 'Call +44 20 7946 0958 now', expected: 'Call [phone] now' },
    { input: 'Call +44 (0)20 7946 0958', expected: 'Call [phone]' },
    { input: 'Call +447700900123', expected: 'Call [phone]' },
    { input: 'Call (312) 555-0100.', expected: 'Call [phone].' },
    { input: 'Call 312-555-0100 or 312.555.0100', expected: 'Call [phone] or [phone]' },
    { input: 'Call +1 312 555 0100', expected: 'Call [phone]' },
    { input: 'Mobile 07700 900123, or 07700900123', expected: 'Mobile [phone], or [phone]' },
    { input: 'local 555-0100', expected: 'local [phone]' },
    {
      input: 'Tel: 0121 496 0000: ask for the manager',
      expected: 'Tel: [phone]: ask for the manager',
    },
    { input: 'call 07700 900123 3 times', expected: 'call [phone] 3 times' },
    { input: 'on 2024-03-12 07700 900123', expected: 'on 2024-03-12 [phone]' },
    { input: 'Call +33 6 12 34 56 78', expected: 'Call [phone]' },
    { input: 'Tel.: 0 30 / 12 34 56 7', expected: 'Tel.: [phone]' },
    { input: 'Ruf 089 12 34 5 an', expected: 'Ruf [phone] an' },
    { input: 'Tel. (0 30) 12 34 56 7', expected: 'Tel. [phone]' },
    { input: 'https://wa.me/16045550199', expected: 'https://wa.me/[phone]' },
    { input: 'https://t.me/+16045550199 now', expected: 'https://t.me/[phone] now' },
    {
      input: 'https://api.whatsapp.com/send?phone=16045550199&text=hi',
      expected: 'https://api.whatsapp.com/send?phone=[phone]&text=hi',
    },
    { input: 'tel:%2B16045550199 or tel=604-555-0199', expected: 'tel:[phone] or tel=[phone]' },
  ],
  houseNumber: [
    { input: 'Burglary at 12 Baker Street', expected: 'Burglary at [number] Baker Street' },
    { input: '221B Baker Street', expected: '[number] Baker Street' },
    { input: 'outside 12-14 High St.', expected: 'outside [number] High St.' },
    { input: 'at 7 Acacia road', expected: 'at [number] Acacia road' },
    { input: 'at 12 St John’s Wood Road', expected: 'at [number] St John’s Wood Road' },
    { input: 'at 1060 W. Addison St', expected: 'at [number] W. Addison St' },
    { input: 'at 233 S Wacker Dr', expected: 'at [number] S Wacker Dr' },
    { input: 'at 350 5th Avenue', expected: 'at [number] 5th Avenue' },
    {
      input: 'at 4 Martin Luther King Jr Boulevard',
      expected: 'at [number] Martin Luther King Jr Boulevard',
    },
    { input: 'at 3 Kensington Park Gardens', expected: 'at [number] Kensington Park Gardens' },
    { input: 'at 9 Church MEWS', expected: 'at [number] Church MEWS' },
  ],
  postcode: [
    { input: 'near SW1A 1AA today', expected: 'near [postcode] today' },
    { input: 'near M1 1AE', expected: 'near [postcode]' },
    { input: '(EC1A1BB)', expected: '([postcode])' },
    { input: 'near sw1a 1aa', expected: 'near [postcode]' },
    { input: 'E1 4TH', expected: '[postcode]' },
    { input: 'Vancouver V6B 1A1, or v6b1a1', expected: 'Vancouver [postcode], or [postcode]' },
    { input: 'San Francisco, CA 94103-1234', expected: 'San Francisco, CA [postcode]' },
    { input: '10115 Berlin, D-80331 München', expected: '[postcode] Berlin, [postcode] München' },
    { input: 'ZIP code is 02134', expected: 'ZIP code is [postcode]' },
    {
      input: 'zip-code 98101, Zip Code: 98102',
      expected: 'zip-code [postcode], Zip Code: [postcode]',
    },
    { input: 'Seattle, Wash. 98101', expected: 'Seattle, Wash. [postcode]' },
    { input: 'postal code: 90210', expected: 'postal code: [postcode]' },
    { input: 'in Seattle 98101', expected: 'in Seattle [postcode]' },
    { input: 'Bellingham, Washington 98225', expected: 'Bellingham, Washington [postcode]' },
    { input: 'V6B 1 A1, V6B1 A1, v6b-1a1', expected: '[postcode], [postcode], [postcode]' },
    { input: 'V 6 B 1 A 1', expected: '[postcode]' },
    { input: 'V6B  1A1', expected: '[postcode]' },
  ],
  unit: [
    { input: 'flat b2 3rd floor', expected: 'flat [unit] 3rd floor' },
    { input: 'Flat 3B, apt 4, #305', expected: 'Flat [unit], apt [unit], [unit]' },
    { input: 'in Wohnung 3', expected: 'in Wohnung [unit]' },
  ],
  coordinates: [
    { input: 'coordinates 51.507412, -0.127812', expected: 'coordinates [coordinates]' },
    { input: 'at 49.28N 123.12W.', expected: 'at [coordinates].' },
    { input: `at 49°16'57.7"N 123°07'14.5"W`, expected: 'at [coordinates]' },
    { input: 'at ４９.２８２７, －１２３.１２０７', expected: 'at [coordinates]' },
    { input: 'at 49.283 and -123.121', expected: 'at [coordinates] and [coordinates]' },
    { input: 'bei 49,283 und -123,121', expected: 'bei [coordinates] und [coordinates]' },
    {
      input: 'https://www.google.com/maps/@49.2827,-123.1207,17z',
      expected: 'https://www.google.com/maps/@[coordinates],17z',
    },
    { input: 'plus code 84XR7VMH+GV', expected: 'plus code [coordinates]' },
    { input: 'at 7VMH+GV Vancouver', expected: 'at [coordinates] Vancouver' },
    { input: 'at ///filled.count.soap', expected: 'at [coordinates]' },
    { input: 'w3w: filled.count.soap', expected: '[coordinates]' },
    { input: 'grid 10U 491234 5458123', expected: 'grid [coordinates]' },
    { input: 'at 10U 491234mE 5458123mN', expected: 'at [coordinates]' },
    { input: 'at Zone 10 E 491234 N 5458123', expected: 'at [coordinates]' },
    {
      input: 'MGRS 10UDV 9123 5812 or 10U DV 91234 58123',
      expected: 'MGRS [coordinates] or [coordinates]',
    },
    { input: 'OS grid TQ 3008 8028', expected: 'OS grid [coordinates]' },
  ],
  ip: [
    { input: 'from 192.168.0.1 and 10.0.0.255.', expected: 'from [ip] and [ip].' },
    { input: 'ip=8.8.8.8', expected: 'ip=[ip]' },
    { input: 'from fe80::1%eth0 and 2001:db8::1', expected: 'from [ip] and [ip]' },
    { input: 'from 192[.]168[.]1[.]23', expected: 'from [ip]' },
    { input: 'from 192(.)168(.)1(.)23 and 10[dot]0[dot]0[dot]7', expected: 'from [ip] and [ip]' },
    { input: 'from 2001[:]db8[:][:]1', expected: 'from [ip]' },
  ],
  combined: [
    {
      // 17 digits in a row: too many for one number, but the phone number in it must go.
      input: 'in 2024 07700 900123 12 Baker Street',
      expected: 'in 2024 [phone] [number] Baker Street',
    },
    {
      input: 'Flat 3, 45 High Street, London NW1 6XE. Witness: 07700 900123, a.b@example.com',
      expected: 'Flat [unit], [number] High Street, London [postcode]. Witness: [phone], [email]',
    },
  ],
};

const UNCHANGED: readonly string[] = [
  'Robbery reported at 12:30 near the station',
  'between 22.00 and 23.30',
  'In 2024, 3 men were seen',
  'on 12.03.2024 and 2024-03-12',
  'Timestamp 2024-03-12 12:30',
  'figures for 1999-2024',
  'Two cars on Route 66',
  '3 men walked down the street',
  'on the 3rd floor',
  'A1 northbound closed from 5pm',
  'between 22.00 and 23.30, 1.75 m tall',
  'case 2026-12345, 100 block of W Pender',
  '£2500000 stolen, aged 25, 1.5 million',
  'version 1.2.3.4.5 released',
  'Call 999 or 101',
  'see https://example.com/news/2024/03/12345678',
  'www.example.org/a?id=07700900123',
  'Suspect described as tall, wearing a red jacket.',
  'Bus 99 B-Line at 22:15, 3 people',
  'Tickets 1,50 und 2,80 Euro; 1.250 und 2.500 Besucher',
  'between 1.250 and 2.500 euros, 12.345 and 67.890 people',
  'seats A1 B2 C3, plate ABC 123, Kennzeichen B-AB 1234',
  'Seattle 12000 people, 3000+ calls',
  'from 2.125 to 3.375 inches, 10.500 and 9.750 points',
  'case 2026-004512, called 3 times at 22:15',
  '',
];

describe('redactText', () => {
  describe.each(Object.entries(REDACTIONS))('%s', (_kind, cases) => {
    it.each(cases)('redacts $input', ({ input, expected }) => {
      expect(redactText(input)).toBe(expected);
    });
  });

  it.each(UNCHANGED)('leaves %j unchanged', (input) => {
    expect(redactText(input)).toBe(input);
  });

  it.each([
    ...Object.values(REDACTIONS)
      .flat()
      .map(({ input }) => input),
    ...UNCHANGED,
  ])('is idempotent on %j', (input) => {
    const once = redactText(input);
    expect(redactText(once)).toBe(once);
  });

  it('is idempotent on text made of personal data and look-alikes', () => {
    const fragmentArb = fc.constantFrom(
      '12 Baker Street',
      'SW1A 1AA',
      '07700 900123',
      '(312) 555-0100',
      'a@b.co',
      '10.0.0.1',
      'at 12:30',
      'in 2024',
      '2024-03-12',
      '3 men',
      'https://x.org/1234567',
      'Route 66',
      'Road',
      'Flat 3',
      ',',
      '.',
    );
    fc.assert(
      fc.property(
        fc.array(fragmentArb, { maxLength: 8 }),
        fc.constantFrom(' ', '', ', '),
        (parts, separator) => {
          const once = redactText(parts.join(separator));
          expect(redactText(once)).toBe(once);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('uses only the exported tokens', () => {
    const tokensInOutput = Object.values(REDACTIONS)
      .flat()
      .flatMap(({ expected }) => expected.match(/\[[a-z]+\]/g) ?? []);
    const known: readonly string[] = Object.values(REDACTION_TOKENS);
    expect(tokensInOutput.length).toBeGreaterThan(0);
    for (const token of tokensInOutput) expect(known).toContain(token);
  });

  it('leaves no e-mail address in arbitrary text', () => {
    const textArb = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    fc.assert(
      fc.property(textArb, fc.emailAddress(), textArb, (before, email, after) => {
        const output = redactText(before + email + after);
        expect(output).not.toMatch(EMAIL_LIKE);
        expect(output).not.toContain(email);
      }),
      { numRuns: 5_000 },
    );
  });

  it('leaves no phone number in arbitrary text without other digits', () => {
    const textArb = fc.string({ maxLength: 30 }).filter((text) => !/\d/.test(text));
    const digitsArb = (length: number) =>
      fc
        .array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length })
        .map((d) => d.join(''));
    const phoneArb = fc.oneof(
      digitsArb(9).map((d) => `07${d.slice(0, 3)} ${d.slice(3)}`),
      digitsArb(10).map((d) => `+44 ${d.slice(0, 2)} ${d.slice(2, 6)} ${d.slice(6)}`),
      digitsArb(10).map((d) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`),
      digitsArb(10).map((d) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`),
    );
    fc.assert(
      fc.property(textArb, phoneArb, textArb, (before, phone, after) => {
        const output = redactText(`${before} ${phone} ${after}`);
        expect(output).not.toContain(phone);
        expect(output).toContain(REDACTION_TOKENS.phone);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves text without digits or "@" unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }).filter((text) => !/[0-9@]/.test(text)),
        (text) => {
          expect(redactText(text)).toBe(text);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
