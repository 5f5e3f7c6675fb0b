import { CATEGORIES, type PublicPolicy } from '../../shared/categories.js';
import { GRID_METRES } from '../privacy/geomask.js';

const LEFT_OUT: readonly PublicPolicy[] = ['aggregate', 'hidden'];

/** How the public locations of an export were generalised: travels with every export. */
export const GENERALISATION = {
  method: 'grid-snap',
  description:
    `Each location is snapped to the centre of a fixed global grid cell of ${GRID_METRES.point} m, ` +
    `or ${GRID_METRES.coarse} m for categories whose place is often a victim's home; ` +
    'summaries have contact details, typed coordinates, house and flat numbers, postcodes and ' +
    'IP addresses redacted; ' +
    'incidents of aggregate-only and hidden categories are left out.',
  gridMetres: { point: GRID_METRES.point, coarse: GRID_METRES.coarse },
  coarseCategories: CATEGORIES.filter((c) => c.policy === 'coarse').map((c) => c.slug),
  omittedCategories: CATEGORIES.filter((c) => LEFT_OUT.includes(c.policy)).map((c) => c.slug),
} as const;

/** The same rule in one header-safe line (ASCII, no line breaks). */
export const GENERALISATION_HEADER =
  `grid-snap; point=${GRID_METRES.point}m; coarse=${GRID_METRES.coarse}m; ` +
  `omitted=${LEFT_OUT.join(',')}`;
