// Storage for the collector: embedded PGlite (a directory, nothing to install) by default, or a real
// PostgreSQL when DATABASE_URL is set. Both get the same schema through the same numbered migrations,
// so moving from PGlite to PostgreSQL later is a dump of one table.
import { RULES_MIGRATIONS } from './rules.js';

/** Each step runs once, in order, recorded in schema_migrations. Add new steps at the end; never edit one. */
export const MIGRATIONS = [
  `CREATE TABLE records (
     id uuid PRIMARY KEY,
     at timestamptz NOT NULL,
     event text NOT NULL,
     installation text NOT NULL,
     version text NOT NULL,
     service text,
     meeting_id text,
     received_at timestamptz NOT NULL DEFAULT now(),
     record jsonb NOT NULL
   )`,
  'CREATE INDEX records_at ON records (at, id)',
  'CREATE INDEX records_installation ON records (installation, at)',
  ...RULES_MIGRATIONS,
];

/** Any PostgreSQL-speaking client reduced to the two calls the collector needs. */
async function migrate(client) {
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const { rows } = await client.query('SELECT version FROM schema_migrations');
  const done = new Set(rows.map((row) => Number(row.version)));
  for (const [index, sql] of MIGRATIONS.entries()) {
    const version = index + 1;
    if (done.has(version)) continue;
    await client.transaction(async (tx) => {
      await tx.query(sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1) ON CONFLICT DO NOTHING', [version]);
    });
  }
}

async function openPglite(dataDir) {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir);
  await db.waitReady;
  return {
    kind: 'pglite',
    query: (sql, params = []) => db.query(sql, params),
    transaction: (work) => db.transaction((tx) => work({ query: (sql, params = []) => tx.query(sql, params) })),
    close: () => db.close(),
  };
}

async function openPostgres(databaseUrl) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  return {
    kind: 'postgres',
    query: (sql, params = []) => pool.query(sql, params),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (sql, params = []) => client.query(sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Opens the store and brings its schema up to date. Several collectors on one PostgreSQL migrate one
 * at a time (an advisory lock); PGlite has one process by design.
 */
export async function openStore({ databaseUrl, dataDir }) {
  const store = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(dataDir);
  if (store.kind === 'postgres') {
    await store.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(4711009)');
      await migrate({ query: tx.query, transaction: (work) => work(tx) });
    });
  } else {
    await migrate(store);
  }
  return store;
}

/** Stores a batch; each id once (a record sent again after a lost answer changes nothing). Returns how many were new. */
export async function insertRecords(store, envelope) {
  return store.transaction(async (tx) => {
    let inserted = 0;
    for (const record of envelope.records) {
      const result = await tx.query(
        `INSERT INTO records (id, at, event, installation, version, service, meeting_id, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO NOTHING`,
        [
          record.id,
          record.at,
          record.event,
          typeof record.installation === 'string' ? record.installation : envelope.installation,
          typeof record.version === 'string' ? record.version : envelope.version,
          typeof record.service === 'string' ? record.service : null,
          typeof record.meetingId === 'string' ? record.meetingId : null,
          JSON.stringify(record),
        ],
      );
      inserted += result.affectedRows ?? result.rowCount ?? 0;
    }
    return inserted;
  });
}

/** Every record, oldest first, a page at a time (keyset paging: steady on millions of rows). */
export async function* allRecords(store, { since } = {}, pageSize = 2000) {
  let after = null;
  for (;;) {
    const params = [];
    const where = [];
    if (since) {
      params.push(since);
      where.push(`at >= $${params.length}`);
    }
    if (after) {
      params.push(after.at, after.id);
      where.push(`(at, id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(pageSize);
    const { rows } = await store.query(
      `SELECT id, at, record FROM records ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY at, id LIMIT $${params.length}`,
      params,
    );
    for (const row of rows) yield typeof row.record === 'string' ? JSON.parse(row.record) : row.record;
    if (rows.length < pageSize) return;
    const last = rows.at(-1);
    after = { at: last.at, id: last.id };
  }
}
