import { HOLD_RULES, TEXT_HOLD_RULES, type HoldRule } from '../observations/kinds.js';
import { foldText } from './fold-text.js';
import { detectLanguages, type GuardrailLanguage } from './language.js';
import { findAppearance } from './rules/appearance.js';
import { findCallsToAction } from './rules/call-to-action.js';
import { findEmailAddresses } from './rules/email-addresses.js';
import { findPersonNames } from './rules/person-names.js';
import { findPhoneNumbers } from './rules/phone-numbers.js';
import { findSocialHandles } from './rules/social-handles.js';
import { findStreetAddresses } from './rules/street-addresses.js';
import { findSuspectsNamed } from './rules/suspect-named.js';
import { findVehiclePlates } from './rules/vehicle-plates.js';
import type { TextSpan } from './spans.js';

/** A part of a text that a rule matched: [start, end) in UTF-16 code units. */
export interface GuardrailFinding {
  rule: HoldRule;
  start: number;
  end: number;
}

export interface GuardrailResult {
  /** Whether the text must wait for a moderator (any finding holds it). */
  held: boolean;
  /** The rules that matched, each once, in HOLD_RULES order. */
  rules: HoldRule[];
  findings: GuardrailFinding[];
}

export interface GuardrailOptions {
  /** The report's language when the form knows it; otherwise it is read from the words. */
  lang?: GuardrailLanguage;
}

export type { GuardrailLanguage };

/** The rules the text check can raise (the others, anti_targeting and flagged, are not about text). */
export { TEXT_HOLD_RULES };

/**
 * The guardrails on a report's free text, the same on the server (which enforces them) and in
 * the form (which explains them before sending): personal data (phone numbers, e-mail
 * addresses, plates, house-number addresses, named private persons, social handles) and
 * targeting language (naming a suspect, appearance as the point, calls to action). Any
 * finding holds the report for a moderator; nothing is silently published or dropped.
 *
 * Pure TypeScript without Node APIs. It imports compromise and libphonenumber-js (173 kB
 * gzipped together), so the client loads it through load-guardrails.ts when the form opens.
 */
export function checkReportText(original: string, options: GuardrailOptions = {}): GuardrailResult {
  const folded = foldText(original);
  const text = folded.text;
  const languages = options.lang === undefined ? detectLanguages(text) : [options.lang];
  const names = findPersonNames(text, languages);
  const found: Record<(typeof TEXT_HOLD_RULES)[number], TextSpan[]> = {
    phone_number: findPhoneNumbers(text),
    email_address: findEmailAddresses(text),
    vehicle_plate: findVehiclePlates(text),
    street_address: findStreetAddresses(text),
    person_name: names,
    social_handle: findSocialHandles(text),
    suspect_named: findSuspectsNamed(text, names),
    appearance: findAppearance(text),
    call_to_action: findCallsToAction(text),
  };
  const findings = withoutContained(
    TEXT_HOLD_RULES.flatMap((rule) =>
      found[rule].map((span) => ({ rule, ...folded.toOriginal(span.start, span.end) })),
    ),
  );
  const matched = new Set(findings.map((finding) => finding.rule));
  const rules = HOLD_RULES.filter((rule) => matched.has(rule));
  return { held: findings.length > 0, rules, findings };
}

/**
 * One finding per part of the text and rule, in text order. A handle inside an e-mail
 * address or a name inside a profile link is the address or the link, not a second finding.
 */
function withoutContained(findings: GuardrailFinding[]): GuardrailFinding[] {
  const sorted = findings.sort((a, b) => a.start - b.start || b.end - a.end);
  return sorted.filter(
    (finding, index) =>
      !sorted.some(
        (other, otherIndex) =>
          otherIndex !== index &&
          other.start <= finding.start &&
          other.end >= finding.end &&
          (other.rule === finding.rule
            ? other.end - other.start > finding.end - finding.start || otherIndex < index
            : isContactRule(other.rule) && !isTargetingRule(finding.rule)),
      ),
  );
}

function isContactRule(rule: HoldRule): boolean {
  return rule === 'email_address' || rule === 'social_handle' || rule === 'phone_number';
}

function isTargetingRule(rule: HoldRule): boolean {
  return rule === 'suspect_named' || rule === 'appearance' || rule === 'call_to_action';
}
