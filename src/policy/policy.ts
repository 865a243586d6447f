/**
 * The policy: its shape, its safe defaults, and `parsePolicy`, which turns whatever the browser's
 * managed storage holds into a valid policy plus a list of problems. It never throws: a wrong value
 * becomes a problem and that key's safe default (design.md "Policy").
 */

import { parse as parseSelector } from 'css-what';
import { BUILT_IN_SERVICE_IDS } from '../services';
import { isTextKey } from '../services/service';
import { checkOverrides } from './overrides';
import schema from './schema.json';

export type Classification = 1 | 2 | 3;
export type E2eBreakingMode = 'warn' | 'confirm' | 'block';
export type LocaleSetting = 'auto' | 'ja' | 'en';

export interface PermittedService {
  service: string;
  maxClassification: Classification;
}

export interface SelectorChange {
  add?: string[];
  replace?: string[];
}

export interface CustomService {
  id: string;
  name: string;
  matches: string[];
  /** A built-in service id (src/services/index.ts) whose adapter reads this self-hosted copy. */
  base?: string;
  table: Record<string, string[]>;
}

export interface Policy {
  defaultClassification: Classification;
  classificationMarkers: Record<'1' | '2' | '3', string[]>;
  permittedServices: PermittedService[];
  e2eBreakingFeatures: E2eBreakingMode;
  requirePasscode: boolean;
  requireWaitingRoom: boolean;
  organizationName: string;
  procedureUrl: string;
  applicationUrl: string;
  internalDomains: string[];
  notetakerNames: string[];
  minimumBrowserVersion: Partial<Record<'chrome' | 'edge' | 'firefox', number>>;
  selectorOverrides: Record<string, Record<string, SelectorChange>>;
  customServices: CustomService[];
  reportEndpoint: string;
  /** Sent as `Authorization: Bearer …` with the records; readable by anyone who can read the policy. */
  reportToken: string;
  logRetentionDays: number;
  locale: LocaleSetting;
}

export type PolicyKey = keyof Policy;
export const POLICY_KEYS = Object.keys(schema.properties) as PolicyKey[];

/** Full- and half-width digits, with and without 「」/【】 around them: a title marker is matched as a substring. */
const DEFAULT_MARKERS: Policy['classificationMarkers'] = {
  '1': ['機密性1', '機密性１'],
  '2': ['機密性2', '機密性２'],
  '3': ['機密性3', '機密性３'],
};

export function defaultPolicy(): Policy {
  return {
    defaultClassification: 2,
    classificationMarkers: structuredClone(DEFAULT_MARKERS),
    permittedServices: BUILT_IN_SERVICE_IDS.map((service) => ({ service, maxClassification: 3 })),
    e2eBreakingFeatures: 'warn',
    requirePasscode: true,
    requireWaitingRoom: true,
    organizationName: '',
    procedureUrl: '',
    applicationUrl: '',
    internalDomains: [],
    notetakerNames: [],
    minimumBrowserVersion: {},
    selectorOverrides: {},
    customServices: [],
    reportEndpoint: '',
    reportToken: '',
    // Unset: nothing is pruned younger than the schema maximum (records an admin may need for years).
    logRetentionDays: 3650,
    locale: 'auto',
  };
}

export interface PolicyProblem {
  /** Path of the offending value, e.g. `permittedServices[2].maxClassification`. */
  path: string;
  /** The value as received, shortened for display. */
  value: string;
  /** Why it was refused (English; the UI adds its own label). */
  reason: string;
}

export interface ParsedPolicy {
  policy: Policy;
  problems: PolicyProblem[];
  /** Keys whose value came from the admin (valid and applied). */
  adminKeys: PolicyKey[];
}

type Reader<T> = (value: unknown, path: string, problems: PolicyProblem[]) => T | undefined;

export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function problem(problems: PolicyProblem[], path: string, value: unknown, reason: string): undefined {
  problems.push({ path, value: describeValue(value), reason });
  return undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const readInteger =
  (min: number, max: number): Reader<number> =>
  (value, path, problems) => {
    if (typeof value !== 'number' || !Number.isInteger(value))
      return problem(problems, path, value, 'expected a whole number');
    if (value < min || value > max) return problem(problems, path, value, `expected ${min} to ${max}`);
    return value;
  };

const readBoolean: Reader<boolean> = (value, path, problems) =>
  typeof value === 'boolean' ? value : problem(problems, path, value, 'expected true or false');

const readString: Reader<string> = (value, path, problems) =>
  typeof value === 'string' ? value.trim() : problem(problems, path, value, 'expected text');

function readEnum<T extends string>(allowed: readonly T[]): Reader<T> {
  return (value, path, problems) =>
    typeof value === 'string' && (allowed as readonly string[]).includes(value)
      ? (value as T)
      : problem(problems, path, value, `expected one of ${allowed.join(', ')}`);
}

/** An https URL (or empty, meaning "none"). Anything else could send staff or records somewhere unintended. */
const readHttpsUrl: Reader<string> = (value, path, problems) => {
  const text = readString(value, path, problems);
  if (text === undefined || text === '') return text;
  try {
    if (new URL(text).protocol === 'https:') return text;
  } catch {
    // fall through
  }
  return problem(problems, path, value, 'expected an https:// URL');
};

/** The records' endpoint: https, and no user:password in it (they would travel in every request's URL). */
const readReportEndpoint: Reader<string> = (value, path, problems) => {
  const url = readHttpsUrl(value, path, problems);
  if (!url) return url;
  const parsed = new URL(url);
  if (parsed.username || parsed.password)
    return problem(problems, path, value, 'expected no user:password in the URL (use reportToken)');
  return url;
};

/** A bearer token: visible ASCII without spaces (RFC 6750 b64token), so it fits an HTTP header. */
const readToken: Reader<string> = (value, path, problems) => {
  const text = readString(value, path, problems);
  if (text === undefined || text === '') return text;
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(text) || text.length > 4096)
    return problem(problems, path, '(hidden)', 'expected a token of letters, digits and -._~+/ (at most 4096)');
  return text;
};

/** An array whose bad items are dropped one by one (each a problem), so one typo loses nothing else. */
function readArray<T>(item: Reader<T>): Reader<T[]> {
  return (value, path, problems) => {
    if (!Array.isArray(value)) return problem(problems, path, value, 'expected a list');
    const items: T[] = [];
    value.forEach((entry, index) => {
      const parsed = item(entry, `${path}[${index}]`, problems);
      if (parsed !== undefined) items.push(parsed);
    });
    return items;
  };
}

const readNonEmptyString: Reader<string> = (value, path, problems) => {
  const text = readString(value, path, problems);
  if (text === '') return problem(problems, path, value, 'expected non-empty text');
  return text;
};

const readClassification = readInteger(1, 3) as Reader<Classification>;

const readMarkers: Reader<Policy['classificationMarkers']> = (value, path, problems) => {
  if (!isPlainObject(value)) return problem(problems, path, value, 'expected an object with keys "1", "2", "3"');
  const markers = structuredClone(DEFAULT_MARKERS);
  for (const [key, list] of Object.entries(value)) {
    if (key !== '1' && key !== '2' && key !== '3') {
      problem(problems, `${path}.${key}`, list, 'unknown class; expected "1", "2" or "3"');
      continue;
    }
    const parsed = readArray(readNonEmptyString)(list, `${path}.${key}`, problems);
    if (parsed) markers[key] = parsed;
  }
  return markers;
};

const readPermittedService: Reader<PermittedService> = (value, path, problems) => {
  // A bare id is accepted too (Firefox passes policies on unchecked; admins write it naturally).
  if (typeof value === 'string') {
    const service = readNonEmptyString(value, path, problems);
    return service === undefined ? undefined : { service, maxClassification: 3 };
  }
  if (!isPlainObject(value))
    return problem(problems, path, value, 'expected {"service": id, "maxClassification": 1-3}');
  const service = readNonEmptyString(value.service, `${path}.service`, problems);
  if (service === undefined) return undefined;
  if (value.maxClassification === undefined) return { service, maxClassification: 3 };
  // A bad limit must not widen the permission: fall back to the strictest, class 1 only.
  const max = readClassification(value.maxClassification, `${path}.maxClassification`, problems) ?? 1;
  return { service, maxClassification: max };
};

const readMinimumVersions: Reader<Policy['minimumBrowserVersion']> = (value, path, problems) => {
  if (!isPlainObject(value)) return problem(problems, path, value, 'expected an object with chrome, edge, firefox');
  const versions: Policy['minimumBrowserVersion'] = {};
  for (const [browser, version] of Object.entries(value)) {
    if (browser !== 'chrome' && browser !== 'edge' && browser !== 'firefox') {
      problem(problems, `${path}.${browser}`, version, 'unknown browser; expected chrome, edge or firefox');
      continue;
    }
    const parsed = readInteger(1, 10_000)(version, `${path}.${browser}`, problems);
    if (parsed !== undefined) versions[browser] = parsed;
  }
  return versions;
};

/** A selector must parse, or it would silently match nothing; text keys (…Text) are plain strings. */
export function selectorProblem(key: string, entry: string): string | null {
  if (isTextKey(key)) return LOOKS_LIKE_CSS.test(entry) ? REASON_CSS_IN_TEXT_KEY : null;
  // css-what, not document.querySelector: the service worker that parses policy has no document.
  try {
    parseSelector(entry);
    return null;
  } catch {
    return 'not a valid CSS selector';
  }
}

export const REASON_CSS_IN_TEXT_KEY =
  'looks like a CSS selector, but this key holds text (its name ends in Text or Label)';

/** `.class`, `#id`, `[attr`, `tag[attr…]`: an entry of a text key that is surely a selector put under the wrong key. */
const LOOKS_LIKE_CSS =
  /^(?:[.#][a-z_-][\w-]*|\[[a-z_-][\w-]*(?:[~|^$*]?=|\])|[a-z][a-z0-9-]*\[[a-z_-][\w-]*(?:[~|^$*]?=|\]))/i;

const readTableEntries =
  (key: string): Reader<string[]> =>
  (value, path, problems) =>
    readArray<string>((entry, entryPath, entryProblems) => {
      const text = readNonEmptyString(entry, entryPath, entryProblems);
      if (text === undefined) return undefined;
      const reason = selectorProblem(key, text);
      return reason ? problem(entryProblems, entryPath, entry, reason) : text;
    })(value, path, problems);

const readSelectorOverrides: Reader<Policy['selectorOverrides']> = (value, path, problems) => {
  if (!isPlainObject(value)) return problem(problems, path, value, 'expected {service: {key: {add, replace}}}');
  const overrides: Policy['selectorOverrides'] = {};
  for (const [service, keys] of Object.entries(value)) {
    if (!isPlainObject(keys)) {
      problem(problems, `${path}.${service}`, keys, 'expected {key: {add, replace}}');
      continue;
    }
    const serviceOverrides: Record<string, SelectorChange> = {};
    for (const [key, change] of Object.entries(keys)) {
      const changePath = `${path}.${service}.${key}`;
      if (!isPlainObject(change)) {
        problem(problems, changePath, change, 'expected {"add": [...]} or {"replace": [...]}');
        continue;
      }
      const parsed: SelectorChange = {};
      if (change.add !== undefined) parsed.add = readTableEntries(key)(change.add, `${changePath}.add`, problems);
      if (change.replace !== undefined)
        parsed.replace = readTableEntries(key)(change.replace, `${changePath}.replace`, problems);
      if (parsed.add || parsed.replace) serviceOverrides[key] = parsed;
    }
    overrides[service] = serviceOverrides;
  }
  return overrides;
};

const SERVICE_ID = /^[a-z][a-z0-9-]{1,31}$/;
const MATCH_PATTERN = /^https:\/\/(\*|\*\.[^/*]+|[^/*]+)\/.*$/;

const readCustomService: Reader<CustomService> = (value, path, problems) => {
  if (!isPlainObject(value)) return problem(problems, path, value, 'expected {id, name, matches, table}');
  const id = readNonEmptyString(value.id, `${path}.id`, problems);
  if (id === undefined) return undefined;
  if (!SERVICE_ID.test(id) || BUILT_IN_SERVICE_IDS.includes(id))
    return problem(problems, `${path}.id`, id, 'expected a new lowercase id (a-z, 0-9, -)');
  const matchesList = readArray<string>((entry, entryPath, entryProblems) =>
    typeof entry === 'string' && MATCH_PATTERN.test(entry)
      ? entry
      : problem(entryProblems, entryPath, entry, 'expected an https match pattern such as https://meet.example.jp/*'),
  )(value.matches, `${path}.matches`, problems);
  if (!matchesList?.length) return problem(problems, `${path}.matches`, value.matches, 'expected at least one pattern');
  const table: Record<string, string[]> = {};
  if (value.table !== undefined) {
    if (!isPlainObject(value.table)) problem(problems, `${path}.table`, value.table, 'expected {key: [entries]}');
    else
      for (const [key, entries] of Object.entries(value.table)) {
        const parsed = readTableEntries(key)(entries, `${path}.table.${key}`, problems);
        if (parsed) table[key] = parsed;
      }
  }
  const name = typeof value.name === 'string' && value.name.trim() ? value.name.trim() : id;
  const service: CustomService = { id, name, matches: matchesList, table };
  if (value.base !== undefined) {
    const base = readEnum(BUILT_IN_SERVICE_IDS)(value.base, `${path}.base`, problems);
    if (base) service.base = base;
  }
  return service;
};

const readers: { [K in PolicyKey]: Reader<Policy[K]> } = {
  defaultClassification: readClassification,
  classificationMarkers: readMarkers,
  permittedServices: readArray(readPermittedService),
  e2eBreakingFeatures: readEnum(['warn', 'confirm', 'block'] as const),
  requirePasscode: readBoolean,
  requireWaitingRoom: readBoolean,
  organizationName: readString,
  procedureUrl: readHttpsUrl,
  applicationUrl: readHttpsUrl,
  internalDomains: readArray((value, path, problems) => readNonEmptyString(value, path, problems)?.toLowerCase()),
  notetakerNames: readArray(readNonEmptyString),
  minimumBrowserVersion: readMinimumVersions,
  selectorOverrides: readSelectorOverrides,
  customServices: readArray(readCustomService),
  reportEndpoint: readReportEndpoint,
  reportToken: readToken,
  logRetentionDays: readInteger(1, 3650),
  locale: readEnum(['auto', 'ja', 'en'] as const),
};

/**
 * Parses what managed storage (or a policy file) holds. Unknown keys are reported and ignored; a
 * wrong value is reported and replaced by that key's default. Never throws.
 */
export function parsePolicy(raw: unknown): ParsedPolicy {
  const policy = defaultPolicy();
  const problems: PolicyProblem[] = [];
  const adminKeys: PolicyKey[] = [];
  if (raw === undefined || raw === null) return { policy, problems, adminKeys };
  if (!isPlainObject(raw)) {
    problem(problems, '(policy)', raw, 'expected an object of policy keys');
    return { policy, problems, adminKeys };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!(POLICY_KEYS as string[]).includes(key)) {
      problem(problems, key, value, 'unknown policy key (ignored)');
      continue;
    }
    const policyKey = key as PolicyKey;
    const before = problems.length;
    const parsed = (readers[policyKey] as Reader<unknown>)(value, policyKey, problems);
    if (parsed !== undefined) {
      (policy as unknown as Record<string, unknown>)[policyKey] = parsed;
      adminKeys.push(policyKey);
    } else if (problems.length === before) {
      problem(problems, policyKey, value, 'invalid value');
    }
  }
  checkOverrides(policy, problems);
  return { policy, problems, adminKeys };
}
