import type { PublicObservationFeature } from '../../shared/schemas/observation.js';
import { NotFoundError } from '../errors.js';
import type { Queryable } from '../record/record-session.js';
import { groupFeature, type GroupMember } from './observation-group.js';
import type { ObservationRow } from './observation-row.js';
import {
  LOCK_KEY,
  SELECT_FOR_UPDATE,
  SELECT_GROUP_MEMBERS,
  SELECT_LAST_EVENT_OF_GROUP,
  SELECT_MEMBERS_OF_GROUPS,
} from './observations.queries.js';

type MemberRow = ObservationRow & { reporter_key: string };

function toMember({ reporter_key, ...row }: MemberRow): GroupMember {
  return { row, reporter: reporter_key };
}

/**
 * Holds a transaction-scoped lock on a name, so that writers deciding about the same group,
 * cell or reporter take turns (the decision reads rows the other may be writing).
 */
export async function lockName(db: Queryable, name: string): Promise<void> {
  await db.query(LOCK_KEY, [name]);
}

export const groupLock = (groupId: string) => `observation-group:${groupId}`;

export async function groupMembers(db: Queryable, groupId: string): Promise<GroupMember[]> {
  return (await db.query<MemberRow>(SELECT_GROUP_MEMBERS, [groupId])).rows.map(toMember);
}

/** The public items of several groups, in the order of the ids given (those shown only). */
export async function groupFeatures(
  db: Queryable,
  groupIds: readonly string[],
): Promise<PublicObservationFeature[]> {
  if (groupIds.length === 0) return [];
  const rows = (await db.query<MemberRow>(SELECT_MEMBERS_OF_GROUPS, [groupIds])).rows;
  const byGroup = new Map<string, GroupMember[]>();
  for (const row of rows) {
    const members = byGroup.get(row.group_id) ?? [];
    members.push(toMember(row));
    byGroup.set(row.group_id, members);
  }
  return groupIds.flatMap((id) => {
    const feature = groupFeature(id, byGroup.get(id) ?? []);
    return feature ? [feature] : [];
  });
}

export async function lastEventOfGroup(db: Queryable, groupId: string): Promise<number> {
  return (await db.query<{ id: number }>(SELECT_LAST_EVENT_OF_GROUP, [groupId])).rows[0]?.id ?? 0;
}

/** The report, locked for this transaction, with its group locked too. */
export async function lockObservation(db: Queryable, id: string): Promise<ObservationRow> {
  const found = (await db.query<ObservationRow>(SELECT_FOR_UPDATE, [id])).rows[0];
  if (!found) throw new NotFoundError(`observation ${id}`);
  await lockName(db, groupLock(found.group_id));
  // Read again under the group lock: a writer that held it may have changed the row meanwhile.
  const row = (await db.query<ObservationRow>(SELECT_FOR_UPDATE, [id])).rows[0];
  if (!row) throw new NotFoundError(`observation ${id}`);
  return row;
}

/** The group's members with one of them replaced by its new row. */
export function withMember(members: readonly GroupMember[], row: ObservationRow): GroupMember[] {
  const found = members.some((member) => member.row.id === row.id);
  if (!found) throw new Error(`observation ${row.id} is not in its group`);
  return members.map((member) => (member.row.id === row.id ? { ...member, row } : member));
}
