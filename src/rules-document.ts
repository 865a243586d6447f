/**
 * The signed rules document (docs/contracts.md "Rules document"): table additions per service and the
 * notetaker names a collector publishes at its `GET /rules.json`, fetched by every browser whose policy
 * names `rulesUrl` and `rulesPublicKey` (background/rules-fetch.ts).
 *
 * Rules from a URL only ADD evidence: 'on' needles to the keys an adapter lists in `onEvidenceKeys`, and
 * notetaker names. They never remove or replace a built-in entry, so a compromised rules host can cause a
 * false warning but never silence one. A document that tries to (a `replace` or `remove`, anything but
 * `add`), one whose signature does not verify with the policy's key, one that has expired, or one over
 * MAX_RULES_BYTES is refused whole; the last good rules stay. An entry for an unknown service, or for a key
 * that is not 'on' evidence, is dropped and reported, as policy `selectorOverrides` are.
 *
 * Signature: ECDSA P-256 with SHA-256 (WebCrypto in Chrome, Edge and Firefox alike) over the UTF-8 bytes of
 * `payload`, the signed JSON text itself (no canonical form to disagree about), in IEEE P1363 form (r‖s,
 * 64 bytes) as base64. The public key is SPKI (DER) as base64: policy `rulesPublicKey`.
 */
import type { SelectorChange } from './policy/policy';
import { services as builtIns } from './services';
import type { MeetingService } from './services/service';

export const RULES_FORMAT = 'meeting-guard-rules/1';
/** Largest document accepted (the response text); larger ones are refused before any parsing. */
export const MAX_RULES_BYTES = 256 * 1024;
/** Bounds inside the payload (also those of the `tables` message the rules travel in, src/messages.ts). */
export const MAX_RULE_VALUES_PER_KEY = 50;
export const MAX_RULE_VALUE_LENGTH = 1000;
export const MAX_RULE_NOTETAKERS = 100;
/** A document issued this far in the future is refused (a clock off by more is not the browser's). */
const FUTURE_SKEW_MS = 24 * 60 * 60_000;

export interface RulesPayload {
  format: typeof RULES_FORMAT;
  /** Increases with every publication; a lower version than the rules in force is refused (no rollback). */
  version: number;
  issued: string;
  expires: string;
  /** Per service, per table key: strings to add. */
  services: Record<string, Record<string, { add: string[] }>>;
  notetakerNames: string[];
}

/** The rules in force, as kept in storage.local. */
export interface RulesInForce {
  payload: RulesPayload;
  source: string;
  fetchedAt: string;
  /** Entries dropped at validation (unknown service or key), shown on the options page. */
  dropped: string[];
}

/** What the options page shows: the rules in force, the last check and why it brought nothing new. */
export interface RulesStatus {
  url: string;
  inForce?: RulesInForce & { publicKey: string };
  lastCheckAt?: string;
  /** Why the last check did not bring new rules (a refusal or a failed fetch); the last good stay. */
  lastError?: string;
}

export type RulesVerdict = { ok: true; payload: RulesPayload; dropped: string[] } | { ok: false; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const refuse = (reason: string): RulesVerdict => ({ ok: false, reason });

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | null {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean) || clean.length % 4 === 1) return null;
  try {
    const binary = atob(clean);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/** Whether `text` is a plausible base64 SPKI key (the policy reader's check; the import is the real one). */
export function looksLikePublicKey(text: string): boolean {
  const bytes = base64Bytes(text);
  return bytes !== null && bytes.length >= 64 && bytes.length <= 200;
}

async function verifies(payload: string, signature: string, publicKey: string): Promise<boolean> {
  const keyBytes = base64Bytes(publicKey);
  const signatureBytes = base64Bytes(signature);
  if (!keyBytes || !signatureBytes || signatureBytes.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('spki', keyBytes, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'verify',
    ]);
    return await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      signatureBytes,
      new TextEncoder().encode(payload),
    );
  } catch {
    return false;
  }
}

const isValue = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_RULE_VALUE_LENGTH;

/** The keys rules may add to for a service: its adapter's 'on' evidence, nothing else. */
export function ruleKeys(service: MeetingService): Set<string> {
  return new Set(Object.values(service.onEvidenceKeys ?? {}).flat());
}

/**
 * Parses and checks a payload (already verified, or a draft the collector is about to sign). Shape errors,
 * anything but `add`, and out-of-bounds lists refuse the whole document; unknown services and keys are dropped.
 */
export function checkPayload(
  value: unknown,
  now: number,
  adapters: readonly MeetingService[] = builtIns,
): RulesVerdict {
  if (!isObject(value)) return refuse('payload: expected a JSON object');
  if (value.format !== RULES_FORMAT) return refuse(`payload.format: expected "${RULES_FORMAT}"`);
  const { version, issued, expires } = value;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
    return refuse('payload.version: expected a whole number from 1');
  if (typeof issued !== 'string' || Number.isNaN(Date.parse(issued))) return refuse('payload.issued: expected a time');
  if (typeof expires !== 'string' || Number.isNaN(Date.parse(expires)))
    return refuse('payload.expires: expected a time');
  if (Date.parse(expires) <= now) return refuse(`expired at ${expires}`);
  if (Date.parse(issued) > now + FUTURE_SKEW_MS) return refuse(`issued in the future (${issued})`);
  if (Date.parse(expires) <= Date.parse(issued)) return refuse('payload.expires: before issued');

  const names = value.notetakerNames ?? [];
  if (!Array.isArray(names) || names.length > MAX_RULE_NOTETAKERS || !names.every(isValue))
    return refuse(`payload.notetakerNames: expected at most ${MAX_RULE_NOTETAKERS} names`);
  const serviceEntries = value.services ?? {};
  if (!isObject(serviceEntries)) return refuse('payload.services: expected an object');

  const dropped: string[] = [];
  const services: RulesPayload['services'] = {};
  for (const [serviceId, keys] of Object.entries(serviceEntries)) {
    if (!isObject(keys)) return refuse(`services.${serviceId}: expected an object of table keys`);
    const adapter = adapters.find((candidate) => candidate.id === serviceId);
    const allowed = adapter ? ruleKeys(adapter) : new Set<string>();
    for (const [key, change] of Object.entries(keys)) {
      const path = `services.${serviceId}.${key}`;
      if (!isObject(change)) return refuse(`${path}: expected {"add": [...]}`);
      const sides = Object.keys(change);
      // The one refusal that matters most: rules may never take anything away.
      const other = sides.find((side) => side !== 'add');
      if (other) return refuse(`${path}.${other}: rules may only add ("${other}" would remove or replace)`);
      const add = change.add;
      if (!Array.isArray(add) || add.length > MAX_RULE_VALUES_PER_KEY || !add.every(isValue))
        return refuse(`${path}.add: expected at most ${MAX_RULE_VALUES_PER_KEY} strings`);
      if (!adapter) {
        dropped.push(`${path}: unknown service`);
        continue;
      }
      if (!allowed.has(key)) {
        dropped.push(`${path}: not an "on" evidence key of ${serviceId}`);
        continue;
      }
      if (!add.length) continue;
      services[serviceId] ??= {};
      (services[serviceId] as Record<string, { add: string[] }>)[key] = { add: [...new Set(add as string[])] };
    }
  }
  return {
    ok: true,
    payload: { format: RULES_FORMAT, version, issued, expires, services, notetakerNames: names as string[] },
    dropped,
  };
}

/**
 * Verifies and checks a fetched document (its text as received). `inForce`: the version in force from the
 * same source, if any; a lower version is refused (an old document replayed to take rules away).
 */
export async function verifyRulesDocument(
  text: string,
  publicKey: string,
  now: number,
  inForce?: number,
): Promise<RulesVerdict> {
  if (new TextEncoder().encode(text).length > MAX_RULES_BYTES)
    return refuse(`larger than ${MAX_RULES_BYTES / 1024} KB`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return refuse('not JSON');
  }
  if (!isObject(document) || typeof document.payload !== 'string' || typeof document.signature !== 'string')
    return refuse('expected {"payload": "...", "signature": "..."}');
  if (!(await verifies(document.payload, document.signature, publicKey)))
    return refuse('signature does not verify with rulesPublicKey');
  let payload: unknown;
  try {
    payload = JSON.parse(document.payload);
  } catch {
    return refuse('payload: not JSON');
  }
  const verdict = checkPayload(payload, now);
  if (verdict.ok && inForce !== undefined && verdict.payload.version < inForce)
    return refuse(`version ${verdict.payload.version} is older than the rules in force (${inForce})`);
  return verdict;
}

/** Largest list a `tables` message carries per key (src/messages.ts validateTablesMessage). */
const MAX_TABLE_LIST = 100;

/**
 * The policy's overrides of one service with the rules' additions put in front of them: the policy's own
 * `replace` and `add` stay as they are, the rules' strings are added (and survive a policy `replace`, since
 * mergeTable applies `add` after `replace`). Nothing of the policy's is dropped to make room.
 */
export function withRules(
  overrides: Record<string, SelectorChange> | undefined,
  rules: RulesPayload | undefined,
  service: string,
): Record<string, SelectorChange> {
  const merged: Record<string, SelectorChange> = { ...(overrides ?? {}) };
  for (const [key, { add }] of Object.entries(rules?.services[service] ?? {})) {
    const own = merged[key]?.add ?? [];
    const room = Math.max(0, MAX_TABLE_LIST - own.length);
    const extra = add.filter((value) => !own.includes(value)).slice(0, room);
    if (extra.length) merged[key] = { ...merged[key], add: [...own, ...extra] };
  }
  return merged;
}

/** The policy's notetaker names and the rules', each once (within the `tables` message's bound). */
export function notetakersWithRules(names: readonly string[], rules: RulesPayload | undefined): string[] {
  return [...new Set([...names, ...(rules?.notetakerNames ?? [])])].slice(0, 200);
}
