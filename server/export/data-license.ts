/**
 * The licence of the data Openbeat publishes (its exports), in one place. The code is
 * AGPL-3.0 (package.json); the data is licensed apart from it, so reusers may cite and remix it.
 */
export const DATA_LICENSE = {
  /** SPDX identifier. */
  id: 'CC-BY-4.0',
  name: 'Creative Commons Attribution 4.0 International',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  attribution: 'Openbeat contributors',
} as const;
