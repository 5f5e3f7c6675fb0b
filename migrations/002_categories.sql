-- 002_categories: the harmonised category list and per-source aliases.
--
-- shared/categories.ts (CATEGORIES) is the source of truth for the categories rows below;
-- tests/integration/categories.test.ts fails if the two drift apart.

CREATE TABLE categories (
  slug text PRIMARY KEY,
  label text NOT NULL,
  public_policy text NOT NULL CHECK (public_policy IN ('point', 'coarse', 'aggregate', 'hidden'))
);

INSERT INTO categories (slug, label, public_policy) VALUES
  ('anti-social-behaviour',        'Anti-social behaviour',        'point'),
  ('arson',                        'Arson',                        'point'),
  ('bicycle-theft',                'Bicycle theft',                'point'),
  ('burglary',                     'Burglary',                     'coarse'),
  ('criminal-damage',              'Criminal damage',              'point'),
  ('domestic-abuse',               'Domestic abuse',               'hidden'),
  ('drugs',                        'Drugs',                        'point'),
  ('fraud',                        'Fraud',                        'coarse'),
  ('homicide',                     'Homicide',                     'coarse'),
  ('human-trafficking',            'Human trafficking',            'aggregate'),
  ('kidnapping',                   'Kidnapping',                   'aggregate'),
  ('non-criminal',                 'Non-criminal incident',        'point'),
  ('offences-against-children',    'Offences against children',    'aggregate'),
  ('other',                        'Other crime',                  'point'),
  ('prostitution',                 'Prostitution',                 'coarse'),
  ('public-order',                 'Public order',                 'point'),
  ('robbery',                      'Robbery',                      'point'),
  ('sexual-offences',              'Sexual offences',              'hidden'),
  ('shoplifting',                  'Shoplifting',                  'point'),
  ('stalking-harassment',          'Stalking and harassment',      'aggregate'),
  ('suspicious-activity',          'Suspicious activity',          'point'),
  ('theft',                        'Theft',                        'point'),
  ('traffic',                      'Traffic incident',             'point'),
  ('trespass',                     'Trespass',                     'point'),
  ('vehicle-crime',                'Vehicle crime',                'point'),
  ('violence',                     'Violence against the person',  'coarse'),
  ('violence-and-sexual-offences', 'Violence and sexual offences', 'aggregate'),
  ('weapons',                      'Weapons',                      'point');

-- Importers map each source's own category names onto the harmonised list above through
-- this table: look up (source, code) with code exactly as the source spells it (case and
-- punctuation preserved, no normalisation), and take `category`.
CREATE TABLE category_aliases (
  source text NOT NULL,
  code text NOT NULL,
  category text NOT NULL REFERENCES categories (slug),
  PRIMARY KEY (source, code)
);

-- data.police.uk: API category slugs (current and historical), then the "Crime type"
-- names used in the monthly street CSVs.
-- Note: the API's `violent-crime` slug is what data.police.uk still returns for
-- "Violence and sexual offences" (GET /api/crime-categories:
-- {"url": "violent-crime", "name": "Violence and sexual offences"}), and the older
-- "Violent crime" category also included sexual offences. Both may hold sexual offences,
-- so both map to the aggregate-only violence-and-sexual-offences, never to a point category.
INSERT INTO category_aliases (source, code, category) VALUES
  ('police.uk', 'anti-social-behaviour',        'anti-social-behaviour'),
  ('police.uk', 'bicycle-theft',                'bicycle-theft'),
  ('police.uk', 'burglary',                     'burglary'),
  ('police.uk', 'criminal-damage-arson',        'criminal-damage'),
  ('police.uk', 'drugs',                        'drugs'),
  ('police.uk', 'other-crime',                  'other'),
  ('police.uk', 'other-theft',                  'theft'),
  ('police.uk', 'possession-of-weapons',        'weapons'),
  ('police.uk', 'public-disorder-weapons',      'public-order'),
  ('police.uk', 'public-order',                 'public-order'),
  ('police.uk', 'robbery',                      'robbery'),
  ('police.uk', 'shoplifting',                  'shoplifting'),
  ('police.uk', 'theft-from-the-person',        'theft'),
  ('police.uk', 'vehicle-crime',                'vehicle-crime'),
  ('police.uk', 'violence-and-sexual-offences', 'violence-and-sexual-offences'),
  ('police.uk', 'violent-crime',                'violence-and-sexual-offences');

INSERT INTO category_aliases (source, code, category) VALUES
  ('police.uk', 'Anti-social behaviour',        'anti-social-behaviour'),
  ('police.uk', 'Bicycle theft',                'bicycle-theft'),
  ('police.uk', 'Burglary',                     'burglary'),
  ('police.uk', 'Criminal damage and arson',    'criminal-damage'),
  ('police.uk', 'Drugs',                        'drugs'),
  ('police.uk', 'Other crime',                  'other'),
  ('police.uk', 'Other theft',                  'theft'),
  ('police.uk', 'Possession of weapons',        'weapons'),
  ('police.uk', 'Public disorder and weapons',  'public-order'),
  ('police.uk', 'Public order',                 'public-order'),
  ('police.uk', 'Robbery',                      'robbery'),
  ('police.uk', 'Shoplifting',                  'shoplifting'),
  ('police.uk', 'Theft from the person',        'theft'),
  ('police.uk', 'Vehicle crime',                'vehicle-crime'),
  ('police.uk', 'Violence and sexual offences', 'violence-and-sexual-offences'),
  ('police.uk', 'Violent crime',                'violence-and-sexual-offences');

-- Chicago Data Portal "Primary Type", current and historical values.
INSERT INTO category_aliases (source, code, category) VALUES
  ('chicago', 'ARSON',                             'arson'),
  ('chicago', 'ASSAULT',                           'violence'),
  ('chicago', 'BATTERY',                           'violence'),
  ('chicago', 'BURGLARY',                          'burglary'),
  ('chicago', 'CONCEALED CARRY LICENSE VIOLATION', 'weapons'),
  ('chicago', 'CRIM SEXUAL ASSAULT',               'sexual-offences'),
  ('chicago', 'CRIMINAL DAMAGE',                   'criminal-damage'),
  ('chicago', 'CRIMINAL SEXUAL ASSAULT',           'sexual-offences'),
  ('chicago', 'CRIMINAL TRESPASS',                 'trespass'),
  ('chicago', 'DECEPTIVE PRACTICE',                'fraud'),
  ('chicago', 'DOMESTIC VIOLENCE',                 'domestic-abuse'),
  ('chicago', 'GAMBLING',                          'other'),
  ('chicago', 'HOMICIDE',                          'homicide'),
  ('chicago', 'HUMAN TRAFFICKING',                 'human-trafficking'),
  ('chicago', 'INTERFERENCE WITH PUBLIC OFFICER',  'public-order'),
  ('chicago', 'INTIMIDATION',                      'stalking-harassment'),
  ('chicago', 'KIDNAPPING',                        'kidnapping'),
  ('chicago', 'LIQUOR LAW VIOLATION',              'public-order'),
  ('chicago', 'MOTOR VEHICLE THEFT',               'vehicle-crime'),
  ('chicago', 'NARCOTICS',                         'drugs'),
  ('chicago', 'NON - CRIMINAL',                    'non-criminal'),
  ('chicago', 'NON-CRIMINAL',                      'non-criminal'),
  ('chicago', 'NON-CRIMINAL (SUBJECT SPECIFIED)',  'non-criminal'),
  ('chicago', 'OBSCENITY',                         'sexual-offences'),
  ('chicago', 'OFFENSE INVOLVING CHILDREN',        'offences-against-children'),
  ('chicago', 'OTHER NARCOTIC VIOLATION',          'drugs'),
  ('chicago', 'OTHER OFFENSE',                     'other'),
  ('chicago', 'PROSTITUTION',                      'prostitution'),
  ('chicago', 'PUBLIC INDECENCY',                  'sexual-offences'),
  ('chicago', 'PUBLIC PEACE VIOLATION',            'public-order'),
  ('chicago', 'RITUALISM',                         'other'),
  ('chicago', 'ROBBERY',                           'robbery'),
  ('chicago', 'SEX OFFENSE',                       'sexual-offences'),
  ('chicago', 'STALKING',                          'stalking-harassment'),
  ('chicago', 'THEFT',                             'theft'),
  ('chicago', 'WEAPONS VIOLATION',                 'weapons');

-- Vancouver Police Department open data, TYPE column (thefts extract).
INSERT INTO category_aliases (source, code, category) VALUES
  ('vancouver', 'Other Theft',        'theft'),
  ('vancouver', 'Theft from Vehicle', 'vehicle-crime'),
  ('vancouver', 'Theft of Bicycle',   'bicycle-theft'),
  ('vancouver', 'Theft of Vehicle',   'vehicle-crime');

-- San Francisco robbery extract, offense_type column.
INSERT INTO category_aliases (source, code, category) VALUES
  ('san-francisco', 'personal robbery', 'robbery');

-- Tidy Chicago aggravated-assault extract: its loc_cat column is a location category,
-- not a crime type, so it is not mapped; every row is an aggravated assault.
INSERT INTO category_aliases (source, code, category) VALUES
  ('chicago-tidy', 'AGGRAVATED ASSAULT', 'violence');
