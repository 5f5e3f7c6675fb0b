import type { CategorySlug } from '../../shared/categories.js';

/**
 * San Francisco's call types (`call_type_final_desc`) onto the harmonised categories. Unlike
 * the other importers' aliases, a call type not listed is not skipped: a dispatched call is a
 * response whatever its type, and it counts in the response times. It becomes `other`, unless
 * the rules below make it hidden: SF marks domestic-violence calls with a trailing " DV" and
 * elder abuse with " EA" on any base type, and a point must never show either.
 */
export const DEFAULT_CALL_CATEGORY: CategorySlug = 'other';

const HIDDEN_SUFFIXES: readonly [RegExp, CategorySlug][] = [
  [/\bDV$/, 'domestic-abuse'],
  [/\bEA$/, 'domestic-abuse'],
  [/\bSEXUAL\b|\bRAPE\b/, 'sexual-offences'],
];

const CALL_TYPES: Readonly<Record<string, CategorySlug>> = {
  // Traffic
  'TRAF VIOLATION CITE': 'traffic',
  'TRAF VIOLATION TOW': 'traffic',
  'TRAFFIC STOP': 'traffic',
  'TRAFFIC HAZARD': 'traffic',
  'TOW TRUCK': 'traffic',
  'VEH ACCIDENT': 'traffic',
  'INJURY VEH ACCIDENT': 'traffic',
  'H&R VEH ACCIDENT': 'traffic',
  'H&R INJURY ACCIDENT': 'traffic',
  'DRUNK DRIVER': 'traffic',
  // Service calls, no crime alleged
  'PASSING CALL': 'non-criminal',
  'WELL BEING CHECK': 'non-criminal',
  'MEET W/CITY EMPLOYEE': 'non-criminal',
  'MEET W/CITIZEN': 'non-criminal',
  'HOMELESS COMPLAINT': 'non-criminal',
  'MENTALLY DISTURBED': 'non-criminal',
  'SUICIDE ATTEMPT': 'non-criminal',
  'SUICIDE ATT CRIT': 'non-criminal',
  'PRISONER TRANSPORT': 'non-criminal',
  'AIDED CASE': 'non-criminal',
  'MISSING ADULT': 'non-criminal',
  'MISSING JUVENILE': 'non-criminal',
  'URGENT NOTIFICATION': 'non-criminal',
  'SENILE PERSON': 'non-criminal',
  'CITIZEN STANDBY': 'non-criminal',
  'PSYCH ESCORT': 'non-criminal',
  'CIVIL PROCESSES': 'non-criminal',
  'CIT/COMM ENGAGEMENT': 'non-criminal',
  'PERSON DOWN': 'non-criminal',
  '416 FOR MEDICATION': 'non-criminal',
  MARINE: 'non-criminal',
  FIRE: 'non-criminal',
  'JUVE BEYOND CONTROL': 'non-criminal',
  // Alarms and things seen
  'SUSPICIOUS PERSON': 'suspicious-activity',
  'SUSPICIOUS VEHICLE': 'suspicious-activity',
  'AUDIBLE ALARM': 'suspicious-activity',
  'SILENT ALARM': 'suspicious-activity',
  'PANIC ALARM': 'suspicious-activity',
  'VEHICLE ALARM': 'suspicious-activity',
  'MUNI ALARM': 'suspicious-activity',
  ALARM: 'suspicious-activity',
  PROWLER: 'suspicious-activity',
  'PERSON SCREAMING': 'suspicious-activity',
  // Disorder
  'NOISE NUISANCE': 'anti-social-behaviour',
  'RINGING DOORBELL': 'anti-social-behaviour',
  'AGGR SOLICITING': 'anti-social-behaviour',
  'SIT/LIE ENFORCEMENT': 'public-order',
  'BLOCKED SIDEWALK': 'public-order',
  'INTOXICATED PERSON': 'public-order',
  'DEMO / PROTEST': 'public-order',
  'PROSTITUTE/SOLICITE': 'prostitution',
  TRESPASSER: 'trespass',
  // Violence and weapons
  'FIGHT NO WEAPON': 'violence',
  'FIGHT W/WEAPONS': 'violence',
  'ASSAULT / BATTERY': 'violence',
  'AGG ASSAULT / ADW': 'violence',
  STABBING: 'violence',
  SHOOTING: 'violence',
  'PERSON W/KNIFE': 'weapons',
  'PERSON W/GUN': 'weapons',
  'SHOTS FIRED': 'weapons',
  'SHOT SPOTTER': 'weapons',
  'EXPLOSIVE FOUND': 'weapons',
  KIDNAPPING: 'kidnapping',
  'THREATS / HARASSMENT': 'stalking-harassment',
  STALKING: 'stalking-harassment',
  // A restraining order is served at someone's home: never a point.
  'RO SERVICE': 'stalking-harassment',
  'ELDERLY ABUSE': 'domestic-abuse',
  'INDECENT EXPOSURE': 'sexual-offences',
  // Property
  BURGLARY: 'burglary',
  'PERSON BREAKING IN': 'burglary',
  ROBBERY: 'robbery',
  'STRONGARM ROBBERY': 'robbery',
  'SILENT HOLDUP ALARM': 'robbery',
  'PETTY THEFT': 'theft',
  'GRAND THEFT': 'theft',
  'STOLEN PROPERTY': 'theft',
  'STOLEN VEHICLE': 'vehicle-crime',
  'AUTO BOOST / STRIP': 'vehicle-crime',
  'WANTED VEHICLE / SUB': 'vehicle-crime',
  'RECOVER MISSING VEH': 'vehicle-crime',
  VANDALISM: 'criminal-damage',
  'GRAFFITI VANDALISM': 'criminal-damage',
  FRAUD: 'fraud',
  // Nothing more said
  MISC: 'other',
  'COMPLAINT UNKN': 'other',
  'CITIZEN ARREST': 'other',
  'ARREST MADE': 'other',
};

export interface MappedCallType {
  category: CategorySlug;
  /** False when the type is in no table nor rule and took the default. */
  known: boolean;
}

/** The category of a call type, spelt as SF does (case and spacing are not significant). */
export function categoryOfCallType(callType: string): MappedCallType {
  const name = callType.trim().replace(/\s+/g, ' ').toUpperCase();
  for (const [pattern, category] of HIDDEN_SUFFIXES) {
    if (pattern.test(name)) return { category, known: true };
  }
  const listed = Object.hasOwn(CALL_TYPES, name) ? CALL_TYPES[name] : undefined;
  return listed
    ? { category: listed, known: true }
    : { category: DEFAULT_CALL_CATEGORY, known: false };
}
