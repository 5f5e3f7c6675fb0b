import { spansOf, type TextSpan } from '../spans.js';

/**
 * Bounties, manhunts and vigilantism: "let's find him", "share until he's caught",
 * "reward", "teach him a lesson", "Belohnung", "teilen bis …", "schnappen wir ihn",
 * "Bürgerwehr". The sanctioned path is an appeal for information from the police, with
 * tips that go to dispatch alone (issue 12, part 7).
 */

const TARGET_EN =
  '(?:him|her|them|this\\s+guy|that\\s+guy|these\\s+guys|those\\s+guys|this\\s+(?:thief|creep|scumbag|idiot|person)|these\\s+(?:thieves|people|punks|idiots|kids)|the\\s+(?:guy|thief|thieves|culprits?|person|kids?)|whoever\\s+did\\s+(?:it|this))';
const ENGLISH = [
  new RegExp(
    `(?<![\\p{L}])(?:let['’]?s|let\\s+us)\\s+(?:all\\s+)?(?:go\\s+)?(?:find|catch|get|hunt|track\\s+down|teach|show|patrol|go\\s+after|deal\\s+with|grab|sort\\s+out|confront|chase|expose|name\\s+and\\s+shame|take\\s+care\\s+of|make\\s+(?:him|them|her)\\s+pay)(?![\\p{L}])`,
    'giu',
  ),
  /(?<![\p{L}])(?:share|repost|retweet|spread)\s+(?:this|it|the\s+post|the\s+word|widely)?\s*(?:until|till|til|so\s+(?:that\s+)?(?:we|everyone|someone)|everywhere|far\s+and\s+wide)(?![\p{L}])|(?<![\p{L}])spread\s+the\s+word(?![\p{L}])|(?<![\p{L}])share\s+this\s+with\s+everyone(?![\p{L}])/giu,
  /(?<![\p{L}])(?:reward|bounty|bounties|cash\s+for\s+(?:info|information|his\s+name)|pay\s+(?:anyone|whoever)|\$\s?\d+[\d,]*\s+(?:to|for)\s+(?:whoever|anyone|anybody|the\s+first))(?![\p{L}])/giu,
  new RegExp(
    `(?<![\\p{L}])(?:we|you|y['’]?all|everyone|people|neighbou?rs)\\s+(?:need|have|got|must|should|gotta|ought)\\s+(?:to\\s+)?(?:go\\s+(?:out\\s+)?(?:tonight\\s+)?(?:and\\s+)?)?(?:find|catch|get|stop|hunt|track\\s+down|grab|confront|deal\\s+with)\\s+${TARGET_EN}`,
    'giu',
  ),
  new RegExp(
    `(?<![\\p{L}])(?:teach|taught)\\s+(?:him|her|them|these\\s+\\p{L}+|the\\s+\\p{L}+)\\s+a\\s+lesson|(?<!(?:police|cops|officers|didn['’]t|did\\s+not|never|couldn['’]t|could\\s+not|can['’]t|won['’]t)\\s+(?:to\\s+)?)(?<![\\p{L}])(?:grab|catch|tackle|beat|hold|jump|corner|chase\\s+down|rough\\s+up|take\\s+down)\\s+${TARGET_EN}(?![\\p{L}])`,
    'giu',
  ),
  /(?<![\p{L}])(?:ourselves|our\s+own\s+hands|into\s+(?:our|your|their)\s+own\s+hands|vigilante|vigilantes|citizen['’]?s?\s+arrest|with\s+(?:bats|baseball\s+bats|sticks|weapons)|never\s+comes?\s+back|show\s+(?:him|them|her)\s+(?:who|what)|make\s+(?:him|them|her)\s+pay|name\s+and\s+shame|dox|doxx|find\s+out\s+where\s+(?:he|she|they)\s+lives?|where\s+(?:he|she|they)\s+lives?)(?![\p{L}])/giu,
  // Posting someone's picture or face is how a pile-on starts.
  /(?<![\p{L}])(?:post|share|spread|circulate|put\s+up)\s+(?:his|her|their)\s+(?:picture|pic|photo|photos|face|mugshot|image)(?![\p{L}])/giu,
  /(?<![\p{L}])(?:patrol|hunt(?:ing)?\s+(?:for\s+)?(?:him|them|her))(?:\s+(?:tonight|the\s+streets?|the\s+neighbou?rhood))(?![\p{L}])/giu,
];

const GERMAN = [
  /(?<![\p{L}])(?:sein|ihr)\s+(?:Foto|Bild|Gesicht)\s+(?:posten|teilen|verbreiten|überall)(?![\p{L}])/giu,
  /(?<![\p{L}])(?:Belohnung|Kopfgeld|Finderlohn\s+für\s+(?:den|die)\s+Täter)(?![\p{L}])/gu,
  /(?<![\p{L}])(?:teilen|teilt|verbreiten|verbreitet)\s+(?:das|es|den\s+Post|dies)?\s*(?:bis|so\s+lange|überall|mit\s+allen|damit)(?![\p{L}])|(?<![\p{L}])(?:bitte\s+)?(?:alle\s+)?(?:teilen|teilt)\s*[,!]/giu,
  /(?<![\p{L}])(?:(?:schnappen|krallen|jagen|kriegen)\s+wir|schnappt\s+euch|krallt\s+euch|jagt|schnappt)\s+(?:uns\s+)?(?:ihn|sie|den|die|diese|diesen)(?![\p{L}])/giu,
  /(?<![\p{L}])(?:Bürgerwehr|Bürgerwache|Selbstjustiz|Nachbarschaftsstreife|Denkzettel|Lektion\s+erteilen|eine\s+Lektion|in\s+die\s+eigene(?:n)?\s+Hand|in\s+die\s+eigenen\s+Hände|selbst\s+für\s+Ordnung|selber\s+für\s+Ordnung|Streife\s+gehen|auf\s+die\s+Jagd)(?![\p{L}])/giu,
  /(?<![\p{L}])(?:den|die|ihn|sie|diesen|diese)\s+(?:müssen|sollten|werden|wollen|kriegen|schnappen|finden)\s+wir(?:\s+\p{L}+){0,3}?\s+(?:finden|kriegen|schnappen|erwischen|fassen|stellen|fertigmachen)(?![\p{L}])/giu,
  /(?<![\p{L}])wir\s+(?:den|die|ihn|sie|diesen|diese)(?:\s+\p{L}+){0,2}?\s+(?:kriegen|schnappen|erwischen|fassen|finden|stellen|fertigmachen)(?![\p{L}])/giu,
  /(?<![\p{L}])(?:festhalten|festnehmen|haltet\s+(?:ihn|sie)\s+fest|hält\s+(?:ihn|sie)\s+fest|(?:ihn|sie)\s+festhalten|nie\s+wieder\s+auftaucht|nie\s+wieder\s+blicken|wo\s+(?:er|sie)\s+wohnt)(?![\p{L}])/giu,
];

export function findCallsToAction(text: string): TextSpan[] {
  return [...ENGLISH, ...GERMAN].flatMap((pattern) => spansOf(text, pattern));
}
