/**
 * What every format module shares: the schema and how Chrome applies it to an extension's policy, the kit's
 * options (extension ids, update URLs), the products, and the shape of what a reader finds in a file.
 * Each format lives in its own module (registry, admx, intune, apple, json) with its writer and its reader.
 */

import { typesOnlySchema } from '../../src/policy/managed-schema';
import { describeValue, POLICY_KEYS, type PolicyProblem } from '../../src/policy/policy';
import schemaJson from '../../src/policy/schema.json';

// ---------------------------------------------------------------------------------------------------------------
// Schema

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  enum?: readonly Json[];
  minimum?: number;
  maximum?: number;
}

/** The schema as written: with the enums and ranges the ADMX, keys.md and the parser follow. */
export const SCHEMA = schemaJson as unknown as JsonSchema;
/** The schema as shipped in the manifest (types only; see src/policy/managed-schema.ts): what Chrome applies. */
export const SHIPPED_SCHEMA = typesOnlySchema(schemaJson) as unknown as JsonSchema;

/** The schema of one top-level key (every key in POLICY_KEYS has one). */
export function keySchema(key: string, schema: JsonSchema = SCHEMA): JsonSchema | undefined {
  return schema.properties?.[key];
}

/** The schema a child property or list item must follow, when the schema says anything about it. */
export function childSchema(schema: JsonSchema | undefined, name: string | number): JsonSchema | undefined {
  if (!schema) return undefined;
  if (typeof name === 'number') return schema.items;
  const declared = schema.properties?.[name];
  if (declared) return declared;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** Splits a schema text "日本語 / English" into its halves; a text with no English half serves both languages. */
export function splitBilingual(text: string): { ja: string; en: string } {
  const parts = text.split(' / ');
  // The English half is the tail with no Japanese in it; earlier " / " belong to the Japanese half.
  for (let i = 1; i < parts.length; i++) {
    const en = parts.slice(i).join(' / ');
    if (!/[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/.test(en)) return { ja: parts.slice(0, i).join(' / '), en };
  }
  return { ja: text, en: text };
}

// ---------------------------------------------------------------------------------------------------------------
// Problems, and what happens to the value

/**
 * `dropped`: the browser (or regedit, or the MDM) never hands the value to the extension as written; chrome://policy
 * and edge://policy show a wrongly typed value as "Not set" and a misspelled key not at all. `reported`: the value
 * reaches the extension, which lists it on its options page and in the record and uses a safe value instead
 * (src/policy/policy.ts). `not-installed`: a force-install entry from which the browser installs nothing.
 * `warning`: works only under a condition the file cannot show (a managed PC, your own id); not a failure.
 */
export type Effect = 'dropped' | 'reported' | 'not-installed' | 'warning';

export interface Problem extends PolicyProblem {
  effect: Effect;
}

export const problemAt = (path: string, value: unknown, reason: string, effect: Effect = 'dropped'): Problem => ({
  path,
  value: describeValue(value),
  reason,
  effect,
});

const joinPath = (path: string, name: string | number): string =>
  typeof name === 'number' ? `${path}[${name}]` : path ? `${path}.${name}` : name;

function typeMatches(value: unknown, type: JsonSchema['type']): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    case undefined:
      return true;
    default:
      return typeof value === type;
  }
}

const typeName = (type: JsonSchema['type']) =>
  type === 'object' ? 'an object' : type === 'array' ? 'a list' : type === 'integer' ? 'a whole number' : type;

/** The first reason `value` breaks `schema` (type, enum, range, anywhere inside), or null. Unknown properties pass. */
function firstViolation(value: unknown, schema: JsonSchema, path: string): { path: string; reason: string } | null {
  if (!typeMatches(value, schema.type)) return { path, reason: `expected ${typeName(schema.type)}` };
  if (schema.enum && !schema.enum.includes(value as Json))
    return { path, reason: `expected one of ${schema.enum.join(', ')}` };
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      return { path, reason: `below the minimum ${schema.minimum}` };
    if (schema.maximum !== undefined && value > schema.maximum)
      return { path, reason: `above the maximum ${schema.maximum}` };
  }
  if (Array.isArray(value) && schema.items) {
    for (const [index, item] of value.entries()) {
      const found = firstViolation(item, schema.items, joinPath(path, index));
      if (found) return found;
    }
  }
  if (isPlainObject(value)) {
    for (const [name, child] of Object.entries(value)) {
      const sub = childSchema(schema, name);
      const found = sub ? firstViolation(child, sub, joinPath(path, name)) : null;
      if (found) return found;
    }
  }
  return null;
}

/** Removes the properties the schema does not know, as Chrome's SCHEMA_ALLOW_UNKNOWN normalisation does. */
function withoutUnknown(value: unknown, schema: JsonSchema, path: string, problems: Problem[]): unknown {
  if (Array.isArray(value))
    return value.map((item, i) => withoutUnknown(item, schema.items ?? {}, joinPath(path, i), problems));
  if (!isPlainObject(value) || schema.type !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    const sub = childSchema(schema, name);
    if (sub) kept[name] = withoutUnknown(child, sub, joinPath(path, name), problems);
    else
      problems.push(
        problemAt(joinPath(path, name), child, 'not in the schema: Chrome and Edge leave this property out'),
      );
  }
  return kept;
}

/**
 * What Chrome and Edge hand the extension of a policy object, and what they leave out on the way
 * (components/policy/core/common/schema_map.cc FilterBundle: each top-level key is normalised against the
 * extension's managed_schema with SCHEMA_ALLOW_UNKNOWN). A key whose value breaks the schema anywhere inside is
 * dropped whole; a key the schema does not know is dropped; an unknown property inside an object is left out
 * and the rest of the key kept. `schema` is the shipped (types-only) schema unless a test passes another.
 */
export function chromeFilter(
  policy: unknown,
  schema: JsonSchema = SHIPPED_SCHEMA,
): { delivered: Record<string, unknown> | undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!isPlainObject(policy)) {
    problems.push(problemAt('(policy)', policy, 'expected an object of policy keys; Chrome and Edge read nothing'));
    return { delivered: undefined, problems };
  }
  const delivered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(policy)) {
    const sub = keySchema(key, schema);
    if (!sub) {
      const known = (POLICY_KEYS as readonly string[]).find((name) => name.toLowerCase() === key.toLowerCase());
      const hint = known ? ` (names are case-sensitive: ${known})` : '';
      problems.push(problemAt(key, value, `schema: unknown policy key; Chrome and Edge drop it${hint}`));
      continue;
    }
    const violation = firstViolation(value, sub, key);
    if (violation) {
      const where = violation.path === key ? '' : ` at ${violation.path}`;
      problems.push(problemAt(key, value, `schema: ${violation.reason}${where}; Chrome and Edge drop the whole key`));
      continue;
    }
    delivered[key] = withoutUnknown(value, sub, key, problems);
  }
  return { delivered, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// The kit's options: whose extension, installed from where

/**
 * The id of the repository's test key (test/e2e/test-key.json). Nobody holds its private half, so no store
 * listing and no signed package can ever have it: the committed kit says so on every file, and a city makes its
 * own kit with `npm run policy:kit -- --chrome-id <its id>` (docs/admin-guide.md, "自組織の ID").
 */
export const DEVELOPMENT_IDS = {
  chrome: 'kmandlfbdpnakamlpjkpfehnihagicnp',
  firefox: 'meeting-guard@city-tools.jp',
} as const;

export const CHROME_WEB_STORE_UPDATE_URL = 'https://clients2.google.com/service/update2/crx';
export const EDGE_ADDONS_UPDATE_URL = 'https://edge.microsoft.com/extensionwebstorebase/v1/crx';

export interface KitOptions {
  chromeId: string;
  edgeId: string;
  firefoxId: string;
  chromeUpdateUrl: string;
  edgeUpdateUrl: string;
  firefoxInstallUrl: string;
  /** Only for the "generated from" notes inside the files. */
  policyName: string;
}

export const DEFAULT_OPTIONS: KitOptions = {
  chromeId: DEVELOPMENT_IDS.chrome,
  edgeId: DEVELOPMENT_IDS.chrome,
  firefoxId: DEVELOPMENT_IDS.firefox,
  chromeUpdateUrl: CHROME_WEB_STORE_UPDATE_URL,
  // Edge takes a Chrome Web Store id with the Chrome Web Store update URL, but as an off-store extension: only on
  // Windows PCs joined to Active Directory or Entra ID or MDM-enrolled (every file that names it says so). The Edge
  // Add-ons URL serves only Edge Add-ons ids, so it is used only with --edge-id.
  edgeUpdateUrl: CHROME_WEB_STORE_UPDATE_URL,
  // A placeholder on a reserved example domain: guessing a real store URL could force-install someone else's add-on.
  firefoxInstallUrl: 'https://www.example.jp/meeting-guard/meeting-guard.xpi',
  policyName: 'sample-policy.json',
};

export const usesDevelopmentId = (options: KitOptions) =>
  options.chromeId === DEVELOPMENT_IDS.chrome || options.edgeId === DEVELOPMENT_IDS.chrome;

/** The warning every generated file carries while it names the development id. */
export const DEVELOPMENT_NOTE = {
  en:
    `DEVELOPMENT ID: this file names ${DEVELOPMENT_IDS.chrome}, the id of a test key nobody holds. ` +
    'No published or signed package has it. Make your own kit: npm run policy:kit -- --chrome-id <your id>.',
  ja:
    `開発用 ID: このファイルの ${DEVELOPMENT_IDS.chrome} は、秘密鍵が誰の手元にもないテスト用の鍵の ID です。` +
    '公開・署名されたパッケージがこの ID を持つことはありません。自組織の ID で作り直してください' +
    '（npm run policy:kit -- --chrome-id <自組織の ID>）。',
};

/** "Generated from ..., do not edit", plus the development-id warning when it applies. */
export function generatedNotes(options: KitOptions): string[] {
  const notes = [
    `Generated by "npm run policy:kit" from ${options.policyName} and src/policy/schema.json. Do not edit by hand.`,
  ];
  if (usesDevelopmentId(options)) notes.push(DEVELOPMENT_NOTE.en, DEVELOPMENT_NOTE.ja);
  return notes;
}

/** The notes for an XML comment, which cannot hold "--": the command is named without its option dashes. */
export const xmlNotes = (options: KitOptions) =>
  generatedNotes(options).map((note) =>
    note.replace(/npm run policy:kit -- --chrome-id/g, 'npm run policy:kit with the option chrome-id'),
  );

/** A Chrome/Edge extension id: 32 letters a-p (the key's SHA-256, first 16 bytes, one letter per 4 bits). */
export const CHROME_ID = /^[a-p]{32}$/;
/** Gecko ids: an email-like id or a {GUID}; they end up in registry paths and XML, so nothing else is allowed. */
export const GECKO_ID = /^([\w.+-]+@[\w.-]+|\{[0-9a-fA-F-]{36}\})$/;

export function chromeIdProblem(id: string): string | null {
  if (CHROME_ID.test(id)) return null;
  if (CHROME_ID.test(id.toLowerCase()))
    return 'not a Chrome extension id: ids are lower case (Chrome looks the policy up by the exact id)';
  return 'not a Chrome extension id (32 letters a-p); the browser applies this policy to no extension';
}

// ---------------------------------------------------------------------------------------------------------------
// Products

export type Chromium = 'chrome' | 'edge';

export const PRODUCTS = {
  chrome: {
    name: 'Google Chrome',
    registry: 'Software\\Policies\\Google\\Chrome',
    namespace: 'CityTools.Policies.MeetingGuard.Chrome',
    prefix: 'meetingguardchrome',
    intuneApp: 'MeetingGuardChrome',
    macDomain: 'com.google.Chrome.extensions',
  },
  edge: {
    name: 'Microsoft Edge',
    registry: 'Software\\Policies\\Microsoft\\Edge',
    namespace: 'CityTools.Policies.MeetingGuard.Edge',
    prefix: 'meetingguardedge',
    intuneApp: 'MeetingGuardEdge',
    macDomain: 'com.microsoft.Edge.extensions',
  },
} as const;

export const FIREFOX_REGISTRY = 'Software\\Policies\\Mozilla\\Firefox';

export const idFor = (product: Chromium, options: KitOptions) =>
  product === 'chrome' ? options.chromeId : options.edgeId;
export const updateUrlFor = (product: Chromium, options: KitOptions) =>
  product === 'chrome' ? options.chromeUpdateUrl : options.edgeUpdateUrl;
export const policyKeyPath = (product: Chromium, options: KitOptions) =>
  `${PRODUCTS[product].registry}\\3rdparty\\extensions\\${idFor(product, options)}\\policy`;

// ---------------------------------------------------------------------------------------------------------------
// Policy values in the kit

export type Policy = Record<string, Json>;

/** Schema key order, so every generated file lists keys the same way whatever order the input had. */
export const orderedEntries = (policy: Policy): [string, Json][] =>
  POLICY_KEYS.filter((key) => key in policy).map((key) => [key, policy[key] as Json]);

/** One line per key: short enough to read in regedit's multi-string editor and in GPO's text box. */
export function policyJsonLines(policy: Policy): string[] {
  const entries = orderedEntries(policy);
  const body = entries.map(
    ([key, value], i) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}${i < entries.length - 1 ? ',' : ''}`,
  );
  return ['{', ...body, '}'];
}

export const isJsonKind = (schema: JsonSchema | undefined) => schema?.type === 'array' || schema?.type === 'object';

// ---------------------------------------------------------------------------------------------------------------
// What a reader finds in a file

export type Browser = 'chrome' | 'edge' | 'chromium' | 'firefox' | 'unknown';

export interface PolicyEntry {
  /** Where in the file the policy sits, for the report: "Chrome extension kmand…". */
  label: string;
  browser: Browser;
  /** The extension id the file assigns this policy to, when the format names one. */
  id?: string;
  /** The policy object as the browser reads it from the file (before the schema and our own parsing). */
  policy: unknown;
  /** Problems with the file around the policy (wrong nesting, unreadable values), found while reading. */
  problems: Problem[];
}

export interface Extraction {
  format: string;
  entries: PolicyEntry[];
  /** Set when the file is readable but holds no extension policy (an ADMX template, a force-install file). */
  notPolicy?: string;
  /** Problems of the file as a whole (encoding, an id no browser will use), reported with every entry. */
  fileProblems?: Problem[];
  /** Facts worth saying that are not problems (the encoding a file was read in). */
  notes?: string[];
  /**
   * What a deployment file that holds no policy values carries (force-install entries, a template's extension
   * id): one line each, and what the browser will do with them (scripts/policy/install.ts).
   */
  deployment?: { lines: string[]; findings: Problem[] };
}

/** The file is not a policy file we can read; the message says where and why. */
export class FormatError extends Error {}

const BROWSER_NAMES: Record<Browser, string> = {
  chrome: 'Chrome',
  edge: 'Edge',
  chromium: 'Chrome/Chromium/Edge',
  firefox: 'Firefox',
  unknown: 'Policy',
};

export const entryLabel = (browser: Browser, id?: string) =>
  id ? `${BROWSER_NAMES[browser]} extension ${id}` : `${BROWSER_NAMES[browser]} policy`;

export function parseJsonOr<T>(text: string, fallback: T): Json | T {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return fallback;
  }
}
