// The daily roll-up the console's overview and monthly report read instead of counting a month's records
// on every request. Per Japan's day (Asia/Tokyo), organisation, department, service, event, class and
// warning kind: how many records (kind NULL) and how many warnings of each kind (one row per entry of the
// record's `warnings`). records_daily holds the counts; meetings_daily the same per meeting id, so that
// "how many distinct meetings" stays an exact count(DISTINCT) over the period. Both are kept in the
// transaction that stores the records (insertRecords), and filled from the stored records by a migration.
// NULLS NOT DISTINCT (PostgreSQL 15+, PGlite) keeps a missing department apart from an empty one, as in records.

import type { Queryable, Store } from './console/types.ts';

const COLUMNS = `(r.at AT TIME ZONE 'Asia/Tokyo')::date AS day, r.record->>'organization' AS organization,
  r.record->>'department' AS department, r.service, r.event,
  CASE WHEN r.record->>'classification' IN ('1', '2', '3') THEN (r.record->>'classification')::smallint END AS class`;

/** Each record once (kind NULL), then once per warning it carries (as the console's WARNING_KINDS reads them). */
const KINDS = `CROSS JOIN LATERAL (
  SELECT NULL::text AS kind
  UNION ALL
  SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.record->'warnings') = 'array'
    THEN r.record->'warnings' ELSE '[]'::jsonb END)) w`;

const KEYS: Record<'records_daily' | 'meetings_daily', string> = {
  records_daily: 'day, organization, department, service, event, class, kind',
  meetings_daily: 'day, organization, department, service, meeting_id, event, class, kind',
};

/** The roll-up rows of the records that `where` selects, multiplied by `sign` (+1 added, -1 taken away). */
function rollUpSql(table: keyof typeof KEYS, where: string, sign: 1 | -1): string {
  const meeting = table === 'meetings_daily';
  return `INSERT INTO ${table} AS d (${KEYS[table]}, n)
    SELECT ${KEYS[table]}, ${sign} * count(*) FROM (
      SELECT ${COLUMNS}, ${meeting ? 'r.meeting_id, ' : ''}w.kind FROM records r ${KINDS}
      WHERE ${where}${meeting ? ' AND r.meeting_id IS NOT NULL' : ''}) x
    GROUP BY ${KEYS[table]} ORDER BY ${KEYS[table]}
    ON CONFLICT (${KEYS[table]}) DO UPDATE SET n = d.n + excluded.n`;
}

const TABLES = Object.keys(KEYS) as (keyof typeof KEYS)[];

export const ROLLUP_MIGRATIONS = [
  `CREATE TABLE records_daily (
     day date NOT NULL, organization text, department text, service text, event text NOT NULL,
     class smallint, kind text, n bigint NOT NULL,
     UNIQUE NULLS NOT DISTINCT (${KEYS.records_daily}))`,
  `CREATE TABLE meetings_daily (
     day date NOT NULL, organization text, department text, service text, meeting_id text NOT NULL,
     event text NOT NULL, class smallint, kind text, n bigint NOT NULL,
     UNIQUE NULLS NOT DISTINCT (${KEYS.meetings_daily}))`,
  rollUpSql('records_daily', 'true', 1),
  rollUpSql('meetings_daily', 'true', 1),
];

/**
 * Adds the records with these ids to the roll-up (sign 1), or takes them away (sign -1: before a stored
 * record is replaced). Run inside the transaction that stores them.
 */
export async function rollUp(tx: Queryable, ids: string[], sign: 1 | -1 = 1): Promise<void> {
  if (ids.length === 0) return;
  for (const table of TABLES) {
    // A row taken down to 0 stays (the readers skip n = 0): deleting it here would scan the table.
    await tx.query(rollUpSql(table, 'r.id = ANY($1::uuid[])', sign === -1 ? -1 : 1), [ids]);
  }
}

/** Fills the roll-up again from the stored records (records written by other means than insertRecords: the bench). */
export async function rebuildRollUp(store: Pick<Store, 'transaction'>): Promise<void> {
  await store.transaction(async (tx) => {
    for (const table of TABLES) {
      await tx.query(`DELETE FROM ${table}`);
      await tx.query(rollUpSql(table, 'true', 1));
    }
  });
}
