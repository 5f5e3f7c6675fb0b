/**
 * Place names a US ZIP code follows in an address ("Seattle 98101", "Washington 98101"):
 * the states, and the largest cities with those near the demo's border (Bellingham, Blaine).
 * A five-digit number after any other word stays, as a count or a case number may.
 */

export const US_STATE_NAMES: readonly string[] = [
  'Alabama',
  'Alaska',
  'Arizona',
  'Arkansas',
  'California',
  'Colorado',
  'Connecticut',
  'Delaware',
  'Florida',
  'Georgia',
  'Hawaii',
  'Idaho',
  'Illinois',
  'Indiana',
  'Iowa',
  'Kansas',
  'Kentucky',
  'Louisiana',
  'Maine',
  'Maryland',
  'Massachusetts',
  'Michigan',
  'Minnesota',
  'Mississippi',
  'Missouri',
  'Montana',
  'Nebraska',
  'Nevada',
  'New Hampshire',
  'New Jersey',
  'New Mexico',
  'New York',
  'North Carolina',
  'North Dakota',
  'Ohio',
  'Oklahoma',
  'Oregon',
  'Pennsylvania',
  'Rhode Island',
  'South Carolina',
  'South Dakota',
  'Tennessee',
  'Texas',
  'Utah',
  'Vermont',
  'Virginia',
  'Washington',
  'West Virginia',
  'Wisconsin',
  'Wyoming',
  'Puerto Rico',
];

// The 60 most populous cities (US Census Bureau estimates) and Washington State's own
// (Vancouver, WA has ZIPs; Vancouver, BC has none of five digits).
export const US_CITY_NAMES: readonly string[] = (
  'New York|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|' +
  'San Jose|Austin|Jacksonville|Fort Worth|Columbus|Charlotte|Indianapolis|San Francisco|' +
  'Seattle|Denver|Oklahoma City|Nashville|El Paso|Washington|Boston|Las Vegas|Portland|' +
  'Detroit|Louisville|Memphis|Baltimore|Milwaukee|Albuquerque|Tucson|Fresno|Sacramento|Mesa|' +
  'Kansas City|Atlanta|Omaha|Colorado Springs|Raleigh|Long Beach|Virginia Beach|Miami|' +
  'Oakland|Minneapolis|Tulsa|Bakersfield|Wichita|Arlington|Aurora|Tampa|New Orleans|' +
  'Cleveland|Honolulu|Anaheim|Lexington|Henderson|Orlando|Irvine|Tacoma|Spokane|Bellevue|' +
  'Everett|Kent|Renton|Vancouver|Redmond|Kirkland|Olympia|Yakima|Bellingham|Blaine|' +
  'Ferndale|Lynden|Mount Vernon|Anacortes|Burlington|Marysville|Lynnwood|Edmonds|Shoreline'
).split('|');
