import { PUBLIC_POLICIES, type PublicPolicy } from '../../shared/categories.js';

/**
 * An incident's visibility only ever becomes coarser: the coarser of its category's policy and
 * the visibility it already has. A correction to a less sensitive category does not publish
 * again what a more sensitive one withdrew, so the public record, taken whole, reveals no more
 * than the cell of the coarsest policy the incident ever had (earlier, finer public parts are
 * withheld when it coarsens).
 */
export function nextVisibility(current: PublicPolicy, categoryPolicy: PublicPolicy): PublicPolicy {
  return coarseness(categoryPolicy) > coarseness(current) ? categoryPolicy : current;
}

export function isCoarser(next: PublicPolicy, current: PublicPolicy): boolean {
  return coarseness(next) > coarseness(current);
}

/** PUBLIC_POLICIES lists the policies from the finest to the coarsest. */
function coarseness(policy: PublicPolicy): number {
  return PUBLIC_POLICIES.indexOf(policy);
}
