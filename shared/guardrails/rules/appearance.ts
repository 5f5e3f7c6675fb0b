import { spansOf, type TextSpan } from '../spans.js';

/**
 * A person's appearance as the point of a report: skin colour and ethnicity ("black guy",
 * "Middle Eastern looking", "südländisch aussehend", "Hautfarbe"), looking "suspicious" or
 * "foreign", and clothing or body features of a person together with a warning ("watch out
 * for a tall guy in a black hoodie", "Typ mit Glatze …, passt auf"). The report form asks
 * for behaviour instead; neighbourhood apps that asked for looks became profiling boards.
 * A black car or a white van is no one's appearance.
 */

const PERSON_EN =
  'guy|guys|man|men|woman|women|teen|teens|teenager|teenagers|kid|kids|boy|boys|girl|girls|male|males|female|females|youth|youths|lady|ladies|dude|dudes|people|person|persons|gang|couple|family|families|individual|individuals|bloke|blokes|fella|fellas|lad|lads|chap|group|squatters?|immigrants?';
const ETHNIC_EN =
  'black|white|brown|asian|hispanic|latino|latina|latinos|arab|arabic|middle[- ]eastern|indian|native|aboriginal|indigenous|african|mexican|chinese|gypsy|gypsies|roma|romani|mixed[- ]race|foreign|foreign[- ]looking|ethnic|oriental|muslim|jewish|eastern[- ]european|east[- ]european|somali|filipino|persian|pakistani|south[- ]asian|east[- ]asian|caucasian|slavic';
const ENGLISH = [
  new RegExp(
    `(?<![\\p{L}])(?:${ETHNIC_EN})(?:\\s+looking|-looking)?\\s+(?:[\\p{L}-]+\\s+)?(?:${PERSON_EN})(?![\\p{L}])`,
    'giu',
  ),
  /(?<![\p{L}])(?:dark|light|brown|black|white|olive|fair|pale|tanned)[- ]skinned|(?<![\p{L}])(?:skin\s+colou?r|complexion|ethnicity|ethnic\s+background|(?:his|her|their)\s+race)(?![\p{L}])/giu,
  new RegExp(
    `(?<![\\p{L}])(?:looked|looking|looks|appeared|seemed|seems)\\s+(?:very\\s+|really\\s+|kind\\s+of\\s+|a\\s+bit\\s+)?` +
      `(?:suspicious|sketchy|shady|dodgy|out\\s+of\\s+place|thuggish|like\\s+an?\\s+(?:immigrant|refugee|gypsy|foreigner|illegal|junkie|thug|gangster|terrorist|criminal)|${ETHNIC_EN})(?![\\p{L}])`,
    'giu',
  ),
];

const PERSON_DE =
  'Mann|Männer|Frau|Frauen|Typ|Typen|Kerl|Kerle|Jugendliche|Jugendlichen|Jugendlicher|Person|Personen|Leute|Gruppe|Junge|Jungen|Mädchen|Männern|Täter|Familie|Gestalten|Gestalt';
const ETHNIC_DE_STEM =
  'südländisch|ausländisch|arabisch|türkisch|osteuropäisch|nordafrikanisch|afrikanisch|schwarzafrikanisch|asiatisch|orientalisch|rumänisch|bulgarisch|albanisch|kurdisch|syrisch|afghanisch|dunkelhäutig|hellhäutig|farbig|fremdländisch|muslimisch|russisch|polnisch|migrantisch|nicht\\s+deutsch|undeutsch';
const ADJECTIVE_ENDING = '(?:e|er|en|es|em)?';
const GERMAN = [
  new RegExp(
    `(?<![\\p{L}])(?:${ETHNIC_DE_STEM})${ADJECTIVE_ENDING}\\s+(?:aussehend|wirkend)${ADJECTIVE_ENDING}(?![\\p{L}])` +
      `|(?<![\\p{L}])(?:${ETHNIC_DE_STEM})${ADJECTIVE_ENDING}\\s+(?:\\p{Ll}+\\s+)?(?:${PERSON_DE})(?![\\p{L}])` +
      `|(?<![\\p{L}])(?:sah|sahen|sieht|sehen|wirkte|wirkten|wirkt)\\s+(?:\\p{L}+\\s+){0,2}?(?:${ETHNIC_DE_STEM}|verdächtig|zwielichtig|asozial|fremd)${ADJECTIVE_ENDING}(?:\\s+aus)?(?![\\p{L}])`,
    'giu',
  ),
  /(?<![\p{L}])(?:Hautfarbe|Hauttyp|Migrationshintergrund|Südländer|Südländerin|Ausländer|Ausländerin|Ausländern|Araber|Nordafrikaner|Nafris?|Zigeuner|Asylanten?|Osteuropäer)(?![\p{L}])/gu,
];

const FEATURES =
  'hoodie|hoody|hooded|hood|tattoo|tattoos|tattooed|shaved\\s+head|buzz\\s*cut|bald|dreadlocks|dreads|braids|cornrows|afro|beard|bearded|headscarf|hijab|niqab|burqa|burka|turban|balaclava|piercings?|Kapuze|Kapuzenpulli|Kapuzenpullover|Hoodie|Tattoos?|tätowiert|Glatze|Vollbart|Bart|Kopftuch|Burka|Niqab|Turban|Dreadlocks|Rastalocken|Sturmhaube|Piercings?|Jogginghose|Bomberjacke';
const WARNING =
  /(?<![\p{L}])(?:watch\s+out|look\s+out|keep\s+an\s+eye|eyes\s+open|be\s+careful|beware|suspicious|sketchy|creepy|dodgy|shady|if\s+you\s+see|casing|on\s+the\s+lookout|verdächtig|passt\s+auf|aufpassen|Vorsicht|Augen\s+offen|achtet\s+auf|Ausschau|wenn\s+ihr\s+(?:ihn|sie)\s+seht|auffällig|zwielichtig)(?![\p{L}])/iu;
const FEATURE_NEAR_PERSON = new RegExp(
  `(?<![\\p{L}])(?:${PERSON_EN}|${PERSON_DE})(?![\\p{L}])[^.!?\\n]{0,60}?(?<![\\p{L}])(?:${FEATURES})(?![\\p{L}])`,
  'giu',
);

export function findAppearance(text: string): TextSpan[] {
  const spans = [...ENGLISH, ...GERMAN].flatMap((pattern) => spansOf(text, pattern));
  if (WARNING.test(text)) spans.push(...spansOf(text, FEATURE_NEAR_PERSON));
  return spans;
}
