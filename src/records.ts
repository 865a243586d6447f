/**
 * The record of checks and decisions (the audit trail) and the rules it keeps, without any browser
 * API: what a record holds, which records merge, which are evicted first, how retention and the
 * retry schedule are worked out, how a batch refused by the collector is split, and the exports.
 * background/record-log.ts keeps the records (IndexedDB); background/delivery.ts sends them.
 */
import type { WarningId } from './ids';
import type { Classification, ParsedPolicy } from './policy/policy';

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
  /** Identical consecutive warnings records are one record seen `count` times, last at `lastSeen`. */
  count?: number;
  lastSeen?: string;
  /** From the policy (`organization`, `department`), so a collector groups by them; absent when unset. */
  organization?: string;
  department?: string;
  /** The digest of the policy in effect (policyReport), so a record can be tied to the policy it ran under. */
  policyDigest?: string;
}

/** What a caller supplies; id, time, version and installation are added when the record is made. */
export type NewRecord = Omit<RecordEntry, 'id' | 'at' | 'version' | 'installation' | 'count' | 'lastSeen'>;

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
}

/**
 * Which records to drop so that `total` comes down to `target`: the oldest warnings records first;
 * decisions, marks, confirmations, approvals and dismissals only when no warnings record is left.
 * `entries` are in the log's order (oldest first).
 */
export function evictionPlan(entries: readonly Evictable[], target: number): Evictable[] {
  const excess = entries.length - target;
  if (excess <= 0) return [];
  const warnings = entries.filter((entry) => entry.event === 'warnings');
  const rest = entries.filter((entry) => entry.event !== 'warnings');
  return [...warnings, ...rest].slice(0, excess);
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

export interface Envelope {
  extension: 'meeting-guard';
  version: string;
  installation: string;
  records: RecordEntry[];
}

export function envelope(version: string, installation: string, records: RecordEntry[]): Envelope {
  return { extension: 'meeting-guard', version, installation, records };
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
  /** Records the collector refused alone (400/413): set aside with a problem record. */
  refused: { record: RecordEntry; status: number }[];
  /** Why sending stopped early (network, timeout, 5xx, 401…): the rest waits for the next try. */
  failure?: { status?: number; message: string };
}

const REFUSED_CONTENT = new Set([400, 413]);

/**
 * Sends a batch; on 400 or 413 sends each half in turn until the one refused record is found, which
 * is reported rather than retried, so one bad record never blocks the others.
 */
export async function deliverBatch(
  batch: readonly RecordEntry[],
  post: (records: RecordEntry[]) => Promise<PostResult>,
): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { accepted: [], refused: [] };
  const send = async (records: RecordEntry[]): Promise<void> => {
    if (!records.length || outcome.failure) return;
    const result = await post(records);
    if (result.ok) {
      outcome.accepted.push(...records.map((record) => record.id));
      return;
    }
    if (result.status !== undefined && REFUSED_CONTENT.has(result.status)) {
      const [only] = records;
      if (records.length === 1 && only) {
        outcome.refused.push({ record: only, status: result.status });
        return;
      }
      const half = Math.ceil(records.length / 2);
      await send(records.slice(0, half));
      await send(records.slice(half));
      return;
    }
    outcome.failure = { status: result.status, message: result.message };
  };
  await send([...batch]);
  return outcome;
}

// ---- Exports ---------------------------------------------------------------------------------

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
] as const;

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

/** CSV for Excel in Japan: UTF-8 with a byte-order mark (else Excel reads Shift_JIS) and CRLF lines. */
export function recordsToCsv(records: readonly RecordEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const record of records) lines.push(CSV_COLUMNS.map((column) => csvCell(record[column])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** JSON Lines: one record a line, for tools that read a stream. */
export function recordsToJsonLines(records: readonly RecordEntry[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}
