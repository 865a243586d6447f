/**
 * Windows registry: the .reg files of the kit (writer) and how Chrome, Edge and Firefox read such a file once
 * regedit has imported it (reader).
 *
 * Chrome and Edge: components/policy/core/common/registry_dict.cc (RegistryDict::ReadRegistry and
 * ConvertRegistryValue) and policy_loader_win.cc (Load3rdPartyPolicy), as of Chromium 120 and later:
 * - only REG_SZ, REG_EXPAND_SZ and 4-byte REG_DWORD values are read; REG_MULTI_SZ, REG_QWORD, REG_BINARY are
 *   skipped (a warning in the browser's log, nothing in chrome://policy);
 * - each value is then converted to the type the extension's schema wants: a boolean from any DWORD (0 = false)
 *   or a string of digits, an integer from a string of digits, a list or object from JSON text in a REG_SZ
 *   (trailing commas allowed) or from a sub-key whose values are named "1", "2", ...; nothing becomes text;
 * - key names compare case-insensitively, but the extension id is looked up exactly (lower case).
 * Firefox: its WindowsGPOParser has no schema: a DWORD stays a number, REG_MULTI_SZ under 3rdparty is JSON.
 * regedit: a file is "Windows Registry Editor Version 5.00" in UTF-16LE (or ANSI text in the system code page,
 * Shift_JIS on Japanese Windows); only full hive names (HKEY_LOCAL_MACHINE) are imported.
 */

import { POLICY_KEYS } from '../../src/policy/policy';
import {
  type Browser,
  CHROME_WEB_STORE_UPDATE_URL,
  type Chromium,
  childSchema,
  chromeIdProblem,
  EDGE_ADDONS_UPDATE_URL,
  type Extraction,
  entryLabel,
  FIREFOX_REGISTRY,
  FormatError,
  generatedNotes,
  idFor,
  isJsonKind,
  type Json,
  type JsonSchema,
  type KitOptions,
  keySchema,
  orderedEntries,
  type Policy,
  type PolicyEntry,
  PRODUCTS,
  type Problem,
  parseJsonOr,
  policyJsonLines,
  policyKeyPath,
  problemAt,
  SHIPPED_SCHEMA,
  updateUrlFor,
} from './common';
import { deploymentOf, forcelistInstall, type Install } from './install';

export type RegValue = (
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD' | 'REG_QWORD'; data: number }
  | { type: 'REG_BINARY' | 'REG_NONE'; data: Uint8Array }
) & { line?: number };

export interface RegKey {
  /** As written in the file, e.g. HKEY_LOCAL_MACHINE\Software\Policies\Google\Chrome. */
  path: string;
  /** Line of the [key] header in the file (1-based). */
  line?: number;
  values: Map<string, RegValue>;
}

export const REG_HEADER = 'Windows Registry Editor Version 5.00';
const HKLM = 'HKEY_LOCAL_MACHINE';
const CRLF = '\r\n';

// ---------------------------------------------------------------------------------------------------------------
// Writing

export const regQuote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function utf16Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes.push(unit & 0xff, unit >> 8);
  }
  return bytes;
}

/** regedit's own layout for hex data: comma-separated bytes, wrapped with a trailing backslash. */
function regHex(prefix: string, bytes: number[]): string {
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0'));
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 25) lines.push(hex.slice(i, i + 25).join(','));
  return `${prefix}${lines.join(',\\\r\n  ')}`;
}

/** One `"name"=data` line. REG_SZ with a line break goes as hex(1): a quoted .reg string cannot hold one. */
export function regValueLine(name: string, value: RegValue): string {
  const quotedName = name === '' ? '@' : regQuote(name);
  switch (value.type) {
    case 'REG_SZ':
      if (/[\r\n\0]/.test(value.data)) return `${quotedName}=${regHex('hex(1):', utf16Bytes(`${value.data}\0`))}`;
      return `${quotedName}=${regQuote(value.data)}`;
    case 'REG_EXPAND_SZ':
      return `${quotedName}=${regHex('hex(2):', utf16Bytes(`${value.data}\0`))}`;
    case 'REG_MULTI_SZ':
      return `${quotedName}=${regHex('hex(7):', utf16Bytes(`${value.data.map((line) => `${line}\0`).join('')}\0`))}`;
    case 'REG_DWORD':
      if (!Number.isInteger(value.data) || value.data < 0 || value.data > 0xffffffff)
        throw new Error(`${name}: ${value.data} does not fit a REG_DWORD`);
      return `${quotedName}=dword:${value.data.toString(16).padStart(8, '0')}`;
    case 'REG_QWORD': {
      const bytes: number[] = [];
      let rest = BigInt(value.data);
      for (let i = 0; i < 8; i++, rest >>= 8n) bytes.push(Number(rest & 0xffn));
      return `${quotedName}=${regHex('hex(b):', bytes)}`;
    }
    case 'REG_BINARY':
      return `${quotedName}=${regHex('hex:', [...value.data])}`;
    case 'REG_NONE':
      return `${quotedName}=${regHex('hex(0):', [...value.data])}`;
  }
}

/** regedit's preferred encoding: UTF-16LE with a byte-order mark. */
export function utf16(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 + i * 2] = unit & 0xff;
    bytes[3 + i * 2] = unit >> 8;
  }
  return bytes;
}

/** How Chrome and Edge want each schema type in the registry: the types ConvertRegistryValue reads back. */
export function chromeRegistryValue(key: string, value: Json): RegValue {
  const schema = keySchema(key);
  if (schema?.type === 'boolean') return { type: 'REG_DWORD', data: value ? 1 : 0 };
  if (schema?.type === 'integer') return { type: 'REG_DWORD', data: value as number };
  if (isJsonKind(schema)) return { type: 'REG_SZ', data: JSON.stringify(value) };
  return { type: 'REG_SZ', data: String(value) };
}

export const regComment = (text: string) =>
  text
    .split('\n')
    .map((line) => `; ${line}`.trimEnd())
    .join(CRLF);

function regFile(comment: string, body: string[]): string {
  return [REG_HEADER, '', regComment(comment), '', ...body, ''].join(CRLF);
}

export function chromiumReg(product: Chromium, policy: Policy, options: KitOptions): string {
  const path = `${HKLM}\\${policyKeyPath(product, options)}`;
  const lines = orderedEntries(policy).map(([key, value]) => regValueLine(key, chromeRegistryValue(key, value)));
  const comment = [
    `Meeting Guard (Web会議ガード) policy for ${PRODUCTS[product].name}, extension id ${idFor(product, options)}.`,
    ...generatedNotes(options),
    'Import the .utf16.reg copy: regedit reads UTF-16LE; Japanese text in a UTF-8 .reg is garbled.',
    'Booleans and integers are REG_DWORD; lists and objects are REG_SZ holding one line of JSON.',
    'The first line deletes the key, so values left over from an older policy disappear.',
  ].join('\n');
  return regFile(comment, [`[-${path}]`, '', `[${path}]`, ...lines]);
}

export function firefoxReg(policy: Policy, options: KitOptions): string {
  const path = `${HKLM}\\${FIREFOX_REGISTRY}\\3rdparty\\Extensions`;
  const lines = policyJsonLines(policy);
  const comment = [
    `Meeting Guard (Web会議ガード) policy for Firefox, add-on id ${options.firefoxId}.`,
    ...generatedNotes(options),
    'Import the .utf16.reg copy: regedit reads UTF-16LE; Japanese text in a UTF-8 .reg is garbled.',
    'As mozilla/policy-templates documents for 3rdparty: one REG_MULTI_SZ value named after the add-on id,',
    'holding the whole policy as JSON (Firefox joins the lines and parses them). Firefox has no schema, so',
    'a REG_DWORD would arrive as a number, never as true/false: that is why nothing here is a DWORD.',
    'The value holds this JSON:',
    '',
    ...lines,
  ].join('\n');
  return regFile(comment, [`[${path}]`, regValueLine(options.firefoxId, { type: 'REG_MULTI_SZ', data: lines })]);
}

/** Where a forcelist installs only on managed Windows PCs, in a sentence for the files and the command's output. */
export function offStoreNote(product: Chromium, url: string): string | undefined {
  if (product === 'edge' && url !== EDGE_ADDONS_UPDATE_URL)
    return (
      'OFF-STORE for Edge (Microsoft counts everything outside Edge Add-ons as off-store, the Chrome Web Store ' +
      'included): Edge force-installs it only on Windows PCs joined to Active Directory or Microsoft Entra ID or ' +
      'enrolled in MDM (Intune), and on macOS only under MDM; on other PCs it installs nothing. Without such PCs, ' +
      'list the extension on Edge Add-ons and make the kit with --edge-id <its id>.'
    );
  if (product === 'chrome' && url !== CHROME_WEB_STORE_UPDATE_URL)
    return (
      'OFF-STORE for Chrome (not the Chrome Web Store): Chrome force-installs it only on Windows PCs joined to ' +
      'Active Directory or Microsoft Entra ID or enrolled in Chrome Enterprise Core, and on macOS only under MDM.'
    );
  return undefined;
}

export function forceInstallReg(product: Chromium, options: KitOptions): string {
  const path = `${HKLM}\\${PRODUCTS[product].registry}\\ExtensionInstallForcelist`;
  const url = updateUrlFor(product, options);
  const from =
    url === CHROME_WEB_STORE_UPDATE_URL
      ? 'from the Chrome Web Store'
      : url === EDGE_ADDONS_UPDATE_URL
        ? 'from Edge Add-ons'
        : `from ${url}`;
  const offStore = offStoreNote(product, url);
  const comment = [
    `EXAMPLE: force-install Meeting Guard in ${PRODUCTS[product].name} (ExtensionInstallForcelist), ${from}.`,
    ...(offStore ? [offStore] : []),
    ...generatedNotes(options),
    'Value names are "1", "2", ...: if ExtensionInstallForcelist already lists extensions, rename "1" below',
    'to a number not in use, or this entry replaces another extension on import.',
    'To pin the toolbar button as well, use ExtensionSettings instead (linux/force-install.json shows the JSON).',
  ].join('\n');
  return regFile(comment, [
    `[${path}]`,
    regValueLine('1', { type: 'REG_SZ', data: `${idFor(product, options)};${url}` }),
  ]);
}

export function firefoxForceInstallReg(options: KitOptions): string {
  const path = `${HKLM}\\${FIREFOX_REGISTRY}\\ExtensionSettings\\${options.firefoxId}`;
  const comment = [
    'EXAMPLE: force-install Meeting Guard in Firefox (ExtensionSettings, one sub-key per add-on).',
    ...generatedNotes(options),
    "These sub-keys become Firefox's whole ExtensionSettings policy: an ExtensionSettings set elsewhere in the",
    "registry (for example as JSON through Mozilla's ADMX) is replaced by them, and on Windows Firefox reads",
    'policies.json only while no Firefox policy is in the registry. If you already deploy ExtensionSettings,',
    'add this add-on to it there instead of importing this file.',
    'Replace install_url with where your organisation publishes the signed .xpi (or its AMO "latest" URL).',
  ].join('\n');
  return regFile(comment, [
    `[${path}]`,
    regValueLine('installation_mode', { type: 'REG_SZ', data: 'force_installed' }),
    regValueLine('install_url', { type: 'REG_SZ', data: options.firefoxInstallUrl }),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a .reg file
/** Reads a quoted .reg string starting at `text[start] === '"'`; returns the string and the index after it. */
function readQuoted(text: string, start: number): [string, number] {
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) out += text[++i];
    else if (char === '"') return [out, i + 1];
    else out += char;
  }
  throw new Error(`unterminated string: ${text}`);
}

function hexBytes(text: string): number[] {
  const cleaned = text.replace(/\s/g, '');
  if (!cleaned) return [];
  return cleaned.split(',').map((byte) => {
    if (!/^[0-9a-fA-F]{1,2}$/.test(byte)) throw new Error(`bad hex byte "${byte}"`);
    return Number.parseInt(byte, 16);
  });
}

const utf16Text = (bytes: number[]): string => new TextDecoder('utf-16le').decode(new Uint8Array(bytes));
const littleEndian = (bytes: number[]) => bytes.reduce((sum, byte, i) => sum + byte * 2 ** (8 * i), 0);

function parseRegData(data: string): RegValue | null {
  if (data === '-') return null;
  if (data.startsWith('"')) {
    const [text, end] = readQuoted(data, 0);
    if (data.slice(end).trim()) throw new Error(`unexpected text after the string: ${data}`);
    return { type: 'REG_SZ', data: text };
  }
  const dword = /^dword:([0-9a-fA-F]{1,8})$/i.exec(data);
  if (dword) return { type: 'REG_DWORD', data: Number.parseInt(dword[1] as string, 16) };
  const hex = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/is.exec(data);
  if (!hex) throw new Error(`unknown value data: ${data}`);
  const bytes = hexBytes(hex[2] as string);
  const kind = hex[1] === undefined ? 3 : Number.parseInt(hex[1], 16);
  const stripNul = (text: string) => text.replace(/\0+$/, '');
  switch (kind) {
    case 0:
      return { type: 'REG_NONE', data: new Uint8Array(bytes) };
    case 1:
      return { type: 'REG_SZ', data: stripNul(utf16Text(bytes)) };
    case 2:
      return { type: 'REG_EXPAND_SZ', data: stripNul(utf16Text(bytes)) };
    case 4:
      return bytes.length === 4
        ? { type: 'REG_DWORD', data: littleEndian(bytes) }
        : { type: 'REG_BINARY', data: new Uint8Array(bytes) };
    case 7: {
      const strings = utf16Text(bytes).split('\0');
      // Each string ends with NUL and the list with one more: drop the empties that makes at the end.
      while (strings.length && strings.at(-1) === '') strings.pop();
      return { type: 'REG_MULTI_SZ', data: strings };
    }
    case 0xb:
      return { type: 'REG_QWORD', data: littleEndian(bytes) };
    default:
      return { type: 'REG_BINARY', data: new Uint8Array(bytes) };
  }
}

const FULL_HIVES = [
  'HKEY_LOCAL_MACHINE',
  'HKEY_CURRENT_USER',
  'HKEY_CLASSES_ROOT',
  'HKEY_USERS',
  'HKEY_CURRENT_CONFIG',
];
const SHORT_HIVES: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

export interface RegFile {
  keys: RegKey[];
  /** What regedit would not import as written (short hive names), with line numbers. */
  problems: Problem[];
}

/** True when the text looks like registry content: a [HKEY_…] key line or a "name"=value line near the top. */
export const looksLikeReg = (text: string) =>
  /^\s*\[-?(HKEY_|HKLM|HKCU)[^\]\r\n]*\]\s*$/im.test(text.split(/\r?\n/).slice(0, 40).join('\n'));

/**
 * Parses a .reg file into its keys, applying deletions (`[-key]`, `"name"=-`) in file order as regedit would.
 * Key paths compare case-insensitively, like the registry itself; the first spelling seen is kept.
 * Throws FormatError (with the line) on what regedit would refuse outright.
 */
export function parseRegFile(text: string): RegFile {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const header = lines[0]?.replace(/^\ufeff/, '').trim() ?? '';
  if (header !== REG_HEADER && header !== 'REGEDIT4')
    throw new FormatError(
      `line 1: a .reg file starts with the line "${REG_HEADER}"; found ${JSON.stringify(header.slice(0, 60))}. ` +
        'regedit refuses a file without it.',
    );
  const keys = new Map<string, RegKey>();
  const problems: Problem[] = [];
  let current: RegKey | null = null;
  for (let n = 1; n < lines.length; n++) {
    const lineNumber = n + 1;
    let line = (lines[n] as string).trim();
    if (!line || line.startsWith(';')) continue;
    // Only value lines continue with a trailing backslash (long hex data); a comment never does.
    while (line.endsWith('\\') && n + 1 < lines.length) line = line.slice(0, -1) + (lines[++n] as string).trim();
    try {
      if (line.startsWith('[')) {
        if (!line.endsWith(']')) throw new Error(`malformed key ${line}`);
        let path = line.slice(1, -1);
        const deleting = path.startsWith('-');
        if (deleting) path = path.slice(1);
        const hive = path.split('\\')[0] as string;
        const full = SHORT_HIVES[hive.toUpperCase()];
        if (full) {
          problems.push(
            problemAt(
              `line ${lineNumber}`,
              `[${line.slice(1, -1)}]`,
              `regedit imports only full hive names in a .reg file: write ${full}, not ${hive}; nothing under this key is imported`,
            ),
          );
          path = `${full}${path.slice(hive.length)}`;
        } else if (!FULL_HIVES.includes(hive.toUpperCase())) throw new Error(`unknown hive "${hive}"`);
        if (deleting) {
          const gone = path.toLowerCase();
          for (const key of [...keys.keys()]) if (key === gone || key.startsWith(`${gone}\\`)) keys.delete(key);
          current = null;
          continue;
        }
        const existing = keys.get(path.toLowerCase());
        current = existing ?? { path, line: lineNumber, values: new Map() };
        keys.set(path.toLowerCase(), current);
        continue;
      }
      if (!current) throw new Error('a value before any [key] line');
      let name: string;
      let rest: string;
      if (line.startsWith('@=')) [name, rest] = ['', line.slice(2)];
      else if (line.startsWith('"')) {
        const [quoted, end] = readQuoted(line, 0);
        if (line[end] !== '=') throw new Error('expected = after the value name');
        [name, rest] = [quoted, line.slice(end + 1)];
      } else throw new Error(`cannot read "${line.slice(0, 80)}"`);
      const value = parseRegData(rest.trim());
      if (value) current.values.set(name, { ...value, line: lineNumber });
      else current.values.delete(name);
    } catch (error) {
      if (error instanceof FormatError) throw error;
      throw new FormatError(`line ${lineNumber}: ${(error as Error).message}`);
    }
  }
  return { keys: [...keys.values()], problems };
}

/** A registry key with its sub-keys, names matched case-insensitively. */
export interface RegNode {
  name: string;
  line?: number;
  values: Map<string, RegValue>;
  children: Map<string, RegNode>;
}

/** The sub-tree below `key` (a path from the file), or undefined when the file has nothing there. */
export function regSubtree(keys: RegKey[], path: string): RegNode | undefined {
  const prefix = path.toLowerCase();
  const found = keys.filter(
    (key) => key.path.toLowerCase() === prefix || key.path.toLowerCase().startsWith(`${prefix}\\`),
  );
  if (!found.length) return undefined;
  const root: RegNode = { name: path.split('\\').at(-1) as string, values: new Map(), children: new Map() };
  for (const key of found) {
    let node = root;
    for (const part of key.path
      .slice(path.length + 1)
      .split('\\')
      .filter(Boolean)) {
      let next = node.children.get(part.toLowerCase());
      if (!next) {
        next = { name: part, line: key.line, values: new Map(), children: new Map() };
        node.children.set(part.toLowerCase(), next);
      }
      node = next;
    }
    node.line ??= key.line;
    for (const [name, value] of key.values) node.values.set(name, value);
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// Chrome and Edge: RegistryDict::ReadRegistry + ConvertToJSON

const where = (value: RegValue, path: string) => (value.line ? `${path} (line ${value.line})` : path);
const CHROME_READS = new Set(['REG_SZ', 'REG_EXPAND_SZ', 'REG_DWORD']);

/** What ReadRegistry makes of a value: a string, a signed 32-bit number, or nothing (a type Chrome skips). */
function chromeRaw(value: RegValue): string | number | undefined {
  if (!CHROME_READS.has(value.type)) return undefined;
  if (value.type === 'REG_DWORD') return (value.data as number) | 0;
  return value.data as string;
}

const isInteger = (text: string) => /^\s*[+-]?\d+\s*$/.test(text) && Math.abs(Number(text)) <= 2 ** 31;

/**
 * ConvertRegistryValue: the value as the schema's type, or undefined when Chrome cannot convert it (then the
 * value is left out before any schema check, so chrome://policy does not show it either).
 */
function chromeConvert(raw: string | number, schema: JsonSchema | undefined): unknown {
  const type = schema?.type;
  if (!type) return raw;
  if (type === 'string') return typeof raw === 'string' ? raw : undefined;
  if (type === 'integer') return typeof raw === 'number' ? raw : isInteger(raw) ? Number.parseInt(raw, 10) : undefined;
  if (type === 'boolean') {
    if (typeof raw === 'number') return raw !== 0;
    return isInteger(raw) ? Number.parseInt(raw, 10) !== 0 : undefined;
  }
  if (typeof raw !== 'string') return undefined;
  // JSON_ALLOW_TRAILING_COMMAS: a comma before ] or } is accepted.
  const parsed = parseJsonOr(raw.replace(/,(\s*[\]}])/g, '$1'), undefined);
  if (type === 'array') return Array.isArray(parsed) ? parsed : undefined;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
}

function droppedValue(value: RegValue, path: string, schema: JsonSchema | undefined): Problem {
  const shown =
    value.type === 'REG_MULTI_SZ'
      ? value.data
      : value.type === 'REG_SZ' ||
          value.type === 'REG_EXPAND_SZ' ||
          value.type === 'REG_DWORD' ||
          value.type === 'REG_QWORD'
        ? value.data
        : `(${(value.data as Uint8Array).length} bytes)`;
  if (!CHROME_READS.has(value.type)) {
    const hint =
      value.type === 'REG_MULTI_SZ'
        ? 'write a list as one line of JSON in a REG_SZ (or a sub-key with values "1", "2", ...)'
        : value.type === 'REG_QWORD'
          ? 'write a number as a REG_DWORD (dword:...)'
          : 'use REG_SZ or REG_DWORD';
    return problemAt(
      where(value, path),
      shown,
      `Chrome and Edge do not read ${value.type} values: the value is dropped; ${hint}`,
    );
  }
  const wanted =
    schema?.type === 'array' || schema?.type === 'object'
      ? `one line of JSON (${schema.type === 'array' ? 'a list' : 'an object'})`
      : schema?.type === 'string'
        ? 'a REG_SZ'
        : schema?.type === 'boolean'
          ? 'a REG_DWORD 0 or 1'
          : 'a REG_DWORD';
  return problemAt(
    where(value, path),
    shown,
    `Chrome and Edge cannot read this ${value.type} as ${schema?.type}: the value is dropped; expected ${wanted}`,
  );
}

/** Numbered names of a list key, in the order Chrome's case-insensitive map holds them ("10" before "2"). */
const numbered = (names: string[]) =>
  names.filter((name) => /^[+-]?\d+$/.test(name)).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));

export function chromeRegNode(
  node: RegNode,
  schema: JsonSchema | undefined,
  path: string,
  problems: Problem[],
): unknown {
  const convert = (value: RegValue, sub: JsonSchema | undefined, at: string) => {
    const raw = chromeRaw(value);
    const converted = raw === undefined ? undefined : chromeConvert(raw, sub);
    if (converted === undefined) problems.push(droppedValue(value, at, sub));
    return converted;
  };
  const join = (name: string) => (path ? `${path}.${name}` : name);
  if (schema?.type === 'array') {
    const result: unknown[] = [];
    for (const name of numbered([...node.children.keys()])) {
      const child = chromeRegNode(node.children.get(name) as RegNode, schema.items, `${path}[${name}]`, problems);
      if (child !== undefined) result.push(child);
    }
    for (const name of numbered([...node.values.keys()])) {
      const converted = convert(node.values.get(name) as RegValue, schema.items, `${path}[${name}]`);
      if (converted !== undefined) result.push(converted);
    }
    return result;
  }
  if (schema && schema.type !== 'object') {
    problems.push(
      problemAt(
        node.line ? `${path} (line ${node.line})` : path,
        `[${node.name}]`,
        `Chrome and Edge cannot read a registry key as ${schema.type}: dropped`,
      ),
    );
    return undefined;
  }
  const result: Record<string, unknown> = {};
  for (const [name, value] of node.values) {
    const converted = convert(value, childSchema(schema, name), join(name));
    if (converted !== undefined) result[name] = converted;
  }
  for (const child of node.children.values()) {
    const converted = chromeRegNode(child, childSchema(schema, child.name), join(child.name), problems);
    if (converted !== undefined) result[child.name] = converted;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Firefox: WindowsGPOParser (no schema)

export function firefoxRegValue(value: RegValue): unknown {
  switch (value.type) {
    case 'REG_MULTI_SZ':
      return parseJsonOr(value.data.join('\n'), undefined);
    default:
      return value.data;
  }
}

export function firefoxRegNode(node: RegNode): unknown {
  const valueNames = [...node.values.keys()];
  if (valueNames[0] === '1') return valueNames.map((name) => firefoxRegValue(node.values.get(name) as RegValue));
  const children = [...node.children.values()];
  if (!valueNames.length && children[0]?.name === '1') return children.map(firefoxRegNode);
  const result: Record<string, unknown> = {};
  for (const [name, value] of node.values) result[name] = firefoxRegValue(value);
  for (const child of children) result[child.name] = firefoxRegNode(child);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// A .reg file back to the extension policies it sets

const FORMAT = 'Windows registry (.reg)';

/** `text` is the decoded file; `encodingProblems` come from the caller, which saw the bytes. */
export function fromRegFile(text: string, encodingProblems: Problem[] = []): Extraction {
  const { keys, problems: fileProblems } = parseRegFile(text);
  fileProblems.unshift(...encodingProblems);
  const entries: PolicyEntry[] = [];
  const hive = '(?:HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER)\\\\Software\\\\Policies\\\\';
  const chromium = new RegExp(
    `^(${hive}(Google\\\\Chrome|Chromium|Microsoft\\\\Edge)\\\\3rdparty\\\\extensions\\\\([^\\\\]+)\\\\policy)(\\\\|$)`,
    'i',
  );
  const firefoxRoot = new RegExp(`^(${hive}Mozilla\\\\Firefox\\\\3rdparty\\\\(Extensions))(\\\\|$)`, 'i');
  // A root may be written only through its sub-keys, so roots are collected from every key's path.
  const seen = new Set<string>();
  for (const key of keys) {
    const chrome = chromium.exec(key.path);
    const firefox = firefoxRoot.exec(key.path);
    const root = chrome?.[1] ?? firefox?.[1];
    if (!root || seen.has(root.toLowerCase())) continue;
    seen.add(root.toLowerCase());
    if (chrome) {
      const product = chrome[2] as string;
      const browser: Browser = /edge/i.test(product) ? 'edge' : /google/i.test(product) ? 'chrome' : 'chromium';
      const id = chrome[3] as string;
      const problems: Problem[] = [];
      const idProblem = chromeIdProblem(id);
      if (idProblem) problems.push(problemAt(`line ${key.line}`, id, idProblem));
      const policy = chromeRegNode(regSubtree(keys, root) as RegNode, SHIPPED_SCHEMA, '', problems);
      entries.push({ label: entryLabel(browser, id), browser, id, policy, problems });
    } else if (firefox) entries.push(...firefoxRegEntries(keys, root, firefox[2] as string));
  }
  const deployment = deploymentOf(regInstalls(keys, hive), 'windows');
  if (!entries.length) {
    return {
      format: FORMAT,
      entries,
      fileProblems,
      deployment,
      notPolicy: 'no Meeting Guard extension policy key in this .reg file',
    };
  }
  return { format: FORMAT, entries, fileProblems, deployment };
}

/** ExtensionInstallForcelist values ("<id>;<url>") and Firefox's ExtensionSettings\<id> keys in a .reg file. */
function regInstalls(keys: RegKey[], hive: string): Install[] {
  const forcelist = new RegExp(
    `^${hive}(Google\\\\Chrome|Chromium|Microsoft\\\\Edge)\\\\ExtensionInstallForcelist$`,
    'i',
  );
  const firefox = new RegExp(`^${hive}Mozilla\\\\Firefox\\\\ExtensionSettings\\\\([^\\\\]+)$`, 'i');
  const installs: Install[] = [];
  for (const key of keys) {
    const chromium = forcelist.exec(key.path);
    if (chromium) {
      const product = chromium[1] as string;
      const browser: Browser = /edge/i.test(product) ? 'edge' : /google/i.test(product) ? 'chrome' : 'chromium';
      for (const [name, value] of key.values)
        if (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ')
          installs.push(
            forcelistInstall(value.data, browser, `${where(value, `ExtensionInstallForcelist "${name}"`)}`),
          );
      continue;
    }
    const gecko = firefox.exec(key.path);
    if (gecko) {
      const text = (name: string) => {
        const value = key.values.get(name);
        return value && (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') ? value.data : undefined;
      };
      installs.push({
        browser: 'firefox',
        id: gecko[1] as string,
        url: text('install_url'),
        mode: text('installation_mode'),
        where: `ExtensionSettings\\${gecko[1]} (line ${key.line})`,
      });
    }
  }
  return installs;
}

function firefoxRegEntries(keys: RegKey[], path: string, spelling: string): PolicyEntry[] {
  const node = regSubtree(keys, path) as RegNode;
  const keyProblems =
    spelling === 'Extensions'
      ? []
      : [
          problemAt(
            '3rdparty.Extensions',
            spelling,
            'Firefox needs "Extensions" with a capital E: it reads nothing here',
          ),
        ];
  const entries: PolicyEntry[] = [];
  // mozilla/policy-templates form: one value per extension id holding the whole policy as JSON.
  for (const [id, value] of node.values) {
    const problems = [...keyProblems];
    let policy: unknown;
    if (value.type === 'REG_MULTI_SZ' || value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') {
      const text = value.type === 'REG_MULTI_SZ' ? value.data.join('\n') : value.data;
      policy = parseJsonOr(text, undefined);
      if (policy === undefined)
        problems.push(problemAt(where(value, '(policy)'), text, 'not valid JSON; Firefox ignores this value'));
    } else
      problems.push(
        problemAt(
          where(value, '(policy)'),
          value.data,
          `${value.type} cannot hold a policy; use REG_MULTI_SZ with JSON`,
        ),
      );
    entries.push({ label: entryLabel('firefox', id), browser: 'firefox', id, policy, problems });
  }
  // The key-per-extension form also works in Firefox, with its own (schema-less) value reading.
  for (const child of node.children.values()) {
    entries.push({
      label: entryLabel('firefox', child.name),
      browser: 'firefox',
      id: child.name,
      policy: firefoxRegNode(child),
      problems: [...keyProblems],
    });
  }
  return entries;
}

/** Keys the registry form of the Chrome policy may use; exported for tests that build adversarial files. */
export const REGISTRY_POLICY_KEYS = POLICY_KEYS;
export type { Json };
export { CHROME_WEB_STORE_UPDATE_URL };
