// Storage for the collector: embedded PGlite (a directory, nothing to install) by default, or a real
// PostgreSQL when DATABASE_URL is set. Both get the same schema through the same numbered migrations,
// so moving from PGlite to PostgreSQL later is a dump of its tables.
import type { KeyObject } from 'node:crypto';
import type { Envelope, PublicJwk } from '../../contract/record-contract.ts';
import { GENESIS, importPublicJwk, isSigned, keyFingerprint, recordHash, verifyRecord } from './chain.ts';
import type { Queryable, QueryResult, Store } from './console/types.ts';
import { ROLLUP_MIGRATIONS, rollUp } from './rollup.ts';
import { RULES_MIGRATIONS } from './rules.ts';

/** The store as main.ts holds it: the console's Store, and a way to close it on exit. */
export interface CollectorStore extends Store {
  close(): Promise<void>;
}

/** How many rows a statement changed: PGlite says affectedRows, pg says rowCount. */
export type Changed = QueryResult & { affectedRows?: number; rowCount?: number | null };

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
  // Tamper-evident records (docs/contracts.md): the chain's fields, the hash of the signed bytes, and
  // what the signature showed on arrival (verified, unsigned, bad-signature, key-conflict).
  `ALTER TABLE records ADD COLUMN seq bigint, ADD COLUMN prev text, ADD COLUMN hash text,
     ADD COLUMN signature text NOT NULL DEFAULT 'unsigned'`,
  'CREATE INDEX records_chain ON records (installation, seq)',
  // Each installation's keys: the first one posted is trusted (trust on first use); any later one is kept untrusted, a flag.
  `CREATE TABLE installation_keys (
     installation text NOT NULL,
     public_key text NOT NULL,
     trusted boolean NOT NULL,
     first_seen timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (installation, public_key)
   )`,
  'CREATE UNIQUE INDEX installation_keys_trusted ON installation_keys (installation) WHERE trusted',
  // A second, different copy of a stored id (forged or conflicting) is kept here, apart, never in records.
  `CREATE TABLE record_copies (
     copy bigserial PRIMARY KEY,
     id uuid NOT NULL,
     installation text NOT NULL,
     received_at timestamptz NOT NULL,
     seq bigint,
     prev text,
     hash text NOT NULL,
     signature text NOT NULL,
     record jsonb NOT NULL,
     UNIQUE (id, hash)
   )`,
  ...RULES_MIGRATIONS,
  // The console's daily roll-up (rollup.ts), kept by insertRecords.
  ...ROLLUP_MIGRATIONS,
];

/** Any PostgreSQL-speaking client reduced to the two calls the collector needs. */
async function migrate(client: Pick<Store, 'query' | 'transaction'>): Promise<void> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
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

async function openPglite(dataDir: string): Promise<CollectorStore> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir);
  await db.waitReady;
  return {
    kind: 'pglite',
    query: <Row>(sql: string, params: unknown[] = []) => db.query<Row>(sql, params),
    transaction: (work) =>
      db.transaction((tx) => work({ query: <Row>(sql: string, params: unknown[] = []) => tx.query<Row>(sql, params) })),
    close: () => db.close(),
  };
}

async function openPostgres(databaseUrl: string): Promise<CollectorStore> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  return {
    kind: 'postgres',
    query: <Row>(sql: string, params: unknown[] = []) =>
      pool.query(sql, params) as unknown as Promise<QueryResult<Row>>,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: <Row>(sql: string, params: unknown[] = []) =>
            client.query(sql, params) as unknown as Promise<QueryResult<Row>>,
        });
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
export async function openStore({
  databaseUrl,
  dataDir,
}: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<CollectorStore> {
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

/** The installation's trusted key (a KeyObject), learning `publicKey` if it has none (trust on first use). */
async function trustedKey(
  tx: Queryable,
  installation: string,
  publicKey: PublicJwk | undefined,
): Promise<KeyObject | null> {
  if (publicKey) {
    const key = keyFingerprint(publicKey);
    // The first key posted for an installation is trusted; a different later one is stored untrusted (flagged).
    await tx.query(
      'INSERT INTO installation_keys (installation, public_key, trusted) VALUES ($1, $2, true) ON CONFLICT DO NOTHING',
      [installation, key],
    );
    await tx.query(
      'INSERT INTO installation_keys (installation, public_key, trusted) VALUES ($1, $2, false) ON CONFLICT DO NOTHING',
      [installation, key],
    );
  }
  const { rows } = await tx.query<{ public_key: string }>(
    'SELECT public_key FROM installation_keys WHERE installation = $1 AND trusted',
    [installation],
  );
  return rows[0] ? importPublicJwk(JSON.parse(rows[0].public_key)) : null;
}

/** What a record's signature shows: verified (the trusted key), key-conflict (another key), bad-signature, unsigned. */
function signatureState(record: { sig?: unknown }, trusted: KeyObject | null, posted: KeyObject | null): string {
  if (!isSigned(record)) return 'unsigned';
  if (verifyRecord(record, trusted)) return 'verified';
  return posted && verifyRecord(record, posted) ? 'key-conflict' : 'bad-signature';
}

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/**
 * Stores a batch; each id once (a record sent again after a lost answer changes nothing). A different
 * copy of a stored id goes apart, to record_copies, except that a copy whose signature verifies
 * replaces a stored one whose signature does not (which then goes apart): a forged copy posted first
 * does not displace the genuine one. Returns how many records were stored (new, or
 * replacing a copy whose signature did not verify).
 */
export async function insertRecords(store: Store, envelope: Envelope): Promise<number> {
  return store.transaction(async (tx) => {
    const posted = envelope.publicKey ? importPublicJwk(envelope.publicKey) : null;
    const keys = new Map<string, KeyObject | null>();
    const keyOf = async (installation: string) => {
      if (!keys.has(installation))
        keys.set(
          installation,
          await trustedKey(tx, installation, installation === envelope.installation ? envelope.publicKey : undefined),
        );
      return keys.get(installation) ?? null;
    };
    let inserted = 0;
    const rolled = []; // the ids stored or replaced here, added to the daily roll-up at the end
    for (const record of envelope.records) {
      const installation = typeof record.installation === 'string' ? record.installation : envelope.installation;
      const signature = signatureState(record, await keyOf(installation), posted);
      const hash = recordHash(record);
      const chain = isSigned(record) ? [record.seq, record.prev] : [null, null];
      const row = [
        record.id,
        record.at,
        record.event,
        installation,
        typeof record.version === 'string' ? record.version : envelope.version,
        typeof record.service === 'string' ? record.service : null,
        typeof record.meetingId === 'string' ? record.meetingId : null,
        JSON.stringify(record),
        ...chain,
        hash,
        signature,
      ];
      const result = await tx.query(
        `INSERT INTO records (id, at, event, installation, version, service, meeting_id, record, seq, prev, hash, signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (id) DO NOTHING`,
        row,
      );
      if (((result as Changed).affectedRows ?? (result as Changed).rowCount ?? 0) > 0) {
        inserted += 1;
        rolled.push(record.id);
        continue;
      }
      const { rows } = await tx.query<StoredRow>(
        'SELECT installation, received_at, seq, prev, hash, signature, record FROM records WHERE id = $1 FOR UPDATE',
        [record.id],
      );
      const stored = rows[0] as StoredRow;
      const storedHash = stored.hash ?? recordHash(json(stored.record));
      const genuineReplacesStored = signature === 'verified' && stored.signature !== 'verified';
      if (storedHash === hash && !genuineReplacesStored) continue; // the same record again
      const apart = genuineReplacesStored
        ? [record.id, stored.installation, stored.received_at, stored.seq, stored.prev, storedHash, stored.signature]
        : [record.id, installation, new Date(), ...chain, hash, signature];
      if (storedHash !== hash)
        await tx.query(
          `INSERT INTO record_copies (id, installation, received_at, seq, prev, hash, signature, record)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id, hash) DO NOTHING`,
          [...apart, genuineReplacesStored ? JSON.stringify(json(stored.record)) : JSON.stringify(record)],
        );
      if (genuineReplacesStored) {
        if (!rolled.includes(record.id)) await rollUp(tx, [record.id], -1);
        await tx.query(
          `UPDATE records SET at = $2, event = $3, installation = $4, version = $5, service = $6, meeting_id = $7,
             record = $8, seq = $9, prev = $10, hash = $11, signature = $12, received_at = now() WHERE id = $1`,
          row,
        );
        inserted += 1;
        if (!rolled.includes(record.id)) rolled.push(record.id);
      }
    }
    await rollUp(tx, rolled);
    return inserted;
  });
}

/**
 * A record's integrity, worked out from the store (the states in docs/contracts.md): conflict (another
 * copy of its id was posted: see GET /integrity), its signature's state when not verified, then its
 * chain link: verified (its `prev` is the hash of the verified record before it, or seq 1 starts the
 * chain), broken-chain (it is not, or two verified records claim its place), gap-before (the record
 * before it never arrived).
 */
const INTEGRITY_SQL = `CASE
  WHEN EXISTS (SELECT 1 FROM record_copies c WHERE c.id = r.id) THEN 'conflict'
  WHEN r.signature <> 'verified' THEN r.signature
  WHEN (SELECT count(*) FROM records q
        WHERE q.installation = r.installation AND q.seq = r.seq AND q.signature = 'verified') > 1 THEN 'broken-chain'
  WHEN r.seq = 1 THEN CASE WHEN r.prev = '${GENESIS}' THEN 'verified' ELSE 'broken-chain' END
  ELSE COALESCE(
    (SELECT CASE WHEN p.hash = r.prev THEN 'verified' ELSE 'broken-chain' END FROM records p
     WHERE p.installation = r.installation AND p.seq = r.seq - 1 AND p.signature = 'verified' LIMIT 1),
    'gap-before')
END`;

/**
 * Every record with its integrity state, oldest first, a page at a time. Keyset paging on (at, id)
 * compared with the database's own values of the last row (a subquery by id), never a copy of `at`
 * in JavaScript (milliseconds, where timestamptz keeps microseconds): each record exactly once.
 */
export async function* allRecords(
  store: Queryable,
  { since }: { since?: string | undefined } = {},
  pageSize = 2000,
): AsyncGenerator<Record<string, unknown>> {
  let afterId: string | null = null;
  for (;;) {
    const params: unknown[] = [];
    const where: string[] = [];
    if (since) {
      params.push(since);
      where.push(`r.at >= $${params.length}`);
    }
    if (afterId) {
      params.push(afterId);
      where.push(`(r.at, r.id) > (SELECT l.at, l.id FROM records l WHERE l.id = $${params.length})`);
    }
    params.push(pageSize);
    const { rows }: QueryResult<{ id: string; record: unknown; integrity: string }> = await store.query(
      `SELECT r.id, r.record, ${INTEGRITY_SQL} AS integrity FROM records r
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY r.at, r.id LIMIT $${params.length}`,
      params,
    );
    for (const row of rows) yield { ...json(row.record), integrity: row.integrity };
    if (rows.length < pageSize) return;
    afterId = rows.at(-1)?.id ?? null;
  }
}

/**
 * The chains' state per installation (GET /integrity): its trusted key and any other key posted for it,
 * counts per integrity state, the gaps (seq numbers never received: records deleted or never sent), and
 * each id posted in more than one copy with, per copy, whether its signature verifies and whether it
 * links with its neighbours in the chain. A copy that does not do both is `suspect` (the forged one).
 */
export async function integrityReport(store: Queryable, { installation }: { installation?: string | undefined } = {}) {
  const only = installation ? [installation] : [];
  const filter = (column: string) => (installation ? `WHERE ${column} = $1` : '');
  const keys = await store.query<{ installation: string; public_key: string; trusted: boolean; first_seen: string }>(
    `SELECT installation, public_key, trusted, first_seen FROM installation_keys ${filter('installation')}
     ORDER BY installation, first_seen`,
    only,
  );
  const states = await store.query<{ installation: string; integrity: string; n: string; last_seq: string | null }>(
    `SELECT r.installation, ${INTEGRITY_SQL} AS integrity, count(*) AS n, max(r.seq) AS last_seq
     FROM records r ${filter('r.installation')} GROUP BY 1, 2 ORDER BY 1, 2`,
    only,
  );
  const gaps = await store.query<{ installation: string; first: string; last: string }>(
    `WITH s AS (SELECT DISTINCT installation, seq FROM records WHERE seq IS NOT NULL AND signature = 'verified'
                ${installation ? 'AND installation = $1' : ''}),
          t AS (SELECT installation, seq, lead(seq) OVER (PARTITION BY installation ORDER BY seq) AS next FROM s)
     SELECT installation, seq + 1 AS first, next - 1 AS last FROM t WHERE next > seq + 1
     UNION ALL
     SELECT installation, 1 AS first, min(seq) - 1 AS last FROM s GROUP BY installation HAVING min(seq) > 1
     ORDER BY 1, 2`,
    only,
  );
  const copies = await store.query<CopyRow & { kept: boolean }>(
    `SELECT c.id, c.installation, c.received_at, c.seq, c.prev, c.hash, c.signature, false AS kept FROM record_copies c
     ${filter('c.installation')}
     UNION ALL
     SELECT r.id, r.installation, r.received_at, r.seq, r.prev, r.hash, r.signature, true AS kept FROM records r
     WHERE r.id IN (SELECT id FROM record_copies) ${installation ? 'AND r.installation = $1' : ''}
     ORDER BY 1, 8 DESC, 3`,
    only,
  );
  const report = new Map<string, InstallationIntegrity>();
  const entry = (name: string): InstallationIntegrity => {
    if (!report.has(name))
      report.set(name, {
        installation: name,
        key: null,
        otherKeys: [],
        states: {},
        lastSeq: null,
        gaps: [],
        conflicts: [],
      });
    return report.get(name) as InstallationIntegrity;
  };
  for (const row of keys.rows) {
    const key = { publicKey: JSON.parse(row.public_key), firstSeen: new Date(row.first_seen).toISOString() };
    if (row.trusted) entry(row.installation).key = key;
    else entry(row.installation).otherKeys.push(key);
  }
  for (const row of states.rows) {
    const item = entry(row.installation);
    item.states[row.integrity] = Number(row.n);
    if (row.last_seq !== null) item.lastSeq = Math.max(item.lastSeq ?? 0, Number(row.last_seq));
  }
  for (const row of gaps.rows) entry(row.installation).gaps.push({ from: Number(row.first), to: Number(row.last) });
  const conflicts = new Map<string, Conflict>();
  for (const row of copies.rows) {
    const links = await chainLinks(store, row);
    const copy: CopyState = {
      kept: row.kept,
      receivedAt: new Date(row.received_at).toISOString(),
      seq: row.seq === null ? null : Number(row.seq),
      hash: row.hash,
      signature: row.signature,
      ...links,
      suspect: false,
    };
    copy.suspect = !(copy.signature === 'verified' && copy.linksBack !== false && copy.linksForward !== false);
    if (!conflicts.has(row.id)) {
      conflicts.set(row.id, { id: row.id, copies: [] });
      entry(row.installation).conflicts.push(conflicts.get(row.id) as Conflict);
    }
    conflicts.get(row.id)?.copies.push(copy);
  }
  return { installations: [...report.values()] };
}

/** Whether a copy's `prev` is the hash of the stored record before it, and its hash the `prev` of the one after (null: no neighbour). */
async function chainLinks(
  store: Queryable,
  copy: CopyRow,
): Promise<{ linksBack: boolean | null; linksForward: boolean | null }> {
  if (copy.seq === null) return { linksBack: null, linksForward: null };
  const seq = Number(copy.seq);
  const { rows } = await store.query<{ seq: string; prev: string | null; hash: string }>(
    `SELECT seq, prev, hash FROM records WHERE installation = $1 AND seq IN ($2, $3) AND id <> $4`,
    [copy.installation, seq - 1, seq + 1, copy.id],
  );
  const before = rows.filter((row) => Number(row.seq) === seq - 1);
  const after = rows.filter((row) => Number(row.seq) === seq + 1);
  return {
    linksBack: seq === 1 ? copy.prev === GENESIS : before.length ? before.some((row) => row.hash === copy.prev) : null,
    linksForward: after.length ? after.some((row) => row.prev === copy.hash) : null,
  };
}

/** A stored record's row, as insertRecords reads it back. */
interface StoredRow {
  installation: string;
  received_at: string;
  seq: string | null;
  prev: string | null;
  hash: string | null;
  signature: string;
  record: unknown;
}

/** A copy of an id posted more than once (record_copies, or the one kept in records). */
interface CopyRow {
  id: string;
  installation: string;
  received_at: string;
  seq: string | null;
  prev: string | null;
  hash: string;
  signature: string;
}

interface CopyState {
  kept: boolean;
  receivedAt: string;
  seq: number | null;
  hash: string;
  signature: string;
  linksBack: boolean | null;
  linksForward: boolean | null;
  suspect: boolean;
}

interface Conflict {
  id: string;
  copies: CopyState[];
}

interface IntegrityKey {
  publicKey: PublicJwk;
  firstSeen: string;
}

/** One installation in GET /integrity. */
interface InstallationIntegrity {
  installation: string;
  key: IntegrityKey | null;
  otherKeys: IntegrityKey[];
  states: Record<string, number>;
  lastSeq: number | null;
  gaps: { from: number; to: number }[];
  conflicts: Conflict[];
}
