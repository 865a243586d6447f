/**
 * The file formats admins deploy the policy in, shared by `policy:kit` (which writes them) and `policy:check`
 * (which reads them back). Reading follows what each browser does with the file, not what we wish it did:
 * Chrome and Edge coerce registry values through the schema, Firefox has no schema and passes values on as they are.
 * No dependencies: a small strict XML reader is enough for plist, ADMX and Intune payloads.
 */

import { describeValue, POLICY_KEYS, type PolicyProblem } from '../src/policy/policy';
import schemaJson from '../src/policy/schema.json';

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

export const SCHEMA = schemaJson as unknown as JsonSchema;

/** The schema of one top-level key (every key in POLICY_KEYS has one). */
export function keySchema(key: string): JsonSchema | undefined {
  return SCHEMA.properties?.[key];
}

/** The schema a child property or list item must follow, when the schema says anything about it. */
export function childSchema(schema: JsonSchema | undefined, name: string | number): JsonSchema | undefined {
  if (!schema) return undefined;
  if (typeof name === 'number') return schema.items;
  const declared = schema.properties?.[name];
  if (declared) return declared;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

export const DEFAULT_IDS = {
  chrome: 'kmandlfbdpnakamlpjkpfehnihagicnp',
  firefox: 'meeting-guard@city-tools.jp',
} as const;

export type Problem = PolicyProblem;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

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

/**
 * What Chrome's managed_schema validation would refuse. Chrome drops such a value silently (it shows only in
 * chrome://policy), so an admin must hear about it before deploying, even where our own parser is lenient.
 */
export function schemaProblems(value: unknown, schema: JsonSchema, path = ''): Problem[] {
  const problems: Problem[] = [];
  const add = (at: string, found: unknown, reason: string) =>
    problems.push({ path: at || '(policy)', value: describeValue(found), reason: `schema: ${reason}` });
  if (!typeMatches(value, schema.type)) {
    add(
      path,
      value,
      `expected ${schema.type === 'object' ? 'an object' : schema.type === 'array' ? 'a list' : schema.type}`,
    );
    return problems;
  }
  if (schema.enum && !schema.enum.includes(value as Json))
    add(path, value, `expected one of ${schema.enum.join(', ')}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) add(path, value, `below the minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) add(path, value, `above the maximum ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    value.forEach((item, index) => {
      problems.push(...schemaProblems(item, items, joinPath(path, index)));
    });
  }
  if (isPlainObject(value)) {
    for (const [name, child] of Object.entries(value)) {
      const sub = childSchema(schema, name);
      if (sub) problems.push(...schemaProblems(child, sub, joinPath(path, name)));
      else add(joinPath(path, name), child, 'not in the schema (Chrome and Edge ignore it)');
    }
  }
  return problems;
}

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
// Text and XML

/** Decodes a file the way regedit and editors do: a UTF-16LE/BE or UTF-8 byte-order mark decides. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

/** Escapes for XML; `inAttribute` also escapes double quotes (element text reads better without &quot;). */
export function escapeXml(text: string, inAttribute = true): string {
  // XML 1.0 cannot carry most control characters at all; refusing beats writing a file nobody can open.
  const forbidden = [...text].find((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r';
  });
  if (forbidden) throw new Error(`control character U+${forbidden.charCodeAt(0).toString(16)} in XML text: ${text}`);
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // In an attribute a raw line break or tab would be normalised to a space by any conforming parser.
  if (!inAttribute) return escaped;
  return escaped.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;]*);/g, (_, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    const entity = ENTITIES[name];
    if (entity === undefined) throw new Error(`XML: unknown entity &${name}; near offset ${at}`);
    return entity;
  });
}

/** A strict little XML reader: one root, balanced tags, quoted attributes, known entities. Throws on anything else. */
export function parseXml(source: string): XmlElement {
  const text = source.startsWith('\ufeff') ? source.slice(1) : source;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const fail = (message: string): never => {
    throw new Error(`XML: ${message} at offset ${i}`);
  };
  const skipTo = (end: string) => {
    const found = text.indexOf(end, i);
    if (found < 0) fail(`missing "${end}"`);
    const start = i;
    i = found + end.length;
    return text.slice(start, found);
  };
  while (i < text.length) {
    const open = text.indexOf('<', i);
    const chunk = text.slice(i, open < 0 ? text.length : open);
    if (chunk.length) {
      const parent = stack.at(-1);
      if (parent) parent.children.push(decodeEntities(chunk, i));
      else if (chunk.trim()) fail('text outside the root element');
    }
    if (open < 0) break;
    i = open;
    if (text.startsWith('<?', i)) skipTo('?>');
    else if (text.startsWith('<!--', i)) skipTo('-->');
    else if (text.startsWith('<![CDATA[', i)) {
      i += 9;
      const data = skipTo(']]>');
      const parent = stack.at(-1) ?? fail('CDATA outside the root element');
      parent.children.push(data);
    } else if (text.startsWith('<!', i)) {
      if (root || stack.length) fail('declaration after the root element started');
      skipTo('>');
    } else if (text.startsWith('</', i)) {
      i += 2;
      const name = skipTo('>').trim();
      const current = stack.pop();
      if (!current || current.name !== name) fail(`</${name}> does not close <${current?.name ?? '(none)'}>`);
    } else {
      i += 1;
      const tag = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(
        text.slice(i),
      );
      if (!tag) fail('malformed tag');
      const [whole, name = '', rawAttributes = '', selfClosing] = tag as RegExpExecArray;
      const element: XmlElement = { name, attributes: {}, children: [] };
      for (const attribute of rawAttributes.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        const key = attribute[1] as string;
        if (key in element.attributes) fail(`duplicate attribute ${key}`);
        element.attributes[key] = decodeEntities(attribute[2] ?? attribute[3] ?? '', i);
      }
      i += whole.length;
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length) throw new Error(`XML: <${stack.at(-1)?.name}> is never closed`);
  if (!root) throw new Error('XML: no root element');
  return root;
}

export const childElements = (element: XmlElement, name?: string): XmlElement[] =>
  element.children.filter((child): child is XmlElement => typeof child !== 'string' && (!name || child.name === name));

export const textOf = (element: XmlElement): string =>
  element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');

/** Every element below (and including) `element`, depth first. */
export function allElements(element: XmlElement): XmlElement[] {
  return [element, ...childElements(element).flatMap(allElements)];
}

// ---------------------------------------------------------------------------------------------------------------
// Apple property lists

export function plistXml(value: Json, indent = ''): string {
  const inner = `${indent}  `;
  if (value === null) throw new Error('plist has no null');
  if (typeof value === 'boolean') return `${indent}<${value}/>`;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`;
  }
  if (typeof value === 'string') return `${indent}<string>${escapeXml(value, false)}</string>`;
  if (Array.isArray(value)) {
    if (!value.length) return `${indent}<array/>`;
    return [`${indent}<array>`, ...value.map((item) => plistXml(item, inner)), `${indent}</array>`].join('\n');
  }
  const entries = Object.entries(value);
  if (!entries.length) return `${indent}<dict/>`;
  const lines = entries.flatMap(([key, item]) => [
    `${inner}<key>${escapeXml(key, false)}</key>`,
    plistXml(item, inner),
  ]);
  return [`${indent}<dict>`, ...lines, `${indent}</dict>`].join('\n');
}

export function plistDocument(value: Json): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    plistXml(value),
    '</plist>',
    '',
  ].join('\n');
}

export function plistValue(element: XmlElement): Json {
  switch (element.name) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'integer': {
      const text = textOf(element).trim();
      if (!/^[+-]?\d+$/.test(text)) throw new Error(`plist: bad integer "${text}"`);
      return Number(text);
    }
    case 'real':
      return Number(textOf(element).trim());
    case 'string':
    case 'date':
    case 'data':
      return textOf(element);
    case 'array':
      return childElements(element).map(plistValue);
    case 'dict': {
      const result: { [key: string]: Json } = {};
      const items = childElements(element);
      for (let i = 0; i < items.length; i += 2) {
        const key = items[i];
        const item = items[i + 1];
        if (key?.name !== 'key' || !item) throw new Error('plist: <dict> must alternate <key> and a value');
        result[textOf(key)] = plistValue(item);
      }
      return result;
    }
    default:
      throw new Error(`plist: unknown element <${element.name}>`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Windows registry (.reg files, "Windows Registry Editor Version 5.00")

export type RegValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD' | 'REG_QWORD'; data: number }
  | { type: 'REG_BINARY'; data: Uint8Array };

export interface RegKey {
  /** As written in the file, e.g. HKEY_LOCAL_MACHINE\Software\Policies\Google\Chrome. */
  path: string;
  values: Map<string, RegValue>;
}

export const REG_HEADER = 'Windows Registry Editor Version 5.00';

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
  }
}

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

function parseRegData(data: string): RegValue | null {
  if (data === '-') return null;
  if (data.startsWith('"')) {
    const [text, end] = readQuoted(data, 0);
    if (data.slice(end).trim()) throw new Error(`unexpected text after string: ${data}`);
    return { type: 'REG_SZ', data: text };
  }
  const dword = /^dword:([0-9a-fA-F]{1,8})$/.exec(data);
  if (dword) return { type: 'REG_DWORD', data: Number.parseInt(dword[1] as string, 16) };
  const hex = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/s.exec(data);
  if (!hex) throw new Error(`unknown value data: ${data}`);
  const bytes = hexBytes(hex[2] as string);
  const kind = hex[1] === undefined ? 3 : Number.parseInt(hex[1], 16);
  const stripNul = (text: string) => text.replace(/\0+$/, '');
  switch (kind) {
    case 1:
      return { type: 'REG_SZ', data: stripNul(utf16Text(bytes)) };
    case 2:
      return { type: 'REG_EXPAND_SZ', data: stripNul(utf16Text(bytes)) };
    case 7: {
      const strings = utf16Text(bytes).split('\0');
      // Each string ends with NUL and the list with one more: drop the empties that makes at the end.
      while (strings.length && strings.at(-1) === '') strings.pop();
      return { type: 'REG_MULTI_SZ', data: strings };
    }
    case 4:
      return { type: 'REG_DWORD', data: bytes.reduce((sum, byte, i) => sum + byte * 2 ** (8 * i), 0) };
    case 0xb:
      return { type: 'REG_QWORD', data: bytes.reduce((sum, byte, i) => sum + byte * 2 ** (8 * i), 0) };
    default:
      return { type: 'REG_BINARY', data: new Uint8Array(bytes) };
  }
}

/**
 * Parses a .reg file into its keys, applying deletions (`[-key]`, `"name"=-`) in file order as regedit would.
 * Key paths compare case-insensitively, like the registry itself; the first spelling seen is kept.
 */
export function parseRegFile(text: string): RegKey[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const header = lines.shift()?.trim();
  if (header !== REG_HEADER && header !== 'REGEDIT4')
    throw new Error('not a .reg file (no "Windows Registry Editor" header)');
  const keys = new Map<string, RegKey>();
  let current: RegKey | null = null;
  for (let n = 0; n < lines.length; n++) {
    let line = (lines[n] as string).trim();
    if (!line || line.startsWith(';')) continue;
    // Only value lines continue with a trailing backslash (long hex data); a comment never does.
    while (line.endsWith('\\') && n + 1 < lines.length) line = line.slice(0, -1) + (lines[++n] as string).trim();
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) throw new Error(`line ${n + 2}: malformed key ${line}`);
      const path = line.slice(1, -1);
      if (path.startsWith('-')) {
        const gone = path.slice(1).toLowerCase();
        for (const key of [...keys.keys()]) if (key === gone || key.startsWith(`${gone}\\`)) keys.delete(key);
        current = null;
        continue;
      }
      const existing = keys.get(path.toLowerCase());
      current = existing ?? { path, values: new Map() };
      keys.set(path.toLowerCase(), current);
      continue;
    }
    if (!current) throw new Error(`line ${n + 2}: value outside a key`);
    let name: string;
    let rest: string;
    if (line.startsWith('@=')) [name, rest] = ['', line.slice(2)];
    else if (line.startsWith('"')) {
      const [quoted, end] = readQuoted(line, 0);
      if (line[end] !== '=') throw new Error(`line ${n + 2}: expected = after the value name`);
      [name, rest] = [quoted, line.slice(end + 1)];
    } else throw new Error(`line ${n + 2}: cannot read "${line}"`);
    const value = parseRegData(rest.trim());
    if (value) current.values.set(name, value);
    else current.values.delete(name);
  }
  return [...keys.values()];
}

/** A registry key with its sub-keys, names matched case-insensitively. */
export interface RegNode {
  name: string;
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
        next = { name: part, values: new Map(), children: new Map() };
        node.children.set(part.toLowerCase(), next);
      }
      node = next;
    }
    for (const [name, value] of key.values) node.values.set(name, value);
  }
  return root;
}

function parseJsonOr<T>(text: string, fallback: T): Json | T {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return fallback;
  }
}

/** Registry value names "1", "2", ... read as a list, the convention Chrome and Firefox share. */
function numberedList(
  node: RegNode,
  read: (value: RegValue, name: string) => unknown,
  readChild: (child: RegNode) => unknown,
) {
  const names = [...node.values.keys()].filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b));
  const childNames = [...node.children.values()].filter((child) => /^\d+$/.test(child.name));
  childNames.sort((a, b) => Number(a.name) - Number(b.name));
  return [...names.map((name) => read(node.values.get(name) as RegValue, name)), ...childNames.map(readChild)];
}

/**
 * Chrome's reading of a registry value against the schema: JSON text in REG_SZ becomes a list or object,
 * a DWORD 0/1 becomes a boolean where the schema wants one, digits become an integer. Nothing else is guessed:
 * "true" in a REG_SZ stays text, as Chrome leaves it (and then drops it).
 */
export function chromeRegValue(value: RegValue, schema: JsonSchema | undefined): unknown {
  const type = schema?.type;
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      if (type === 'array' || type === 'object') return parseJsonOr(value.data, value.data);
      if (type === 'integer' && /^-?\d+$/.test(value.data.trim())) return Number(value.data.trim());
      return value.data;
    case 'REG_DWORD':
    case 'REG_QWORD':
      if (type === 'boolean' && (value.data === 0 || value.data === 1)) return value.data === 1;
      return value.data;
    case 'REG_MULTI_SZ':
      return type === 'array' && schema?.items?.type === 'string' ? value.data : value.data.join('\n');
    case 'REG_BINARY':
      return value.data;
  }
}

export function chromeRegNode(node: RegNode, schema: JsonSchema | undefined): unknown {
  if (schema?.type === 'array') {
    return numberedList(
      node,
      (value) => chromeRegValue(value, schema.items),
      (child) => chromeRegNode(child, schema.items),
    );
  }
  const result: Record<string, unknown> = {};
  for (const [name, value] of node.values) result[name] = chromeRegValue(value, childSchema(schema, name));
  for (const child of node.children.values())
    result[child.name] = chromeRegNode(child, childSchema(schema, child.name));
  return result;
}

/**
 * Firefox's reading (WindowsGPOParser): no schema, so a DWORD stays a number (never a boolean), REG_SZ stays text,
 * REG_MULTI_SZ is JSON joined by line breaks. A key whose first value is named "1" is a list.
 */
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
// Reading any deployment file back to the extension's policy object

export type Browser = 'chrome' | 'edge' | 'chromium' | 'firefox' | 'unknown';

export interface PolicyEntry {
  /** Where in the file the policy sits, for the report: "Chrome extension kmand…". */
  label: string;
  browser: Browser;
  /** The extension id the file assigns this policy to, when the format names one. */
  id?: string;
  /** The policy object as the browser would hand it to the extension (before our own parsing). */
  policy: unknown;
  /** Problems with the file around the policy (wrong nesting, unparsable JSON), found before parsing. */
  problems: Problem[];
}

export interface Extraction {
  format: string;
  entries: PolicyEntry[];
  /** Set when the file is readable but holds no extension policy (an ADMX template, a force-install file). */
  notPolicy?: string;
}

export class FormatError extends Error {}

const BROWSER_NAMES: Record<Browser, string> = {
  chrome: 'Chrome',
  edge: 'Edge',
  chromium: 'Chrome/Chromium/Edge',
  firefox: 'Firefox',
  unknown: 'Policy',
};

const entryLabel = (browser: Browser, id?: string) =>
  id ? `${BROWSER_NAMES[browser]} extension ${id}` : `${BROWSER_NAMES[browser]} policy`;

const problemAt = (path: string, value: unknown, reason: string): Problem => ({
  path,
  value: describeValue(value),
  reason,
});

/** Reads a file's bytes; `name` only helps the report. Throws FormatError when the format is not recognised. */
export function extractPolicies(bytes: Uint8Array, name = ''): Extraction {
  const text = decodeText(bytes);
  const start = text.trimStart();
  if (start.startsWith(REG_HEADER) || start.startsWith('REGEDIT4')) return fromRegFile(start);
  if (start.startsWith('<')) return fromXml(start, name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FormatError(`not JSON, XML/plist or a .reg file (${(error as Error).message})`);
  }
  return fromJson(json);
}

function fromRegFile(text: string): Extraction {
  let keys: RegKey[];
  try {
    keys = parseRegFile(text);
  } catch (error) {
    throw new FormatError(`unreadable .reg file: ${(error as Error).message}`);
  }
  const entries: PolicyEntry[] = [];
  const hive = '(?:HKEY_LOCAL_MACHINE|HKLM|HKEY_CURRENT_USER|HKCU)\\\\Software\\\\Policies\\\\';
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
      const node = regSubtree(keys, root) as RegNode;
      const policy = chromeRegNode(node, SCHEMA);
      entries.push({ label: entryLabel(browser, chrome[3]), browser, id: chrome[3], policy, problems: [] });
    } else if (firefox) entries.push(...firefoxRegEntries(keys, root, firefox[2] as string));
  }
  if (!entries.length) {
    return {
      format: 'Windows registry (.reg)',
      entries,
      notPolicy: 'no Meeting Guard extension policy key in this .reg file',
    };
  }
  return { format: 'Windows registry (.reg)', entries };
}

function firefoxRegEntries(keys: RegKey[], path: string, spelling: string): PolicyEntry[] {
  const node = regSubtree(keys, path) as RegNode;
  const keyProblems =
    spelling === 'Extensions'
      ? []
      : [problemAt('3rdparty.Extensions', spelling, 'Firefox needs "Extensions" with a capital E')];
  const entries: PolicyEntry[] = [];
  // mozilla/policy-templates form: one value per extension id holding the whole policy as JSON.
  for (const [id, value] of node.values) {
    const problems = [...keyProblems];
    let policy: unknown;
    if (value.type === 'REG_MULTI_SZ' || value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') {
      const text = value.type === 'REG_MULTI_SZ' ? value.data.join('\n') : value.data;
      policy = parseJsonOr(text, undefined);
      if (policy === undefined)
        problems.push(problemAt('(policy)', text, 'not valid JSON; Firefox ignores this value'));
    } else
      problems.push(
        problemAt('(policy)', value.data, `${value.type} cannot hold a policy; use REG_MULTI_SZ with JSON`),
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

function fromXml(text: string, name: string): Extraction {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    throw new FormatError((error as Error).message);
  }
  if (root.name === 'policyDefinitions') {
    return {
      format: 'ADMX template',
      entries: [],
      notPolicy:
        'an ADMX file is a template: it defines the settings but holds no values. ' +
        'Check the .reg, JSON or plist you deploy.',
    };
  }
  if (root.name === 'policyDefinitionResources') {
    return {
      format: 'ADML language file',
      entries: [],
      notPolicy: "an ADML file holds the ADMX template's texts, no policy values.",
    };
  }
  if (root.name !== 'plist') throw new FormatError(`unknown XML document <${root.name}>`);
  const top = childElements(root)[0];
  if (!top) throw new FormatError('empty plist');
  let value: Json;
  try {
    value = plistValue(top);
  } catch (error) {
    throw new FormatError((error as Error).message);
  }
  return fromPlist(value, name);
}

const CHROME_DOMAIN = /^com\.google\.Chrome\.extensions\.(.+)$/;
const EDGE_DOMAIN = /^com\.microsoft\.Edge\.extensions\.(.+)$/;

function domainEntry(domain: string, settings: Record<string, unknown>): PolicyEntry[] {
  const chrome = CHROME_DOMAIN.exec(domain) ?? EDGE_DOMAIN.exec(domain);
  if (chrome) {
    const browser: Browser = domain.startsWith('com.google') ? 'chrome' : 'edge';
    const policy = Object.fromEntries(Object.entries(settings).filter(([key]) => !key.startsWith('Payload')));
    return [{ label: entryLabel(browser, chrome[1]), browser, id: chrome[1], policy, problems: [] }];
  }
  if (domain === 'org.mozilla.firefox') {
    const problems: Problem[] = [];
    if (settings.EnterprisePoliciesEnabled !== true)
      problems.push(
        problemAt(
          'EnterprisePoliciesEnabled',
          settings.EnterprisePoliciesEnabled,
          'Firefox on macOS reads no policy without EnterprisePoliciesEnabled = true',
        ),
      );
    return firefoxThirdParty(settings['3rdparty'], '3rdparty', problems);
  }
  return [];
}

function fromPlist(value: Json, name: string): Extraction {
  if (!isPlainObject(value)) throw new FormatError('the plist does not hold a dictionary');
  const entries: PolicyEntry[] = [];
  if (Array.isArray(value.PayloadContent)) {
    for (const payload of value.PayloadContent) {
      if (!isPlainObject(payload) || typeof payload.PayloadType !== 'string') continue;
      if (payload.PayloadType === 'com.apple.ManagedClient.preferences' && isPlainObject(payload.PayloadContent)) {
        // The older MCX form: PayloadContent → domain → Forced → [{mcx_preference_settings}].
        for (const [domain, body] of Object.entries(payload.PayloadContent)) {
          const forced = isPlainObject(body) && Array.isArray(body.Forced) ? body.Forced : [];
          for (const item of forced) {
            if (isPlainObject(item) && isPlainObject(item.mcx_preference_settings))
              entries.push(...domainEntry(domain, item.mcx_preference_settings));
          }
        }
      } else entries.push(...domainEntry(payload.PayloadType, payload));
    }
    const format = 'macOS configuration profile';
    return entries.length
      ? { format, entries }
      : { format, entries, notPolicy: 'no Meeting Guard payload in this profile' };
  }
  // A bare preferences plist (for example a Jamf "custom settings" upload): the file name may carry the domain.
  const domain = /(com\.(google\.Chrome|microsoft\.Edge)\.extensions\.[^/\\]+?)(\.plist)?$/.exec(name)?.[1];
  if (domain) return { format: 'macOS managed preferences plist', entries: domainEntry(domain, value) };
  if ('3rdparty' in value) return { format: 'Firefox macOS plist', entries: domainEntry('org.mozilla.firefox', value) };
  return {
    format: 'macOS managed preferences plist',
    entries: [{ label: entryLabel('unknown'), browser: 'unknown', policy: value, problems: [] }],
  };
}

/** `3rdparty` as Firefox spells it: {"Extensions": {id: policy}}; "extensions" (Chrome's spelling) is ignored there. */
function firefoxThirdParty(thirdParty: unknown, path: string, problems: Problem[]): PolicyEntry[] {
  if (!isPlainObject(thirdParty)) return [];
  const entries: PolicyEntry[] = [];
  if ('extensions' in thirdParty && !('Extensions' in thirdParty))
    problems.push(
      problemAt(`${path}.extensions`, Object.keys(thirdParty), 'Firefox needs "Extensions" with a capital E'),
    );
  const extensions = thirdParty.Extensions ?? thirdParty.extensions;
  if (!isPlainObject(extensions)) return entries;
  for (const [id, raw] of Object.entries(extensions)) {
    const entryProblems = [...problems];
    let policy: unknown = raw;
    // Firefox's 3rdparty values are of type "JSON": a string is parsed.
    if (typeof raw === 'string') {
      policy = parseJsonOr(raw, undefined);
      if (policy === undefined) entryProblems.push(problemAt('(policy)', raw, 'not valid JSON; Firefox ignores it'));
    }
    entries.push({ label: entryLabel('firefox', id), browser: 'firefox', id, policy, problems: entryProblems });
  }
  return entries;
}

function chromeThirdParty(thirdParty: unknown): PolicyEntry[] {
  if (!isPlainObject(thirdParty)) return [];
  const entries: PolicyEntry[] = [];
  const problems: Problem[] = [];
  if ('Extensions' in thirdParty && !('extensions' in thirdParty))
    problems.push(
      problemAt('3rdparty.Extensions', Object.keys(thirdParty), 'Chrome and Edge need "extensions" in lower case'),
    );
  const extensions = thirdParty.extensions ?? thirdParty.Extensions;
  if (!isPlainObject(extensions)) return entries;
  for (const [id, policy] of Object.entries(extensions)) {
    entries.push({ label: entryLabel('chromium', id), browser: 'chromium', id, policy, problems: [...problems] });
  }
  return entries;
}

const isGoogleAdminWrapper = (value: unknown) =>
  isPlainObject(value) && Object.keys(value).length === 1 && 'Value' in value;

function fromJson(json: unknown): Extraction {
  if (!isPlainObject(json)) throw new FormatError('the JSON is not an object');
  if (isPlainObject(json.policies)) {
    const entries = firefoxThirdParty(json.policies['3rdparty'], 'policies.3rdparty', []);
    const format = 'Firefox policies.json';
    return entries.length
      ? { format, entries }
      : { format, entries, notPolicy: 'no policies.3rdparty.Extensions entry' };
  }
  if (Array.isArray(json.omaSettings)) return fromIntune(json.omaSettings);
  if ('3rdparty' in json) {
    return { format: 'Chrome/Edge managed policy JSON (Linux)', entries: chromeThirdParty(json['3rdparty']) };
  }
  const keys = Object.keys(json);
  if (keys.some((key) => isGoogleAdminWrapper(json[key]))) {
    const policy: Record<string, unknown> = {};
    const problems: Problem[] = [];
    for (const [key, value] of Object.entries(json)) {
      if (isGoogleAdminWrapper(value)) policy[key] = (value as { Value: unknown }).Value;
      else
        problems.push(
          problemAt(key, value, 'missing the {"Value": ...} wrapper the Google Admin console needs (ignored)'),
        );
    }
    return {
      format: 'Google Admin console JSON',
      entries: [{ label: 'Google Admin console policy', browser: 'chrome', policy, problems }],
    };
  }
  const known = POLICY_KEYS as readonly string[];
  // Browser policies are PascalCase (ExtensionSettings); ours are camelCase. A file with only those is not ours,
  // unless a key is one of ours in the wrong case: that is a typo to report, not another kind of file.
  const ours = (key: string) => known.some((name) => name.toLowerCase() === key.toLowerCase());
  if (keys.length && !keys.some(ours) && keys.every((key) => /^[A-Z]/.test(key))) {
    return {
      format: 'browser policy JSON',
      entries: [],
      notPolicy: 'browser policies only (for example force-install); no Meeting Guard policy',
    };
  }
  return {
    format: 'plain policy JSON',
    entries: [{ label: 'Policy', browser: 'unknown', policy: json, problems: [] }],
  };
}

/** Intune custom-profile JSON: an ADMX ingested by OMA-URI, then one OMA-URI per policy set through it. */
function fromIntune(settings: unknown[]): Extraction {
  const format = 'Intune custom profile (OMA-URI)';
  const entries: PolicyEntry[] = [];
  const items = settings.filter(isPlainObject);
  for (const install of items) {
    const uri = String(install.omaUri ?? '');
    const app = /\/ADMXInstall\/([^/]+)\/Policy\//i.exec(uri)?.[1];
    if (!app || typeof install.value !== 'string') continue;
    let targets: AdmxTarget[];
    try {
      targets = admxTargets(install.value);
    } catch (error) {
      throw new FormatError(`the ingested ADMX in ${uri} is unreadable: ${(error as Error).message}`);
    }
    const first = targets[0];
    if (!first) continue;
    const entryProblems: Problem[] = [];
    const policy: Record<string, unknown> = {};
    const prefix = `./Device/Vendor/MSFT/Policy/Config/${app}~Policy~`.toLowerCase();
    for (const setting of items) {
      const settingUri = String(setting.omaUri ?? '');
      if (!settingUri.toLowerCase().startsWith(prefix) || typeof setting.value !== 'string') continue;
      const policyName = settingUri.split('/').at(-1) as string;
      const target = targets.find((candidate) => candidate.policy === policyName);
      if (!target) {
        entryProblems.push(problemAt(policyName, setting.value, 'no such policy in the ingested ADMX'));
        continue;
      }
      readIntuneSetting(setting.value, target, policy, entryProblems);
    }
    entries.push({
      label: `${entryLabel(first.browser, first.id)} (Intune)`,
      browser: first.browser,
      id: first.id,
      policy,
      problems: entryProblems,
    });
  }
  return entries.length ? { format, entries } : { format, entries, notPolicy: 'no ingested Meeting Guard ADMX' };
}

export interface AdmxTarget {
  policy: string;
  browser: Browser;
  id: string;
  valueName: string;
  kind: 'boolean' | 'decimal' | 'enum' | 'text' | 'multiText';
  elementId?: string;
}

/** What each policy of one of our ADMX files writes: browser, extension id, registry value and element kind. */
export function admxTargets(admx: string): AdmxTarget[] {
  const root = parseXml(admx);
  const targets: AdmxTarget[] = [];
  for (const policy of allElements(root).filter((element) => element.name === 'policy')) {
    const key = policy.attributes.key ?? '';
    const chrome = /\\(Google\\Chrome|Chromium|Microsoft\\Edge)\\3rdparty\\extensions\\([^\\]+)\\policy$/i.exec(key);
    const firefox = /\\Mozilla\\Firefox\\3rdparty\\Extensions$/i.test(key);
    if (!chrome && !firefox) continue;
    const browser: Browser = firefox ? 'firefox' : /edge/i.test(chrome?.[1] ?? '') ? 'edge' : 'chrome';
    const name = policy.attributes.name ?? '';
    const element = childElements(policy, 'elements').flatMap((elements) => childElements(elements))[0];
    if (!element) {
      targets.push({
        policy: name,
        browser,
        id: chrome?.[2] ?? '',
        valueName: policy.attributes.valueName ?? name,
        kind: 'boolean',
      });
      continue;
    }
    const valueName = element.attributes.valueName ?? name;
    targets.push({
      policy: name,
      browser,
      id: chrome ? (chrome[2] as string) : valueName,
      valueName,
      kind: element.name as AdmxTarget['kind'],
      elementId: element.attributes.id,
    });
  }
  return targets;
}

/** The separator Intune uses between the strings of a list or multi-line value. */
export const INTUNE_SEPARATOR = '\uf000';

function readIntuneSetting(xml: string, target: AdmxTarget, policy: Record<string, unknown>, problems: Problem[]) {
  let root: XmlElement;
  try {
    root = parseXml(`<setting>${xml}</setting>`);
  } catch (error) {
    problems.push(problemAt(target.policy, xml, `unreadable setting value: ${(error as Error).message}`));
    return;
  }
  const state = childElements(root).find((element) => element.name === 'enabled' || element.name === 'disabled');
  if (!state) {
    problems.push(problemAt(target.policy, xml, 'expected <enabled/> or <disabled/>'));
    return;
  }
  if (target.kind === 'boolean') {
    policy[target.valueName] = state.name === 'enabled';
    return;
  }
  if (state.name === 'disabled') return;
  const data = childElements(root, 'data').find((element) => element.attributes.id === target.elementId);
  const text = data?.attributes.value;
  if (text === undefined) {
    problems.push(problemAt(target.policy, xml, `missing <data id="${target.elementId}" value="..."/>`));
    return;
  }
  if (target.kind === 'multiText') {
    // Our Firefox ADMX: the whole policy as JSON lines, which Firefox joins with line breaks.
    const parsed = parseJsonOr(text.split(INTUNE_SEPARATOR).join('\n'), undefined);
    if (isPlainObject(parsed)) Object.assign(policy, parsed);
    else problems.push(problemAt(target.policy, text, 'not a JSON object; Firefox ignores it'));
    return;
  }
  const asRegistry: RegValue =
    target.kind === 'decimal' ? { type: 'REG_DWORD', data: Number(text) } : { type: 'REG_SZ', data: text };
  policy[target.valueName] = chromeRegValue(asRegistry, keySchema(target.valueName));
}
