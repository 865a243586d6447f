/**
 * The records' contract (docs/contracts.md), written once for both sides: the extension (src/records.ts,
 * src/record-chain.ts) and the collector (collector/src). What a record holds, what a POST /records body
 * must be, the CSV columns and how a cell is written; the chain's canonical form is its sibling
 * contract/record-chain.ts (apart, so the options page and popup, which use this file, never bundle it).
 * No browser API and no Node API here, so the extension bundles it and the collector runs it through tsx.
 */
import type { DetectionReport } from '../src/detection-report';
import type { WarningId } from '../src/ids';
import type { Classification } from '../src/policy/policy';

// ---- Records ---------------------------------------------------------------------------------

export const RECORD_EVENTS = [
  'warnings',
  'classification',
  'confirmed',
  'approval',
  'dismissed',
  'guard',
  'policy-problems',
  'records-dropped',
  'record-refused',
  'page-unreadable',
  'adapter-error',
  'detection-report',
  'policy',
] as const;
export type RecordEvent = (typeof RECORD_EVENTS)[number];

export interface RecordEntry {
  /** A UUID: the collector stores each id once, and an accepted id is never sent again. */
  id: string;
  at: string;
  event: RecordEvent;
  /** The extension's version that made the record. */
  version: string;
  /** A random id made once per browser profile (install), so records of one browser can be told apart. */
  installation: string;
  service?: string;
  meetingId?: string | null;
  title?: string | null;
  classification?: Classification;
  classificationSource?: string;
  warnings?: WarningId[];
  detail?: string;
  /** What the page showed for the signals (the adapter's evidence), where the record is about a reading. */
  evidence?: unknown;
  /** A 「判定が違う」 report (src/detection-report.ts): what is wrong and the structural snapshot the person sent. */
  report?: DetectionReport;
  /** Identical consecutive warnings records are one record seen `count` times, last at `lastSeen`. */
  count?: number;
  lastSeen?: string;
  /** The chain (contract/record-chain.ts): place in this installation's records, hash of the one before, signature. */
  seq?: number;
  prev?: string;
  sig?: string;
  /** From the policy (`organization`, `department`), so a collector groups by them; absent when unset. */
  organization?: string;
  department?: string;
  /** The digest of the policy in effect (policyReport), so a record can be tied to the policy it ran under. */
  policyDigest?: string;
}

/** The public key as the envelope carries it. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

// ---- The envelope (POST /records) ------------------------------------------------------------

export interface Envelope {
  extension: 'meeting-guard';
  version: string;
  installation: string;
  /** The installation's public key (JWK), with which the collector verifies the records' signatures. */
  publicKey?: PublicJwk;
  records: RecordEntry[];
}

export function envelope(
  version: string,
  installation: string,
  records: RecordEntry[],
  publicKey?: PublicJwk,
): Envelope {
  return { extension: 'meeting-guard', version, installation, ...(publicKey ? { publicKey } : {}), records };
}

/** The collector takes at most this many records in one POST (the extension sends at most 100). */
export const MAX_RECORDS_PER_POST = 1000;
/** Deeper JSON than this is refused (PostgreSQL's jsonb refuses very deep nesting; records nest a few levels). */
export const MAX_DEPTH = 64;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A time as the extension writes it (ISO 8601 with a time zone) that PostgreSQL's timestamptz takes:
 * a real calendar day (no 2024-02-30) in years 1 to 9999. Date.parse alone takes "1" or year 0.
 */
export function isTime(text: unknown): text is string {
  if (typeof text !== 'string' || text.length > 40) return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/.exec(text);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map(Number);
  const [offsetHours, offsetMinutes] = [Number(match[9] ?? 0), Number(match[10] ?? 0)];
  const calendar = new Date(Date.UTC(2000, month - 1, day));
  calendar.setUTCFullYear(year);
  return (
    year >= 1 &&
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours <= 15 &&
    offsetMinutes < 60
  );
}

/** What PostgreSQL would refuse in a string: NUL, or a UTF-16 surrogate without its pair. */
function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'holds a NUL character';
  if (!text.isWellFormed()) return 'holds a lone UTF-16 surrogate';
  return null;
}

/** The first value in `value` (keys included) PostgreSQL would refuse, as "path: why", or null. Iterative: depth is bounded, not the stack. */
export function storableProblem(value: unknown, path: string): string | null {
  const pending: [unknown, string, number][] = [[value, path, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, where, depth] = next;
    if (typeof item === 'string') {
      const problem = textProblem(item);
      if (problem) return `${where} ${problem}`;
    } else if (typeof item === 'object' && item !== null) {
      if (depth >= MAX_DEPTH) return `${where}: nested deeper than ${MAX_DEPTH} levels`;
      for (const [key, child] of Object.entries(item)) {
        const problem = textProblem(key);
        if (problem) return `${where}: a key ${problem}`;
        pending.push([child, Array.isArray(item) ? `${where}[${key}]` : `${where}.${key}`, depth + 1]);
      }
    }
  }
  return null;
}

/** Whether `jwk` is an EC P-256 public key as the contract sends it (`{kty, crv, x, y}`). */
export function isPublicJwk(jwk: unknown): jwk is PublicJwk {
  return (
    isObject(jwk) &&
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string' &&
    jwk.x.length === 43 &&
    jwk.y.length === 43 &&
    BASE64URL.test(jwk.x) &&
    BASE64URL.test(jwk.y) &&
    jwk.d === undefined
  );
}

/** Whether a record carries the chain's fields, well formed (seq, prev, sig); the reason, or null. */
export function chainFieldsProblem(record: Record<string, unknown>): string | null {
  const present = ['seq', 'prev', 'sig'].filter((key) => record[key] !== undefined);
  if (!present.length) return null;
  if (!Number.isSafeInteger(record.seq) || (record.seq as number) < 1) return 'seq: expected an integer from 1';
  if (typeof record.prev !== 'string' || !/^[0-9a-f]{64}$/.test(record.prev))
    return 'prev: expected 64 lowercase hex digits';
  if (typeof record.sig !== 'string' || record.sig.length !== 86 || !BASE64URL.test(record.sig))
    return 'sig: expected a base64url P-256 signature';
  return null;
}

/**
 * Checks the envelope and every record's id, time, event and chain fields; returns a reason or null.
 * `keyUsable` checks the public key further (the collector: that its point is on the curve).
 */
export function envelopeProblem(body: unknown, keyUsable: (jwk: unknown) => boolean = isPublicJwk): string | null {
  if (!isObject(body)) return 'expected a JSON object';
  if (body.extension !== 'meeting-guard') return 'expected "extension": "meeting-guard"';
  if (!isText(body.version, 50)) return 'expected "version"';
  if (!isText(body.installation, 100)) return 'expected "installation"';
  if (body.publicKey !== undefined && !(isPublicJwk(body.publicKey) && keyUsable(body.publicKey)))
    return 'publicKey: expected an EC P-256 public key as JWK {kty, crv, x, y}';
  if (!Array.isArray(body.records)) return 'expected "records": [...]';
  if (body.records.length > MAX_RECORDS_PER_POST) return `at most ${MAX_RECORDS_PER_POST} records a request`;
  const envelopeOnly = { extension: body.extension, version: body.version, installation: body.installation };
  const envelopeText = storableProblem(envelopeOnly, 'envelope');
  if (envelopeText) return envelopeText;
  for (const [index, record] of (body.records as unknown[]).entries()) {
    if (!isObject(record)) return `records[${index}]: not an object`;
    if (!isText(record.id, 36) || !UUID.test(record.id)) return `records[${index}].id: expected a UUID`;
    // From here on the reason names the record's id as well, so the admin can find it in the browser.
    const named = `records[${index}] (id ${record.id})`;
    if (!isTime(record.at)) return `${named}.at: expected an ISO 8601 time with a time zone, years 1 to 9999`;
    if (!isText(record.event, 64)) return `${named}.event: expected text`;
    const chain = chainFieldsProblem(record);
    if (chain) return `${named}.${chain}`;
    const stored = storableProblem(record, named);
    if (stored) return stored;
  }
  return null;
}

// ---- CSV -------------------------------------------------------------------------------------

/** The record's columns, in order: the extension's export has these; the collector's adds its own after them. */
export const CSV_COLUMNS = [
  'id',
  'at',
  'event',
  'service',
  'meetingId',
  'title',
  'classification',
  'classificationSource',
  'warnings',
  'detail',
  'count',
  'lastSeen',
  'evidence',
  'version',
  'installation',
] as const satisfies readonly (keyof RecordEntry)[];

/** CSV for Excel in Japan is UTF-8 with a byte-order mark (else Excel reads Shift_JIS) and CRLF lines. */
export const BOM = '\uFEFF';

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. A cell that a
 * spreadsheet would read as a formula (= + - @, or a leading tab/CR) gets a leading apostrophe.
 */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) text = '';
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) text = value.join(' ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (CRLF ended) of `record`'s values in `columns`. */
export const csvRow = (record: object, columns: readonly string[]): string =>
  `${columns.map((column) => csvCell((record as Record<string, unknown>)[column])).join(',')}\r\n`;
