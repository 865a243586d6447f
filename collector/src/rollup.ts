// The daily roll-up the console's overview and monthly report read instead of counting a month's records
// on every request. Per Japan's day (Asia/Tokyo), organisation, department, service, event, class and
// warning kind: how many records (kind NULL) and how many warnings of each kind (one row per entry of the
// record's `warnings`). records_daily holds the counts; meetings_daily the same per meeting id, so that
// "how many distinct meetings" stays an exact count(DISTINCT) over the period; installations_daily which
// installations reported on a day, with which version (versions in use, installations seen lately), so that
// those figures do not read a month of records scattered over the table. All are kept in the
// transaction that stores the records (insertRecords), and filled from the stored records by a migration.
// NULLS NOT DISTINCT (PostgreSQL 15+, PGlite) keeps a missing department apart from an empty one, as in records.

import type { Queryable, Store } from './console/types.ts';

const DAY = `(r.at AT TIME ZONE 'Asia/Tokyo')::date`;
const COLUMNS = `${DAY} AS day, r.record->>'organization' AS organization,
  r.record->>'department' AS department, r.service, r.event,
  CASE WHEN r.record->>'classification' IN ('1', '2', '3') THEN (r.record->>'classification')::smallint END AS class`;

/** Each record once (kind NULL), then once per warning it carries (as the console's WARNING_KINDS reads them). */
const KINDS = `CROSS JOIN LATERAL (
  SELECT NULL::text AS kind
  UNION ALL
  SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.record->'warnings') = 'array'
    THEN r.record->'warnings' ELSE '[]'::jsonb END)) w`;

/** Each roll-up table: its key columns, and the same columns read from a stored record `r`. */
const TABLES = {
  records_daily: {
    key: 'day, organization, department, service, event, class, kind',
    rows: `SELECT ${COLUMNS}, w.kind FROM records r ${KINDS}`,
  },
  meetings_daily: {
    key: 'day, organization, department, service, meeting_id, event, class, kind',
    rows: `SELECT ${COLUMNS}, r.meeting_id, w.kind FROM records r ${KINDS}`,
    when: 'r.meeting_id IS NOT NULL',
  },
  installations_daily: {
    key: 'day, organization, department, version, installation',
    rows: `SELECT ${DAY} AS day, r.record->>'organization' AS organization, r.record->>'department' AS department,
      r.version, r.installation FROM records r`,
  },
} satisfies Record<string, { key: string; rows: string; when?: string }>;

type Table = keyof typeof TABLES;

/** The roll-up rows of the records that `where` selects, multiplied by `sign` (+1 added, -1 taken away). */
function rollUpSql(table: Table, where: string, sign: 1 | -1): string {
  const { key, rows } = TABLES[table];
  const when = 'when' in TABLES[table] ? ` AND ${TABLES[table].when}` : '';
  return `INSERT INTO ${table} AS d (${key}, n)
    SELECT ${key}, ${sign} * count(*) FROM (${rows} WHERE ${where}${when}) x
    GROUP BY ${key} ORDER BY ${key}
    ON CONFLICT (${key}) DO UPDATE SET n = d.n + excluded.n`;
}

const TABLE_NAMES = Object.keys(TABLES) as Table[];

export const ROLLUP_MIGRATIONS = [
  `CREATE TABLE records_daily (
     day date NOT NULL, organization text, department text, service text, event text NOT NULL,
     class smallint, kind text, n bigint NOT NULL,
     UNIQUE NULLS NOT DISTINCT (${TABLES.records_daily.key}))`,
  `CREATE TABLE meetings_daily (
     day date NOT NULL, organization text, department text, service text, meeting_id text NOT NULL,
     event text NOT NULL, class smallint, kind text, n bigint NOT NULL,
     UNIQUE NULLS NOT DISTINCT (${TABLES.meetings_daily.key}))`,
  rollUpSql('records_daily', 'true', 1),
  rollUpSql('meetings_daily', 'true', 1),
  `CREATE TABLE installations_daily (
     day date NOT NULL, organization text, department text, version text NOT NULL, installation text NOT NULL,
     n bigint NOT NULL,
     UNIQUE NULLS NOT DISTINCT (${TABLES.installations_daily.key}))`,
  rollUpSql('installations_daily', 'true', 1),
];

/**
 * Adds the records with these ids to the roll-up (sign 1), or takes them away (sign -1: before a stored
 * record is replaced). Run inside the transaction that stores them.
 */
export async function rollUp(tx: Queryable, ids: string[], sign: 1 | -1 = 1): Promise<void> {
  if (ids.length === 0) return;
  for (const table of TABLE_NAMES) {
    // A row taken down to 0 stays (the readers skip n = 0): deleting it here would scan the table.
    await tx.query(rollUpSql(table, 'r.id = ANY($1::uuid[])', sign === -1 ? -1 : 1), [ids]);
  }
}

/** Fills the roll-up again from the stored records (records written by other means than insertRecords: the bench). */
export async function rebuildRollUp(store: Pick<Store, 'transaction'>): Promise<void> {
  await store.transaction(async (tx) => {
    for (const table of TABLE_NAMES) {
      await tx.query(`DELETE FROM ${table}`);
      await tx.query(rollUpSql(table, 'true', 1));
    }
  });
}
