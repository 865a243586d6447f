/**
 * The policy: its shape, its safe defaults, and `parsePolicy`, which turns whatever the browser's
 * managed storage holds into a valid policy plus a list of problems. It never throws: a wrong value
 * becomes a problem and that key's safe default (docs/contracts.md "Policy").
 *
 * Fail closed: where the admin set a security-relevant key but the value cannot be used, the extension
 * takes the strictest reading of it, never the loosest default (FAIL_CLOSED below): a broken permitted-
 * services list permits only its valid entries, an unknown guard mode blocks, and a list that would come
 * out empty and switch a built-in rule off keeps the built-in rule. Each of those is reported as a problem.
 */

import { parse as parseSelector } from 'css-what';
import { getDomain, parse as parseHost } from 'tldts';
import { cutText, SHARED_LIMITS, TABLE_KEY } from '../limits';
import { looksLikePublicKey } from '../rules-document';
import { BUILT_IN_SERVICE_IDS, services } from '../services';
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
  /** Put into every record (src/records.ts) so a collector groups by them and limits tokens to one organisation. */
  organization: string;
  department: string;
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
  /** Signed detection rules (src/rules-document.ts): https URL and the ECDSA P-256 key (SPKI, base64). */
  rulesUrl: string;
  rulesPublicKey: string;
  /** 「判定が違う」 reports from the popup, and the picker that proposes a table entry (issue 20). */
  detectionReports: boolean;
  detectionPicker: boolean;
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
    organization: '',
    department: '',
    procedureUrl: '',
    applicationUrl: '',
    internalDomains: [],
    notetakerNames: [],
    minimumBrowserVersion: {},
    selectorOverrides: {},
    customServices: [],
    reportEndpoint: '',
    reportToken: '',
    rulesUrl: '',
    rulesPublicKey: '',
    detectionReports: true,
    detectionPicker: true,
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
  /** True while managed storage has not answered yet and no admin policy was kept: src/policy/pending.ts. */
  pending?: true;
}

type Reader<T> = (value: unknown, path: string, problems: PolicyProblem[]) => T | undefined;

export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A cycle, or nesting too deep for JSON.stringify (RangeError); String() can overflow the same way.
    try {
      text = String(value);
    } catch {
      text = Array.isArray(value) ? '[…]' : '{…}';
    }
  }
  // A user:password in any URL is a secret: never echoed into the options page or the record.
  text = text.replace(/\/\/[^/\s"@]*@/g, '//(hidden)@');
  return text.length > 120 ? `${cutText(text, 117)}...` : cutText(text, text.length);
}

/** The longest path a problem names (a key is the admin's text, and could be anything). */
const MAX_PATH = 200;

function problem(problems: PolicyProblem[], path: string, value: unknown, reason: string): undefined {
  problems.push({
    path: path.length > MAX_PATH ? `${cutText(path, MAX_PATH - 3)}...` : path,
    value: describeValue(value),
    reason,
  });
  return undefined;
}

/** What a problem shows for a secret (a token, or a value under a key whose name says it is one). */
export const HIDDEN = '(hidden)';
/** Wide on purpose: a misspelt `reportToken` (`reportTokn`) must not be echoed either. */
const SECRET_KEY = /tok|secret|passw|cred|auth|key/i;

/**
 * Bounds on what the parser walks (issue 19: 20,000 entries took a second, and 50,000 repeats made a problems
 * record too large to deliver): a longer list or object is cut, with one problem saying so.
 */
export const POLICY_LIST_LIMITS = {
  permittedServices: 100,
  internalDomains: 1_000,
  classificationMarkers: 100,
  customServices: 50,
  matches: 50,
  /** Keys of one table, services of `selectorOverrides`, keys of one service's overrides. */
  objectKeys: 200,
  notetakerNames: SHARED_LIMITS.notetakerNames,
} as const;

/** The most problems listed; past it one problem says how many more there are. */
export const MAX_PROBLEMS = 100;

const cutReason = (max: number) => `more than ${max} entries; only the first ${max} are used`;

/** The first `max` items of a list, with a problem when there were more. */
function capList<T>(list: readonly T[], max: number, path: string, problems: PolicyProblem[]): readonly T[] {
  if (list.length <= max) return list;
  problem(problems, path, `(${list.length} entries)`, cutReason(max));
  return list.slice(0, max);
}

/** The first `max` entries of an object, with a problem when there were more. */
function capEntries(value: Record<string, unknown>, max: number, path: string, problems: PolicyProblem[]) {
  return capList(Object.entries(value), max, path, problems);
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
  typeof value === 'string' ? cutText(value.trim(), value.length) : problem(problems, path, value, 'expected text');

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
  // Whatever the value is, it may be the secret itself: the problem never shows it.
  if (typeof value !== 'string') return problem(problems, path, HIDDEN, 'expected text');
  const text = value.trim();
  if (text === '') return text;
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(text) || text.length > 4096)
    return problem(problems, path, HIDDEN, 'expected a token of letters, digits and -._~+/ (at most 4096)');
  return text;
};

/** The rules' public key: SPKI as base64 (the collector's GET /rules-key); a wrong one verifies nothing. */
const readRulesKey: Reader<string> = (value, path, problems) => {
  const text = readString(value, path, problems)?.trim();
  if (text === undefined || text === '' || looksLikePublicKey(text)) return text;
  return problem(problems, path, value, 'expected an ECDSA P-256 public key (SPKI, base64)');
};

/**
 * An array whose bad items are dropped one by one (each a problem), so one typo loses nothing else; at most
 * `max` items are read (the rest is cut, with a problem).
 */
function readArray<T>(item: Reader<T>, max: number): Reader<T[]> {
  return (value, path, problems) => {
    if (!Array.isArray(value)) return problem(problems, path, value, 'expected a list');
    const items: T[] = [];
    capList(value, max, path, problems).forEach((entry, index) => {
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

/**
 * 1, 2 or 3; also "1", "2" or "3" (a Windows registry string, or Firefox's policies.json, which applies no
 * schema): read as the class it names, never as the default.
 */
const readClassification: Reader<Classification> = (value, path, problems) =>
  readInteger(1, 3)(typeof value === 'string' && /^\s*[123]\s*$/.test(value) ? Number(value) : value, path, problems) as
    | Classification
    | undefined;

const readMarkers: Reader<Policy['classificationMarkers']> = (value, path, problems) => {
  if (!isPlainObject(value)) return problem(problems, path, value, 'expected an object with keys "1", "2", "3"');
  const markers = structuredClone(DEFAULT_MARKERS);
  for (const [key, list] of capEntries(value, POLICY_LIST_LIMITS.objectKeys, path, problems)) {
    if (key !== '1' && key !== '2' && key !== '3') {
      problem(problems, `${path}.${key}`, list, 'unknown class; expected "1", "2" or "3"');
      continue;
    }
    const parsed = readArray(readNonEmptyString, POLICY_LIST_LIMITS.classificationMarkers)(
      list,
      `${path}.${key}`,
      problems,
    );
    // An empty list would stop the title marker of that class from being read at all: keep the built-in one.
    if (parsed?.length) markers[key] = parsed;
    else if (parsed) problem(problems, `${path}.${key}`, list, EMPTY_KEEPS_BUILT_IN);
  }
  return markers;
};

/** The reason given where a list came out empty and the built-in list stays in force instead. */
export const EMPTY_KEEPS_BUILT_IN = 'no usable entry; the built-in list stays in force';

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
  const unknown = Object.keys(value).filter((key) => key !== 'service' && key !== 'maxClassification');
  for (const key of unknown.slice(0, 3)) problem(problems, `${path}.${key}`, value[key], REASON_UNKNOWN_PROPERTY);
  // A misspelt limit (`maxClasification`) is a limit the admin meant to set: the strictest, never "up to 3".
  if (value.maxClassification === undefined) return { service, maxClassification: unknown.length ? 1 : 3 };
  // A bad limit must not widen the permission: fall back to the strictest, class 1 only.
  const max = readClassification(value.maxClassification, `${path}.maxClassification`, problems) ?? 1;
  return { service, maxClassification: max };
};

/**
 * Fail closed: a permitted-services value that is not a list permits nothing (every service is then
 * "not permitted" and says so), and a list keeps only its valid entries. The default (every built-in
 * service up to 機密性3) is for an admin who said nothing, never for one whose value is broken.
 * A service listed twice gets the lower of its limits.
 */
const readPermittedServices: Reader<PermittedService[]> = (value, path, problems) => {
  if (!Array.isArray(value)) {
    problem(problems, path, value, 'expected a list; no service is permitted until it is fixed');
    return [];
  }
  const result: PermittedService[] = [];
  const byId = new Map<string, PermittedService>();
  capList(value, POLICY_LIST_LIMITS.permittedServices, path, problems).forEach((entry, index) => {
    const parsed = readPermittedService(entry, `${path}[${index}]`, problems);
    if (!parsed) return;
    const earlier = byId.get(parsed.service);
    if (!earlier) {
      byId.set(parsed.service, parsed);
      result.push(parsed);
    } else {
      problem(problems, `${path}[${index}]`, entry, 'service listed twice; the lower limit applies');
      earlier.maxClassification = Math.min(earlier.maxClassification, parsed.maxClassification) as Classification;
    }
  });
  return result;
};

const readMinimumVersions: Reader<Policy['minimumBrowserVersion']> = (value, path, problems) => {
  if (!isPlainObject(value)) return problem(problems, path, value, 'expected an object with chrome, edge, firefox');
  const versions: Policy['minimumBrowserVersion'] = {};
  for (const [browser, version] of capEntries(value, POLICY_LIST_LIMITS.objectKeys, path, problems)) {
    if (browser !== 'chrome' && browser !== 'edge' && browser !== 'firefox') {
      problem(problems, `${path}.${browser}`, version, 'unknown browser; expected chrome, edge or firefox');
      continue;
    }
    const parsed = readInteger(1, 10_000)(version, `${path}.${browser}`, problems);
    if (parsed !== undefined) versions[browser] = parsed;
  }
  return versions;
};

export const REASON_UNKNOWN_PROPERTY =
  'unknown property (check the spelling); without a valid maxClassification the limit is 機密性1';

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

const tooLong = (max: number) => `longer than ${max} characters (the content script would refuse it)`;

/** Entries of one table key: each at most the length the content script takes, at most as many as it takes. */
const readTableEntries =
  (key: string): Reader<string[]> =>
  (value, path, problems) =>
    readArray<string>((entry, entryPath, entryProblems) => {
      const text = readNonEmptyString(entry, entryPath, entryProblems);
      if (text === undefined) return undefined;
      if (text.length > SHARED_LIMITS.tableEntryLength)
        return problem(entryProblems, entryPath, entry, tooLong(SHARED_LIMITS.tableEntryLength));
      const reason = selectorProblem(key, text);
      return reason ? problem(entryProblems, entryPath, entry, reason) : text;
    }, SHARED_LIMITS.tableEntries)(value, path, problems);

/** A table key the content script takes (`recordingOn`): letters and digits, at most 64. */
function readTableKey(key: string, path: string, problems: PolicyProblem[]): boolean {
  if (TABLE_KEY.test(key)) return true;
  problem(problems, path, key, 'not a table key (letters and digits, starting with a letter; ignored)');
  return false;
}

const readNotetakerName: Reader<string> = (value, path, problems) => {
  const text = readNonEmptyString(value, path, problems);
  if (text === undefined || text.length <= SHARED_LIMITS.notetakerNameLength) return text;
  return problem(problems, path, value, tooLong(SHARED_LIMITS.notetakerNameLength));
};

const readSelectorOverrides: Reader<Policy['selectorOverrides']> = (value, path, problems) => {
  if (!isPlainObject(value)) return problem(problems, path, value, 'expected {service: {key: {add, replace}}}');
  const overrides: Policy['selectorOverrides'] = {};
  for (const [service, keys] of capEntries(value, POLICY_LIST_LIMITS.objectKeys, path, problems)) {
    if (!isPlainObject(keys)) {
      problem(problems, `${path}.${service}`, keys, 'expected {key: {add, replace}}');
      continue;
    }
    const serviceOverrides: Record<string, SelectorChange> = {};
    for (const [key, change] of capEntries(keys, POLICY_LIST_LIMITS.objectKeys, `${path}.${service}`, problems)) {
      const changePath = `${path}.${service}.${key}`;
      if (!readTableKey(key, changePath, problems)) continue;
      if (!isPlainObject(change)) {
        problem(problems, changePath, change, 'expected {"add": [...]} or {"replace": [...]}');
        continue;
      }
      for (const operation of Object.keys(change)
        .filter((name) => name !== 'add' && name !== 'replace')
        .slice(0, 3))
        problem(
          problems,
          `${changePath}.${operation}`,
          change[operation],
          'unknown operation (expected add or replace; ignored)',
        );
      const parsed: SelectorChange = {};
      if (change.add !== undefined) parsed.add = readTableEntries(key)(change.add, `${changePath}.add`, problems);
      if (change.replace !== undefined) {
        const replace = readTableEntries(key)(change.replace, `${changePath}.replace`, problems);
        // Entries given but none usable: replacing with nothing would switch the built-in rule off (a recording
        // indicator no longer read), so the built-in rule stays and `add` still applies. An explicit [] is the
        // admin's own choice, judged with the adapter's table in overrides.ts (refused where it silences a warning).
        const givenButUnusable = Array.isArray(change.replace) && change.replace.length > 0 && replace?.length === 0;
        if (givenButUnusable) problem(problems, `${changePath}.replace`, change.replace, EMPTY_KEEPS_BUILT_IN);
        else if (replace) parsed.replace = replace;
      }
      if (parsed.add || parsed.replace) serviceOverrides[key] = parsed;
    }
    overrides[service] = serviceOverrides;
  }
  return overrides;
};

const SERVICE_ID = /^[a-z][a-z0-9-]{1,31}$/;

/**
 * Suffixes under which anyone can register a name come from the Public Suffix List (publicsuffix.org), ICANN
 * and private sections both, through `tldts` (kept up to date with the list; policy is parsed only in the
 * service worker, the options page and the CLI, never in a content script). `https://*.jp/*` or
 * `https://*.github.io/*` would inject the content script into every site under it and report each page there
 * as a meeting. A host is one site when the list gives it a registrable domain.
 */
export function isPublicSuffix(host: string): boolean {
  const parsed = parseHost(host, { allowPrivateDomains: true });
  return !parsed.isIp && parsed.domain === null;
}

/**
 * Why a custom-service match pattern is refused, or null. Its reach must stay one organisation's site:
 * https only, a host that names a registrable domain (a `*.` wildcard only in front of one), no user-info
 * (`https://a@b/` is a different host than it reads), no spaces, a path.
 */
export function matchPatternProblem(pattern: string): string | null {
  if (/\s/.test(pattern)) return 'no spaces in a match pattern';
  const parts = /^https:\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!parts) return 'expected an https match pattern such as https://meet.example.jp/*';
  const host = parts[1] as string;
  if (host.includes('@')) return 'no user name or password (@) in a match pattern';
  // Firefox's match patterns cannot name a port (docs/sources.md `match-patterns`): such a custom service would
  // never run there. Without one, Chrome and Firefox alike match every port of the host.
  if (/:\d*$/.test(host)) return REASON_PORT;
  const wildcard = host.startsWith('*.');
  const name = wildcard ? host.slice(2) : host;
  if (host === '*' || name.includes('*'))
    return 'the host must name a site: * only as "*." in front of a registrable domain';
  if (/^\d+(\.\d+){3}$/.test(name)) return wildcard ? 'no wildcard in front of an IP address' : null;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(name))
    return 'expected a lower-case host name with at least two labels, such as meet.city.example.jp';
  if (isPublicSuffix(name)) return REASON_PUBLIC_SUFFIX;
  return null;
}

export const REASON_PORT =
  'no port in a match pattern (Firefox cannot match one): write https://host/*, which matches every port';
export const REASON_PUBLIC_SUFFIX =
  'the host is a public suffix (such as lg.jp, co.jp or github.io, from the Public Suffix List), not one site';

const readCustomService: Reader<CustomService> = (value, path, problems) => {
  if (!isPlainObject(value)) return problem(problems, path, value, 'expected {id, name, matches, table}');
  const id = readNonEmptyString(value.id, `${path}.id`, problems);
  if (id === undefined) return undefined;
  if (!SERVICE_ID.test(id) || BUILT_IN_SERVICE_IDS.includes(id))
    return problem(problems, `${path}.id`, id, 'expected a new lowercase id (a-z, 0-9, -)');
  const matchesList = readArray<string>((entry, entryPath, entryProblems) => {
    if (typeof entry !== 'string')
      return problem(
        entryProblems,
        entryPath,
        entry,
        'expected an https match pattern such as https://meet.example.jp/*',
      );
    const reason = matchPatternProblem(entry);
    return reason ? problem(entryProblems, entryPath, entry, reason) : entry;
  }, POLICY_LIST_LIMITS.matches)(value.matches, `${path}.matches`, problems);
  if (!matchesList?.length) return problem(problems, `${path}.matches`, value.matches, 'expected at least one pattern');
  const table: Record<string, string[]> = {};
  if (value.table !== undefined) {
    if (!isPlainObject(value.table)) problem(problems, `${path}.table`, value.table, 'expected {key: [entries]}');
    else
      for (const [key, entries] of capEntries(value.table, POLICY_LIST_LIMITS.objectKeys, `${path}.table`, problems)) {
        if (!readTableKey(key, `${path}.table.${key}`, problems)) continue;
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

/** Custom services, each id once: a second service with the same id would fight the first over its pages. */
const readCustomServices: Reader<CustomService[]> = (value, path, problems) => {
  const parsed = readArray(readCustomService, POLICY_LIST_LIMITS.customServices)(value, path, problems);
  if (!parsed) return undefined;
  const seen = new Set<string>();
  return parsed.filter((service) => {
    if (!seen.has(service.id)) return seen.add(service.id);
    const index = Array.isArray(value)
      ? value.findLastIndex((entry) => isPlainObject(entry) && entry.id === service.id)
      : -1;
    problem(problems, `${path}[${index}].id`, service.id, 'id used twice; only the first service with it is kept');
    return false;
  });
};

/**
 * Domains every customer of a built-in service shares (zoom.us, webex.com, meet.jit.si…), from the services' own
 * match patterns and their registrable domains: an internal domain that covers one would make every outside
 * meeting on that service look internal.
 */
const SHARED_SERVICE_DOMAINS: readonly string[] = [
  ...new Set(
    services.flatMap((service) =>
      service.matches.flatMap((pattern) => {
        const host = /^https:\/\/(?:\*\.)?([^/]+)/.exec(pattern)?.[1] ?? '';
        return [host, getDomain(host, { allowPrivateDomains: true }) ?? host];
      }),
    ),
  ),
  'zoom.com',
];

export const REASON_SHARED_DOMAIN =
  'a domain every customer of a meeting service shares (such as zoom.us or webex.com): name your own site (city-example.zoom.us)';

/** An internal domain: a host name (itself and its subdomains) or a Teams tenant id; never a shared or public one. */
const readInternalDomain: Reader<string> = (value, path, problems) => {
  const entry = readNonEmptyString(value, path, problems)?.toLowerCase();
  if (entry === undefined || /^[0-9a-f-]{36}$/.test(entry)) return entry;
  if (SHARED_SERVICE_DOMAINS.some((shared) => shared === entry || shared.endsWith(`.${entry}`)))
    return problem(problems, path, value, REASON_SHARED_DOMAIN);
  if (isPublicSuffix(entry)) return problem(problems, path, value, REASON_PUBLIC_SUFFIX);
  return entry;
};

const readers: { [K in PolicyKey]: Reader<Policy[K]> } = {
  defaultClassification: readClassification,
  classificationMarkers: readMarkers,
  permittedServices: readPermittedServices,
  e2eBreakingFeatures: readEnum(['warn', 'confirm', 'block'] as const),
  requirePasscode: readBoolean,
  requireWaitingRoom: readBoolean,
  organizationName: readString,
  organization: readString,
  department: readString,
  procedureUrl: readHttpsUrl,
  applicationUrl: readHttpsUrl,
  internalDomains: readArray(readInternalDomain, POLICY_LIST_LIMITS.internalDomains),
  notetakerNames: readArray(readNotetakerName, POLICY_LIST_LIMITS.notetakerNames),
  minimumBrowserVersion: readMinimumVersions,
  selectorOverrides: readSelectorOverrides,
  customServices: readCustomServices,
  reportEndpoint: readReportEndpoint,
  reportToken: readToken,
  rulesUrl: readReportEndpoint,
  rulesPublicKey: readRulesKey,
  detectionReports: readBoolean,
  detectionPicker: readBoolean,
  logRetentionDays: readInteger(1, 3650),
  locale: readEnum(['auto', 'ja', 'en'] as const),
};

/**
 * What a key the admin set takes when its value cannot be used, where the default would loosen the guard.
 * `e2eBreakingFeatures`: the value is unknown, so the admin may have meant any of warn, confirm or block;
 * `block` is the one reading that is never looser than what they meant (confirm would be looser than an
 * intended block), and the problem shown on the options page and in the record tells them to fix it.
 * `permittedServices` permits nothing (its reader also keeps the valid entries of a list). The defaults of `requirePasscode` and
 * `requireWaitingRoom` (true) are already the strict reading; `defaultClassification` keeps its default 2,
 * which already puts every unmarked meeting under the 機密性2 rules.
 */
const FAIL_CLOSED: Partial<Policy> = {
  e2eBreakingFeatures: 'block',
  permittedServices: [],
};

/** Deeper than any real policy (the deepest key is 4 levels): refused before anything walks it. */
const MAX_DEPTH = 16;

function tooDeep(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= MAX_DEPTH) return true;
  for (const child of Object.values(value)) if (tooDeep(child, depth + 1)) return true;
  return false;
}

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
  for (const [key, value] of capEntries(raw, POLICY_LIST_LIMITS.objectKeys, '(policy)', problems)) {
    if (!(POLICY_KEYS as string[]).includes(key)) {
      problem(problems, key, SECRET_KEY.test(key) ? HIDDEN : value, 'unknown policy key (ignored)');
      continue;
    }
    const policyKey = key as PolicyKey;
    const before = problems.length;
    let parsed: unknown;
    try {
      parsed = tooDeep(value)
        ? problem(problems, policyKey, '(nested too deep)', `nested deeper than ${MAX_DEPTH} levels`)
        : (readers[policyKey] as Reader<unknown>)(value, policyKey, problems);
    } catch {
      // Not expected (the readers only look at JSON values), but a policy must never stop the extension.
      parsed = problem(problems, policyKey, '(unreadable)', 'invalid value');
    }
    if (parsed === undefined && problems.length === before) problem(problems, policyKey, value, 'invalid value');
    if (parsed === undefined && policyKey in FAIL_CLOSED) parsed = structuredClone(FAIL_CLOSED[policyKey]);
    if (parsed !== undefined) {
      (policy as unknown as Record<string, unknown>)[policyKey] = parsed;
      adminKeys.push(policyKey);
    }
  }
  checkOverrides(policy, problems);
  checkPermittedIds(policy, problems);
  return { policy, problems: boundedProblems(problems), adminKeys };
}

/** A permitted id that names no service is a typo that permits nothing: reported (and dropped). */
function checkPermittedIds(policy: Policy, problems: PolicyProblem[]): void {
  const known = new Set([...BUILT_IN_SERVICE_IDS, ...policy.customServices.map((service) => service.id)]);
  policy.permittedServices = policy.permittedServices.filter(({ service }) => {
    if (known.has(service)) return true;
    problem(problems, 'permittedServices', service, REASON_UNKNOWN_SERVICE);
    return false;
  });
}

export const REASON_UNKNOWN_SERVICE = `unknown service id (permits nothing; expected ${BUILT_IN_SERVICE_IDS.join(', ')} or a customServices id)`;

/** At most MAX_PROBLEMS problems: the last one says how many more there were (the record must stay deliverable). */
function boundedProblems(problems: PolicyProblem[]): PolicyProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const more = problems.length - (MAX_PROBLEMS - 1);
  return [
    ...problems.slice(0, MAX_PROBLEMS - 1),
    { path: '(policy)', value: '', reason: `${more} more problems not listed (fix the ones above and check again)` },
  ];
}
