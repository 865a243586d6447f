// What the console adds to the collector's database: columns the reports group and filter by (read
// from each record's JSON by PostgreSQL itself, so nothing in the insert path changes), indexes for the
// console's queries, and the sign-in sessions (in the database, so several collector processes share
// them). Every step is idempotent and runs at start-up after the collector's own migrations.
import type { Store } from './types.ts';

export const CONSOLE_SCHEMA = [
  `ALTER TABLE records ADD COLUMN IF NOT EXISTS organization text
     GENERATED ALWAYS AS (record->>'organization') STORED`,
  `ALTER TABLE records ADD COLUMN IF NOT EXISTS department text
     GENERATED ALWAYS AS (record->>'department') STORED`,
  `ALTER TABLE records ADD COLUMN IF NOT EXISTS class smallint
     GENERATED ALWAYS AS (CASE WHEN record->>'classification' IN ('1', '2', '3')
       THEN (record->>'classification')::smallint END) STORED`,
  'CREATE INDEX IF NOT EXISTS records_event_at ON records (event, at)',
  'CREATE INDEX IF NOT EXISTS records_org_at ON records (organization, at)',
  'CREATE INDEX IF NOT EXISTS records_department_at ON records (department, at)',
  'CREATE INDEX IF NOT EXISTS records_service_at ON records (service, at)',
  // The fleet page: the installations (a skip scan; records_installation serves the unlimited case),
  // each one's latest policy report, and the approval recorded for an outside meeting.
  'CREATE INDEX IF NOT EXISTS records_org_installation ON records (organization, installation)',
  `CREATE INDEX IF NOT EXISTS records_policy ON records (installation, at DESC) WHERE event = 'policy'`,
  `CREATE INDEX IF NOT EXISTS records_approval ON records (service, meeting_id, at) WHERE event = 'approval'`,
  `CREATE TABLE IF NOT EXISTS console_sessions (
     id_hash text PRIMARY KEY,
     role text NOT NULL,
     organization text,
     csrf text NOT NULL,
     expires_at timestamptz NOT NULL
   )`,
];

/** Brings the console's schema up to date; on PostgreSQL one collector at a time (an advisory lock). */
export async function ensureConsoleSchema(store: Store): Promise<void> {
  if (store.kind === 'postgres') {
    await store.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(4711021)');
      for (const sql of CONSOLE_SCHEMA) await tx.query(sql);
    });
  } else {
    for (const sql of CONSOLE_SCHEMA) await store.query(sql);
  }
}
