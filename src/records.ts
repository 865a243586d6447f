/**
 * The record of checks and decisions (the audit trail) and the rules it keeps, without any browser
 * API: what a record holds, which records merge, which are evicted first, how retention and the
 * retry schedule are worked out, how a batch refused by the collector is split, and the exports.
 * background/record-log.ts keeps the records (IndexedDB); background/delivery.ts sends them.
 */
import {
  BOM,
  CSV_COLUMNS,
  csvRow,
  envelope,
  RECORD_EVENTS,
  type RecordEntry,
  type RecordEvent,
} from '../contract/record-contract';
import { cutText } from './limits';
import type { ParsedPolicy } from './policy/policy';

export type { Envelope, PublicJwk, RecordEntry, RecordEvent } from '../contract/record-contract';
export { CSV_COLUMNS, csvCell, envelope, RECORD_EVENTS } from '../contract/record-contract';

/** What a caller supplies; id, time, version, installation and the chain's fields are added when the record is made. */
export type NewRecord = Omit<
  RecordEntry,
  'id' | 'at' | 'version' | 'installation' | 'count' | 'lastSeen' | 'seq' | 'prev' | 'sig'
>;

/** Keys never sent in a `policy` record: the token is a credential; the large tables are sent as their size. */
const POLICY_KEYS_WITHHELD = new Set(['reportToken']);
const POLICY_KEYS_AS_SIZE = new Set(['selectorOverrides', 'customServices', 'classificationMarkers']);

export interface PolicyReport {
  /** The values in effect (defaults included), as the extension applies them. */
  values: Record<string, unknown>;
  /** Keys whose value came from the admin's policy; any other key runs on its default. */
  adminKeys: string[];
  browser: string;
}

/**
 * What a `policy` record reports: the policy in effect as this browser applies it (a value the browser
 * dropped shows as a default the collector can tell from the organisation's other browsers), and its
 * digest (SHA-256, first 16 hex digits), which every record carries.
 */
export async function policyReport(
  parsed: Pick<ParsedPolicy, 'policy' | 'adminKeys'>,
  browser: string,
): Promise<{ report: PolicyReport; digest: string }> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.policy).sort(([a], [b]) => a.localeCompare(b))) {
    if (POLICY_KEYS_WITHHELD.has(key)) continue;
    values[key] = POLICY_KEYS_AS_SIZE.has(key) ? { size: JSON.stringify(value).length } : value;
  }
  const adminKeys = [...parsed.adminKeys].sort();
  const bytes = new TextEncoder().encode(JSON.stringify({ policy: parsed.policy, adminKeys }));
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const digest = [...hash.slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return { report: { values, adminKeys, browser }, digest };
}

/** Records of what a person decided or confirmed: kept before any warnings record when room must be made. */
export const KEPT_FIRST: readonly RecordEvent[] = RECORD_EVENTS.filter((event) => event !== 'warnings');

/** The log's size limit: records beyond it are evicted (warnings first), leaving room for EVICT_TO. */
export const MAX_RECORDS = 20_000;
export const EVICT_TO = 19_000;

/** The schema's maximum of `logRetentionDays`: what applies when the admin set none, or an invalid one. */
export const MAX_RETENTION_DAYS = 3650;

/**
 * Days to keep records: only what the admin set. No value, or an invalid one, prunes nothing younger
 * than the schema's maximum (a default must never delete records an admin meant to keep for years).
 */
export function retentionDays(parsed: Pick<ParsedPolicy, 'policy' | 'adminKeys'>): number {
  return parsed.adminKeys.includes('logRetentionDays') ? parsed.policy.logRetentionDays : MAX_RETENTION_DAYS;
}

/** Largest evidence kept with one record (as JSON); larger evidence is replaced by a note saying so. */
export const MAX_EVIDENCE_BYTES = 8 * 1024;

/** Keeps evidence that is JSON and small; never throws (evidence is whatever the adapter reported). */
export function boundedEvidence(evidence: unknown): unknown {
  if (evidence === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(evidence);
  } catch {
    return { unserialisable: true };
  }
  if (json === undefined) return undefined;
  if (utf8Length(json) > MAX_EVIDENCE_BYTES) return { truncated: true, bytes: utf8Length(json) };
  return JSON.parse(json);
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/**
 * `value` with every lone UTF-16 surrogate in its strings replaced by U+FFFD: the last guard before a record
 * is kept, so nothing the log holds or sends is text the collector's database would refuse.
 */
export function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return cutText(value, value.length) as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [wellFormed(key), wellFormed(item)])) as T;
  return value;
}

/** Whether `next` repeats `previous` exactly (a warnings record of the same meeting, class, warnings and evidence). */
export function repeats(previous: RecordEntry, next: NewRecord): boolean {
  if (previous.event !== 'warnings' || next.event !== 'warnings') return false;
  const key = (record: NewRecord) =>
    JSON.stringify([
      record.service,
      record.meetingId,
      record.title,
      record.classification,
      record.classificationSource,
      record.warnings,
      record.detail,
      record.evidence,
    ]);
  return key(previous) === key(next);
}

/** The record `previous` becomes when `at` repeats it. */
export function merged(previous: RecordEntry, at: string): RecordEntry {
  return { ...previous, count: (previous.count ?? 1) + 1, lastSeen: at };
}

export interface Evictable {
  seq: number;
  event: RecordEvent;
  /** Accepted by the collector: a copy is safe there, so it goes before anything not yet delivered. */
  delivered?: boolean;
}

/**
 * Which records to drop so that `total` comes down to `target`: records the collector already holds first,
 * then those it does not (waiting, set aside, or kept locally); within each, the oldest warnings records
 * first, and decisions, marks, confirmations, approvals and dismissals only when no warnings record is left.
 * `entries` are in the log's order (oldest first).
 */
export function evictionPlan(entries: readonly Evictable[], target: number): Evictable[] {
  const excess = entries.length - target;
  if (excess <= 0) return [];
  const order = (entry: Evictable) => (entry.delivered ? 0 : 2) + (entry.event === 'warnings' ? 0 : 1);
  return [0, 1, 2, 3].flatMap((rank) => entries.filter((entry) => order(entry) === rank)).slice(0, excess);
}

/** "warnings=12 guard=1": what a `records-dropped` record says was dropped. */
export function droppedDetail(dropped: readonly Evictable[]): string {
  const counts = new Map<RecordEvent, number>();
  for (const { event } of dropped) counts.set(event, (counts.get(event) ?? 0) + 1);
  return [...counts].map(([event, count]) => `${event}=${count}`).join(' ');
}

/**
 * A page address as a pattern for the record of an unreadable page: the path with ids, numbers and
 * long tokens as `*`, no query (it can hold passcodes). Admins learn which page a vendor changed.
 */
export function addressPattern(url: string): string {
  try {
    const { host, pathname } = new URL(url);
    const path = pathname
      .split('/')
      .map((part) => (/\d/.test(part) || part.length > 24 ? '*' : part))
      .join('/');
    return `${host}${path}`;
  } catch {
    return '';
  }
}

// ---- Delivery --------------------------------------------------------------------------------

export const BATCH_MAX_RECORDS = 100;
export const BATCH_MAX_BYTES = 256 * 1024;
export const SEND_TIMEOUT_MS = 10_000;
/** The first retry comes within a minute (Chrome's shortest alarm is 30 s); then doubling up to 15 min. */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 15 * 60_000;

/** Delay before the next try after `failures` failed tries in a row (1 → 30 s, 2 → 60 s, … ≤ 15 min). */
export function retryDelayMs(failures: number): number {
  const exponent = Math.max(0, Math.min(failures - 1, 20));
  return Math.min(FIRST_RETRY_MS * 2 ** exponent, MAX_RETRY_MS);
}

/** Bytes a batch's body takes (the envelope around the records included). */
export function bodyBytes(version: string, installation: string, records: RecordEntry[]): number {
  return utf8Length(JSON.stringify(envelope(version, installation, records)));
}

/**
 * The first batch of waiting records: at most BATCH_MAX_RECORDS and BATCH_MAX_BYTES. A record too
 * large to go even alone is returned in `tooLarge` (it is set aside, never blocking the rest).
 */
export function firstBatch(
  waiting: readonly RecordEntry[],
  version: string,
  installation: string,
): { batch: RecordEntry[]; tooLarge: RecordEntry[] } {
  const batch: RecordEntry[] = [];
  const tooLarge: RecordEntry[] = [];
  let bytes = bodyBytes(version, installation, []);
  for (const record of waiting.slice(0, BATCH_MAX_RECORDS)) {
    const size = utf8Length(JSON.stringify(record)) + 1;
    if (bodyBytes(version, installation, [record]) > BATCH_MAX_BYTES) {
      tooLarge.push(record);
      continue;
    }
    if (bytes + size > BATCH_MAX_BYTES) break;
    batch.push(record);
    bytes += size;
  }
  return { batch, tooLarge };
}

/** What one POST came to: accepted (2xx), refused as bad content (400, 413), or failed (anything else). */
export type PostResult = { ok: true; status: number } | { ok: false; status?: number; message: string };

export interface DeliveryOutcome {
  accepted: string[];
  /** Records the collector refused alone (400/413, or a 5xx only they get): set aside with a problem record. */
  refused: { record: RecordEntry; status: number }[];
  /** Why sending stopped early (network, timeout, 5xx, 401…): the rest waits for the next try. */
  failure?: { status?: number; message: string };
  /** Every record tried was refused (400/413): the endpoint refuses everything; nothing is set aside. */
  refusesAll?: boolean;
}

export interface DeliverOptions {
  /**
   * The same records met 5xx before: split a batch answered with 5xx too, to find a record the collector cannot
   * store (it answers 500 for it, every time) while the others go. A record is set aside for a 5xx only when it
   * failed alone and others were accepted in the same run; a server that fails everything is a failure.
   */
  bisectServerErrors?: boolean;
  /**
   * Split a refused batch to the end even when its first halves are all refused (the check that tells an endpoint
   * refusing everything from two bad records, one in each half). Otherwise a batch whose two halves are both
   * refused, with nothing accepted, is taken for an endpoint that refuses everything (3 requests, not 2n − 1).
   */
  thorough?: boolean;
}

const REFUSED_CONTENT = new Set([400, 413]);
/** Failed requests, with nothing accepted yet, after which a server answering 5xx is taken to be down. */
const SERVER_ERROR_PROBES = 8;

export const REFUSES_ALL_MESSAGE =
  'the endpoint refused every record: check reportEndpoint (a wrong address) or a proxy’s body size limit';

/**
 * Sends a batch; on 400 or 413 sends each half until the one refused record is found, which is reported rather
 * than retried, so one bad record never blocks the others. Halves are tried side by side before either is split
 * further, so a working endpoint shows itself (an accepted half) early.
 */
export async function deliverBatch(
  batch: readonly RecordEntry[],
  post: (records: RecordEntry[]) => Promise<PostResult>,
  options: DeliverOptions = {},
): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { accepted: [], refused: [] };
  /** Records that met a 5xx alone: set aside only if the endpoint accepted others meanwhile. */
  const suspects: DeliveryOutcome['refused'] = [];
  let serverErrors = 0;
  let lastStatus = 0;
  let lastMessage = '';
  let stopped = false;

  /** Posts `records`; returns the status when they should be split further, else undefined. */
  const attempt = async (records: RecordEntry[]): Promise<number | undefined> => {
    const result = await post(records);
    if (result.ok) {
      outcome.accepted.push(...records.map((record) => record.id));
      return undefined;
    }
    const status = result.status ?? 0;
    const refused = REFUSED_CONTENT.has(status);
    const serverError = Boolean(options.bisectServerErrors) && status >= 500 && status <= 599;
    if (serverError && !outcome.accepted.length) serverErrors += 1;
    if ((!refused && !serverError) || serverErrors >= SERVER_ERROR_PROBES) {
      outcome.failure = { status: result.status, message: result.message };
      stopped = true;
      return undefined;
    }
    lastStatus = status;
    lastMessage = result.message;
    return status;
  };

  const split = async (records: RecordEntry[], status: number): Promise<void> => {
    const [only] = records;
    if (records.length === 1 && only) {
      (REFUSED_CONTENT.has(status) ? outcome.refused : suspects).push({ record: only, status });
      return;
    }
    const half = Math.ceil(records.length / 2);
    const failed: [RecordEntry[], number][] = [];
    for (const part of [records.slice(0, half), records.slice(half)]) {
      if (stopped) return;
      const partStatus = await attempt(part);
      if (partStatus !== undefined) failed.push([part, partStatus]);
    }
    const everyPartRefused =
      records.length === batch.length &&
      failed.length === 2 &&
      failed.every(([, partStatus]) => REFUSED_CONTENT.has(partStatus));
    if (everyPartRefused && !options.thorough && !outcome.accepted.length) {
      stopped = true;
      outcome.refusesAll = true;
      return;
    }
    for (const [part, partStatus] of failed) if (!stopped) await split(part, partStatus);
  };

  const status = await attempt([...batch]);
  if (status !== undefined) await split([...batch], status);

  if (!outcome.accepted.length && batch.length > 1 && outcome.refused.length === batch.length)
    outcome.refusesAll = true;
  if (outcome.refusesAll) {
    outcome.refused = [];
    outcome.failure = { status: lastStatus, message: REFUSES_ALL_MESSAGE };
  } else if (suspects.length && !outcome.failure) {
    // Others went through: the server works, and these records alone make it fail.
    if (outcome.accepted.length) outcome.refused.push(...suspects);
    else outcome.failure = { status: lastStatus, message: lastMessage };
  }
  return outcome;
}

/** Records set aside are offered again after 6 h, then doubling up to a week (the endpoint may have been fixed). */
export const SET_ASIDE_RETRY_MS = 6 * 3_600_000;
export const MAX_SET_ASIDE_RETRY_MS = 7 * 86_400_000;

export function setAsideRetryDelayMs(retries: number): number {
  return Math.min(SET_ASIDE_RETRY_MS * 2 ** Math.max(0, Math.min(retries, 20)), MAX_SET_ASIDE_RETRY_MS);
}

// ---- Exports (the columns and the cells: contract/record-contract.ts, shared with the collector) ----

/** CSV for Excel in Japan: UTF-8 with a byte-order mark (else Excel reads Shift_JIS) and CRLF lines. */
export function recordsToCsv(records: readonly RecordEntry[]): string {
  return `${BOM}${CSV_COLUMNS.join(',')}\r\n${records.map((record) => csvRow(record, CSV_COLUMNS)).join('')}`;
}

/** JSON Lines: one record a line, for tools that read a stream. */
export function recordsToJsonLines(records: readonly RecordEntry[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}
