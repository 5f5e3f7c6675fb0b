import { describe, expect, it } from 'vitest';
import { checkFeedbackComment } from '../../shared/feedback/check-comment.js';

// Feedback is about the response, never about a named officer (issue 13): a comment that names
// one, or gives a badge, unit or number, waits for a moderator with the rule `officer_named`.

describe('officer_named', () => {
  it.each([
    'Officer Smith was rude',
    'officer smith? no: Officer O’Brien',
    'Sgt. Jenkins laughed at us',
    'Det. Alvarez never called back',
    'Deputy Lee was great',
    'badge 1234 shouted',
    'Badge #1234',
    'badge number 4521 was fine',
    'the one with #4521',
    'unit 3A12 came late',
    'car 54 parked on the lawn',
    'Polizist Müller war unhöflich',
    'Kommissarin Weber hat geholfen',
    'Dienstnummer 4711',
    'die Streife 12-3 kam spät',
  ])('holds %j', (text) => {
    const check = checkFeedbackComment(text);
    expect(check.rules).toContain('officer_named');
    const finding = check.findings.find((f) => f.rule === 'officer_named');
    expect(finding && finding.end > finding.start).toBe(true);
  });

  it.each([
    'The officer was kind and quick',
    'Officers were polite. Thanks!',
    'The officer Was late (typo) but fine',
    'They came in 5 minutes, 10 out of 10',
    'took 45 minutes and the unit never came',
    'Die Beamten waren freundlich',
    'I waited 2 hours on the phone',
  ])('lets %j through', (text) => {
    expect(checkFeedbackComment(text).rules).not.toContain('officer_named');
  });

  it('keeps the observations’ rules: a phone number is held as such', () => {
    expect(checkFeedbackComment('Call me on 0151 23456789').rules).toEqual(['phone_number']);
  });
});
