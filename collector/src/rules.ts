// Detection reports and the signed rules (issue 20): an admin lists the `detection-report` records, turns a
// suggested entry into a rule, and publishes; the collector signs the rules document (docs/contracts.md "Rules
// document") with its own ECDSA P-256 key and serves it at GET /rules.json, its public key at GET /rules-key.
// The key is made on first start and kept in the database, so several collectors on one PostgreSQL sign alike.
import { createPrivateKey, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import type { Queryable } from './console/types.ts';
import type { Changed } from './db.ts';

export const RULES_FORMAT = 'meeting-guard-rules/1';
/** A published document is valid this long; GET /rules.json signs it again (same version) past half of it. */
export const RULES_VALID_DAYS = 30;
const DAY_MS = 86_400_000;

/** Appended to db.ts MIGRATIONS (each runs once, in order). */
export const RULES_MIGRATIONS = [
  `CREATE TABLE signing_keys (
     name text PRIMARY KEY,
     private_pkcs8 text NOT NULL,
     public_spki text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE rule_entries (
     id uuid PRIMARY KEY,
     service text NOT NULL,
     key text NOT NULL,
     value text NOT NULL,
     report_id uuid,
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (service, key, value)
   )`,
  `CREATE TABLE rules_publications (
     version integer PRIMARY KEY,
     payload text NOT NULL,
     signature text NOT NULL,
     published_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX records_reports ON records (at DESC) WHERE event = 'detection-report'`,
];

const SERVICE = /^[a-z][a-z0-9-]{0,31}$/;
const KEY = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
/** A rule entry: a value added to one table of one service. */
export interface RuleEntry {
  service: string;
  key: string;
  value: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ENCRYPTED_PEM = '-----BEGIN ENCRYPTED PRIVATE KEY-----';

/** COLLECTOR_RULES_KEY_PASSPHRASE: when set, the private key is kept in the database encrypted with it. */
const passphraseFromEnv = () => process.env.COLLECTOR_RULES_KEY_PASSPHRASE || undefined;

/** PKCS#8 PEM; with a passphrase, encrypted (PBES2: PBKDF2 and AES-256-CBC), so a copy of the database alone cannot sign. */
function privatePem(key: KeyObject, passphrase: string | undefined): string {
  const pem = passphrase
    ? key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    : key.export({ type: 'pkcs8', format: 'pem' });
  return String(pem);
}

function openPrivatePem(pem: string, passphrase: string | undefined): KeyObject {
  if (!pem.startsWith(ENCRYPTED_PEM)) return createPrivateKey(pem);
  if (!passphrase)
    throw new Error('the rules signing key is stored encrypted: set COLLECTOR_RULES_KEY_PASSPHRASE to the passphrase');
  try {
    return createPrivateKey({ key: pem, passphrase });
  } catch {
    throw new Error('COLLECTOR_RULES_KEY_PASSPHRASE does not open the rules signing key stored in the database');
  }
}

/**
 * The collector's signing key: made once (the first process to get there wins), then read by every process. With a
 * passphrase, a new key is stored encrypted and a key stored before the passphrase was set is encrypted in place.
 */
export async function signingKey(
  store: Queryable,
  passphrase = passphraseFromEnv(),
): Promise<{ privateKey: KeyObject; publicKey: string }> {
  const read = async () =>
    (
      await store.query<{ private_pkcs8: string; public_spki: string }>(
        "SELECT private_pkcs8, public_spki FROM signing_keys WHERE name = 'rules'",
      )
    ).rows[0];
  let row = await read();
  if (!row) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await store.query(
      "INSERT INTO signing_keys (name, private_pkcs8, public_spki) VALUES ('rules', $1, $2) ON CONFLICT (name) DO NOTHING",
      [privatePem(privateKey, passphrase), publicKey.export({ type: 'spki', format: 'der' }).toString('base64')],
    );
    row = await read();
  }
  if (!row) throw new Error('the rules signing key could not be stored');
  const privateKey = openPrivatePem(row.private_pkcs8, passphrase);
  if (passphrase && !row.private_pkcs8.startsWith(ENCRYPTED_PEM))
    // Only if no other process changed it meanwhile: the same key, now encrypted.
    await store.query("UPDATE signing_keys SET private_pkcs8 = $1 WHERE name = 'rules' AND private_pkcs8 = $2", [
      privatePem(privateKey, passphrase),
      row.private_pkcs8,
    ]);
  return { privateKey, publicKey: row.public_spki };
}

/** ECDSA P-256 / SHA-256 over the payload's UTF-8 bytes, r‖s (IEEE P1363) as base64: what WebCrypto verifies. */
export function signPayload(privateKey: KeyObject, payload: string): string {
  return sign('sha256', Buffer.from(payload, 'utf8'), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString(
    'base64',
  );
}

/** A rule entry as the admin sends it; returns [entry, null] or [null, reason]. */
export function checkEntry(body: unknown): [RuleEntry, null] | [null, string] {
  if (typeof body !== 'object' || body === null) return [null, 'expected {"service","key","value"}'];
  const { service, key, value } = body as Record<string, unknown>;
  if (typeof service !== 'string' || !SERVICE.test(service)) return [null, 'service: expected a service id'];
  if (typeof key !== 'string' || !KEY.test(key)) return [null, 'key: expected a table key (letters and digits)'];
  if (typeof value !== 'string' || !value.trim() || value.length > 1000) return [null, 'value: 1 to 1000 characters'];
  return [{ service, key, value }, null];
}

const asJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/** Detection reports, newest first: a summary of each (the structure stays for GET /reports/:id). */
export async function listReports(
  store: Queryable,
  { limit = 100, service }: { limit?: number | string | undefined; service?: string | undefined } = {},
) {
  const params: unknown[] = [Math.min(Math.max(Number(limit) || 100, 1), 1000)];
  const where = ["event = 'detection-report'"];
  if (service) {
    params.push(service);
    where.push(`service = $${params.length}`);
  }
  const { rows } = await store.query<{
    id: string;
    at: string;
    installation: string;
    service: string | null;
    record: unknown;
  }>(
    `SELECT id, at, installation, service, record FROM records WHERE ${where.join(' AND ')} ORDER BY at DESC LIMIT $1`,
    params,
  );
  return rows.map((row) => {
    const report = asJson(row.record).report ?? {};
    return {
      id: row.id,
      at: new Date(row.at).toISOString(),
      installation: row.installation,
      service: row.service,
      signal: report.signal,
      problem: report.problem,
      note: report.note,
      suggestion: report.suggestion,
      frames: Array.isArray(report.frames) ? report.frames.length : 0,
    };
  });
}

export async function getReport(store: Queryable, id: string) {
  if (!UUID.test(id)) return null;
  const { rows } = await store.query<{ record: unknown }>(
    "SELECT record FROM records WHERE id = $1 AND event = 'detection-report'",
    [id],
  );
  return rows[0] ? asJson(rows[0].record) : null;
}

export async function listEntries(store: Queryable) {
  const { rows } = await store.query<{
    id: string;
    service: string;
    key: string;
    value: string;
    report_id: string | null;
    created_at: string;
  }>('SELECT id, service, key, value, report_id, created_at FROM rule_entries ORDER BY created_at, id');
  return rows.map((row) => ({
    id: row.id,
    service: row.service,
    key: row.key,
    value: row.value,
    report: row.report_id ?? undefined,
    created: new Date(row.created_at).toISOString(),
  }));
}

/** Adds an entry (or the suggestion a report carries); the same service, key and value is kept once. */
export async function addEntry(
  store: Queryable,
  body: Record<string, unknown> | null,
): Promise<{ status: 200; entry: RuleEntry & { id: string; report?: string } } | { status: 400 | 404; error: string }> {
  let source: unknown = body;
  let reportId: string | null = null;
  if (body && typeof body.report === 'string') {
    const report = await getReport(store, body.report);
    if (!report) return { status: 404, error: 'no such detection report' };
    const suggestion = report.report?.suggestion;
    if (!suggestion && !body.key)
      return { status: 400, error: 'the report carries no suggested entry: give service, key, value' };
    source = { ...suggestion, ...Object.fromEntries(Object.entries(body).filter(([name]) => name !== 'report')) };
    reportId = body.report;
  }
  const [entry, problem] = checkEntry(source);
  if (!entry) return { status: 400, error: problem };
  const id = randomUUID();
  await store.query(
    `INSERT INTO rule_entries (id, service, key, value, report_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (service, key, value) DO NOTHING`,
    [id, entry.service, entry.key, entry.value, reportId],
  );
  const { rows } = await store.query<{ id: string }>(
    'SELECT id FROM rule_entries WHERE service = $1 AND key = $2 AND value = $3',
    [entry.service, entry.key, entry.value],
  );
  return { status: 200, entry: { id: rows[0]?.id ?? id, ...entry, ...(reportId ? { report: reportId } : {}) } };
}

export async function removeEntry(store: Queryable, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const result = await store.query('DELETE FROM rule_entries WHERE id = $1', [id]);
  return ((result as Changed).affectedRows ?? (result as Changed).rowCount ?? 0) > 0;
}

function payloadOf(version: number, entries: readonly RuleEntry[], now: number): string {
  const services: Record<string, Record<string, { add: string[] }>> = {};
  for (const { service, key, value } of entries) {
    services[service] ??= {};
    const tables = services[service];
    tables[key] ??= { add: [] };
    tables[key].add.push(value);
  }
  return JSON.stringify({
    format: RULES_FORMAT,
    version,
    issued: new Date(now).toISOString(),
    expires: new Date(now + RULES_VALID_DAYS * DAY_MS).toISOString(),
    services,
    notetakerNames: (services.notetaker?.names?.add ?? []).slice(0, 100),
  });
}

/**
 * Publishes the entries as the next version, signed. Notetaker names are entries of service "notetaker", key
 * "names". One publication at a time (the version is the primary key: a concurrent one fails and is retried).
 */
export async function publish(store: Queryable, now = Date.now()) {
  const { privateKey } = await signingKey(store);
  const entries = await listEntries(store);
  const rules = entries.filter((entry) => entry.service !== 'notetaker');
  const names = entries.filter((entry) => entry.service === 'notetaker' && entry.key === 'names');
  for (let attempt = 0; attempt < 3; attempt++) {
    const { rows } = await store.query<{ version: number | string }>(
      'SELECT COALESCE(MAX(version), 0) AS version FROM rules_publications',
    );
    const version = Number(rows[0]?.version ?? 0) + 1;
    const payload = payloadOf(version, [...rules, ...names], now);
    try {
      await store.query('INSERT INTO rules_publications (version, payload, signature) VALUES ($1, $2, $3)', [
        version,
        payload,
        signPayload(privateKey, payload),
      ]);
      return { version, entries: entries.length, ...pick(JSON.parse(payload)) };
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
}

const pick = ({ issued, expires }: { issued: string; expires: string }) => ({ issued, expires });

/**
 * The document in force: the latest publication, signed again under the same version once half its validity
 * has passed (so a collector nobody touches keeps serving rules that have not expired). null before any.
 */
export async function currentDocument(store: Queryable, now = Date.now()) {
  const { rows } = await store.query<{ version: number; payload: string; signature: string }>(
    'SELECT version, payload, signature FROM rules_publications ORDER BY version DESC LIMIT 1',
  );
  const row = rows[0];
  if (!row) return null;
  const payload = JSON.parse(row.payload);
  const halfLife = (Date.parse(payload.expires) - Date.parse(payload.issued)) / 2;
  if (now - Date.parse(payload.issued) < halfLife) return { payload: row.payload, signature: row.signature };
  const { privateKey } = await signingKey(store);
  const fresh = JSON.stringify({
    ...payload,
    issued: new Date(now).toISOString(),
    expires: new Date(now + RULES_VALID_DAYS * DAY_MS).toISOString(),
  });
  const signature = signPayload(privateKey, fresh);
  await store.query('UPDATE rules_publications SET payload = $2, signature = $3 WHERE version = $1', [
    row.version,
    fresh,
    signature,
  ]);
  return { payload: fresh, signature };
}
