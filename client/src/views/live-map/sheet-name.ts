/** The parts of the page a phone opens as a sheet under the map, from the map's tools. */
export type SheetName = 'filters' | 'list' | 'create';
