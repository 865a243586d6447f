/**
 * `npm run policy:kit` — writes the deployment kit (docs/policy/) from src/policy/schema.json and a policy file
 * (docs/policy/sample-policy.json by default): registry files, ADMX/ADML, Intune, Google Admin console, macOS,
 * Linux and Firefox. Everything an admin deploys is derived from those two inputs, so nothing drifts by hand;
 * a unit test regenerates the kit and compares it with what is committed.
 *
 *   npm run policy:kit -- [--policy FILE] [--out DIR] [--chrome-id ID] [--edge-id ID] [--firefox-id ID]
 *                         [--chrome-update-url URL] [--edge-update-url URL] [--firefox-install-url URL]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultPolicy, POLICY_KEYS, parsePolicy } from '../src/policy/policy';
import {
  DEFAULT_IDS,
  escapeXml,
  isPlainObject,
  type Json,
  type JsonSchema,
  keySchema,
  type Problem,
  plistDocument,
  REG_HEADER,
  type RegValue,
  regValueLine,
  SCHEMA,
  schemaProblems,
  splitBilingual,
} from './policy-formats';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const KIT_DIR = join(REPO_ROOT, 'docs', 'policy');
export const SAMPLE_POLICY = join(KIT_DIR, 'sample-policy.json');

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
  chromeId: DEFAULT_IDS.chrome,
  edgeId: DEFAULT_IDS.chrome,
  firefoxId: DEFAULT_IDS.firefox,
  chromeUpdateUrl: 'https://clients2.google.com/service/update2/crx',
  edgeUpdateUrl: 'https://edge.microsoft.com/extensionwebstorebase/v1/crx',
  // A placeholder on a reserved example domain: guessing a real store URL could force-install someone else's add-on.
  firefoxInstallUrl: 'https://www.example.jp/meeting-guard/meeting-guard.xpi',
  policyName: 'sample-policy.json',
};

export interface KitFile {
  /** Relative to the kit directory, with forward slashes. */
  path: string;
  content: string | Uint8Array;
  /** True when the file holds the policy values (policy:check can read it back to the policy). */
  carriesPolicy: boolean;
  ja: string;
  en: string;
}

type Policy = Record<string, Json>;

// ---------------------------------------------------------------------------------------------------------------
// Input

/** Problems that make a policy unfit to ship: our parser's and Chrome's schema's (Chrome would drop the value). */
export function policyProblems(policy: unknown): Problem[] {
  const parsed = parsePolicy(policy).problems;
  const seen = new Set(parsed.map((problem) => problem.path));
  return [...parsed, ...schemaProblems(policy, SCHEMA).filter((problem) => !seen.has(problem.path))];
}

export function loadPolicy(path: string): Policy {
  const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!isPlainObject(json)) throw new Error(`${path}: expected a JSON object of policy keys`);
  return json as Policy;
}

/** Schema key order, so every generated file lists keys the same way whatever order the input had. */
const orderedEntries = (policy: Policy): [string, Json][] =>
  POLICY_KEYS.filter((key) => key in policy).map((key) => [key, policy[key] as Json]);

/** One line per key: short enough to read in regedit's multi-string editor and in GPO's text box. */
export function policyJsonLines(policy: Policy): string[] {
  const entries = orderedEntries(policy);
  const body = entries.map(
    ([key, value], i) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}${i < entries.length - 1 ? ',' : ''}`,
  );
  return ['{', ...body, '}'];
}

const isJsonKind = (schema: JsonSchema | undefined) => schema?.type === 'array' || schema?.type === 'object';

const DEFAULTS = defaultPolicy() as unknown as Record<string, Json>;

// ---------------------------------------------------------------------------------------------------------------
// Products

type Chromium = 'chrome' | 'edge';

const PRODUCTS = {
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

const FIREFOX_REGISTRY = 'Software\\Policies\\Mozilla\\Firefox';
const HKLM = 'HKEY_LOCAL_MACHINE';

const idFor = (product: Chromium, options: KitOptions) => (product === 'chrome' ? options.chromeId : options.edgeId);
const policyKeyPath = (product: Chromium, options: KitOptions) =>
  `${PRODUCTS[product].registry}\\3rdparty\\extensions\\${idFor(product, options)}\\policy`;

// ---------------------------------------------------------------------------------------------------------------
// Windows registry

const CRLF = '\r\n';

/** How Chrome and Edge want each schema type in the registry (chromium.org "complex policies on Windows"). */
export function chromeRegistryValue(key: string, value: Json): RegValue {
  const schema = keySchema(key);
  if (schema?.type === 'boolean') return { type: 'REG_DWORD', data: value ? 1 : 0 };
  if (schema?.type === 'integer') return { type: 'REG_DWORD', data: value as number };
  if (isJsonKind(schema)) return { type: 'REG_SZ', data: JSON.stringify(value) };
  return { type: 'REG_SZ', data: String(value) };
}

const regComment = (text: string) =>
  text
    .split('\n')
    .map((line) => `; ${line}`.trimEnd())
    .join(CRLF);

function regFile(comment: string, body: string[]): string {
  return [REG_HEADER, '', regComment(comment), '', ...body, ''].join(CRLF);
}

const generatedNote = (options: KitOptions) =>
  `Generated by "npm run policy:kit" from ${options.policyName} and src/policy/schema.json. Do not edit by hand.`;

function chromiumReg(product: Chromium, policy: Policy, options: KitOptions): string {
  const path = `${HKLM}\\${policyKeyPath(product, options)}`;
  const lines = orderedEntries(policy).map(([key, value]) => regValueLine(key, chromeRegistryValue(key, value)));
  const comment = [
    `Meeting Guard (Web会議ガード) policy for ${PRODUCTS[product].name}, extension id ${idFor(product, options)}.`,
    generatedNote(options),
    'Import the .utf16.reg copy: regedit reads UTF-16LE; Japanese text in a UTF-8 .reg is garbled.',
    'Booleans and integers are REG_DWORD; lists and objects are REG_SZ holding one line of JSON.',
    'The first line deletes the key, so values left over from an older policy disappear.',
  ].join('\n');
  return regFile(comment, [`[-${path}]`, '', `[${path}]`, ...lines]);
}

function firefoxReg(policy: Policy, options: KitOptions): string {
  const path = `${HKLM}\\${FIREFOX_REGISTRY}\\3rdparty\\Extensions`;
  const lines = policyJsonLines(policy);
  const comment = [
    `Meeting Guard (Web会議ガード) policy for Firefox, add-on id ${options.firefoxId}.`,
    generatedNote(options),
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

function forceInstallReg(product: Chromium, options: KitOptions): string {
  const path = `${HKLM}\\${PRODUCTS[product].registry}\\ExtensionInstallForcelist`;
  const url = product === 'chrome' ? options.chromeUpdateUrl : options.edgeUpdateUrl;
  const comment = [
    `EXAMPLE: force-install Meeting Guard in ${PRODUCTS[product].name} (ExtensionInstallForcelist).`,
    generatedNote(options),
    'The list is numbered "1", "2", ... without gaps: if ExtensionInstallForcelist already has entries,',
    'rename "1" below to the next free number, or the browser stops reading the list at the gap.',
    'Windows machines not joined to a domain (or not MDM-enrolled) force-install only store extensions.',
  ].join('\n');
  return regFile(comment, [
    `[${path}]`,
    regValueLine('1', { type: 'REG_SZ', data: `${idFor(product, options)};${url}` }),
  ]);
}

function firefoxForceInstallReg(options: KitOptions): string {
  const path = `${HKLM}\\${FIREFOX_REGISTRY}\\ExtensionSettings\\${options.firefoxId}`;
  const comment = [
    'EXAMPLE: force-install Meeting Guard in Firefox (ExtensionSettings, one sub-key per add-on).',
    generatedNote(options),
    'Sub-keys leave the settings of other add-ons alone, unlike one JSON value for all of them.',
    'Replace install_url with where your organisation publishes the signed .xpi (or its AMO "latest" URL).',
  ].join('\n');
  return regFile(comment, [
    `[${path}]`,
    regValueLine('installation_mode', { type: 'REG_SZ', data: 'force_installed' }),
    regValueLine('install_url', { type: 'REG_SZ', data: options.firefoxInstallUrl }),
  ]);
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

// ---------------------------------------------------------------------------------------------------------------
// ADMX / ADML

type Lang = 'ja' | 'en';

const ADMX_NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const XSD_ATTRS = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const title = (key: string, lang: Lang) => splitBilingual(keySchema(key)?.title ?? key)[lang];
const description = (key: string, lang: Lang) => splitBilingual(keySchema(key)?.description ?? '')[lang];

function typeHint(key: string, lang: Lang): string {
  const schema = keySchema(key) as JsonSchema;
  const ja = lang === 'ja';
  if (schema.type === 'boolean')
    return ja
      ? '「有効」で true、「無効」で false。「未構成」なら既定値。'
      : 'Enabled = true, Disabled = false, Not configured = default.';
  if (schema.type === 'integer') {
    const range = `${schema.minimum ?? ''}${ja ? '〜' : '-'}${schema.maximum ?? ''}`;
    return ja ? `整数（${range}）。` : `Whole number (${range}).`;
  }
  if (schema.enum) return ja ? `次のいずれか: ${schema.enum.join(', ')}。` : `One of: ${schema.enum.join(', ')}.`;
  if (isJsonKind(schema))
    return ja
      ? '1 行の JSON を入力します。Chrome と Edge はこの文字列を JSON として読み込みます。'
      : 'Enter one line of JSON. Chrome and Edge read this text as JSON.';
  return ja ? '文字列。' : 'Text.';
}

function registryHint(key: string): string {
  const schema = keySchema(key);
  if (schema?.type === 'boolean' || schema?.type === 'integer') return 'REG_DWORD';
  return isJsonKind(schema) ? 'REG_SZ (JSON)' : 'REG_SZ';
}

function explainText(key: string, lang: Lang, policy: Policy): string {
  const ja = lang === 'ja';
  const lines = [description(key, lang), '', typeHint(key, lang)];
  lines.push(`${ja ? '既定値' : 'Default'}: ${JSON.stringify(DEFAULTS[key])}`);
  if (isJsonKind(keySchema(key))) {
    const example = key in policy ? policy[key] : DEFAULTS[key];
    lines.push(`${ja ? '例' : 'Example'}: ${JSON.stringify(example)}`);
  }
  lines.push(`${ja ? 'レジストリ値' : 'Registry value'}: ${key} (${registryHint(key)})`);
  return lines.join('\n');
}

function admxPolicyElement(key: string, product: Chromium, options: KitOptions): string {
  const schema = keySchema(key) as JsonSchema;
  const common = `name="${key}" class="Machine" displayName="$(string.${key})" explainText="$(string.${key}_Explain)"`;
  const keyAttr = `key="${escapeXml(policyKeyPath(product, options))}"`;
  const head = ['      <parentCategory ref="MeetingGuard"/>', '      <supportedOn ref="SUPPORTED_MeetingGuard"/>'];
  if (schema.type === 'boolean') {
    return [
      `    <policy ${common} ${keyAttr} valueName="${key}">`,
      ...head,
      '      <enabledValue><decimal value="1"/></enabledValue>',
      '      <disabledValue><decimal value="0"/></disabledValue>',
      '    </policy>',
    ].join('\n');
  }
  let element: string;
  if (schema.type === 'integer') {
    const bounds = `minValue="${schema.minimum ?? 0}" maxValue="${schema.maximum ?? 4294967295}"`;
    element = `        <decimal id="${key}" valueName="${key}" ${bounds}/>`;
  } else if (schema.enum) {
    const items = schema.enum.map(
      (value) =>
        `          <item displayName="$(string.${key}_${value})">` +
        `<value><string>${escapeXml(String(value), false)}</string></value></item>`,
    );
    element = [`        <enum id="${key}" valueName="${key}" required="true">`, ...items, '        </enum>'].join('\n');
  } else {
    // Chrome's own ADMX gives dictionary policies this much room; GPO's default of 1023 characters is too little.
    const length = isJsonKind(schema) ? ' maxLength="1000000"' : '';
    element = `        <text id="${key}" valueName="${key}"${length}/>`;
  }
  return [
    `    <policy ${common} presentation="$(presentation.${key})" ${keyAttr}>`,
    ...head,
    '      <elements>',
    element,
    '      </elements>',
    '    </policy>',
  ].join('\n');
}

function admxDocument(namespace: string, prefix: string, policies: string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<policyDefinitions ${XSD_ATTRS} revision="1.0" schemaVersion="1.0" xmlns="${ADMX_NS}">`,
    '  <policyNamespaces>',
    `    <target prefix="${prefix}" namespace="${namespace}"/>`,
    '    <using prefix="windows" namespace="Microsoft.Policies.Windows"/>',
    '  </policyNamespaces>',
    '  <resources minRequiredRevision="1.0"/>',
    '  <supportedOn>',
    '    <definitions>',
    '      <definition name="SUPPORTED_MeetingGuard" displayName="$(string.SUPPORTED_MeetingGuard)"/>',
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    '    <category name="MeetingGuard" displayName="$(string.MeetingGuard)"/>',
    '  </categories>',
    '  <policies>',
    ...policies,
    '  </policies>',
    '</policyDefinitions>',
    '',
  ].join('\n');
}

export function chromiumAdmx(product: Chromium, options: KitOptions): string {
  const { namespace, prefix } = PRODUCTS[product];
  return admxDocument(
    namespace,
    prefix,
    POLICY_KEYS.map((key) => admxPolicyElement(key, product, options)),
  );
}

function presentation(key: string, lang: Lang): string {
  const schema = keySchema(key) as JsonSchema;
  const label = escapeXml(title(key, lang), false);
  let body: string;
  if (schema.type === 'integer') {
    const fallback = DEFAULTS[key];
    const preset = typeof fallback === 'number' ? ` defaultValue="${fallback}"` : '';
    body = `      <decimalTextBox refId="${key}"${preset} spinStep="1">${label}</decimalTextBox>`;
  } else if (schema.enum) {
    const index = Math.max(0, schema.enum.indexOf(DEFAULTS[key] as Json));
    body = `      <dropdownList refId="${key}" noSort="true" defaultItem="${index}">${label}</dropdownList>`;
  } else if (isJsonKind(schema)) {
    const hint =
      lang === 'ja'
        ? '1 行の JSON で入力します（説明欄の例を参照）。'
        : 'Enter one line of JSON (see the example in the help).';
    body = [
      `      <text>${escapeXml(hint, false)}</text>`,
      `      <textBox refId="${key}"><label>${label}</label></textBox>`,
    ].join('\n');
  } else {
    body = `      <textBox refId="${key}"><label>${label}</label></textBox>`;
  }
  return [`    <presentation id="${key}">`, body, '    </presentation>'].join('\n');
}

const stringLine = (id: string, text: string) => `      <string id="${id}">${escapeXml(text, false)}</string>`;

function admlDocument(heading: string, strings: string[], presentations: string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<policyDefinitionResources ${XSD_ATTRS} revision="1.0" schemaVersion="1.0" xmlns="${ADMX_NS}">`,
    `  <displayName>${escapeXml(heading, false)}</displayName>`,
    `  <description>${escapeXml(heading, false)}</description>`,
    '  <resources>',
    '    <stringTable>',
    ...strings,
    '    </stringTable>',
    '    <presentationTable>',
    ...presentations,
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ].join('\n');
}

const categoryName = (productName: string, lang: Lang) =>
  lang === 'ja' ? `Web会議ガード (${productName})` : `Meeting Guard (${productName})`;

const supportedText = (productName: string, lang: Lang) =>
  lang === 'ja' ? `Web会議ガード をインストールした ${productName}` : `${productName} with Meeting Guard installed`;

export function chromiumAdml(product: Chromium, lang: Lang, policy: Policy): string {
  const name = PRODUCTS[product].name;
  const strings = [
    stringLine('MeetingGuard', categoryName(name, lang)),
    stringLine('SUPPORTED_MeetingGuard', supportedText(name, lang)),
  ];
  for (const key of POLICY_KEYS) {
    strings.push(stringLine(key, title(key, lang)), stringLine(`${key}_Explain`, explainText(key, lang, policy)));
    for (const value of keySchema(key)?.enum ?? []) strings.push(stringLine(`${key}_${value}`, String(value)));
  }
  return admlDocument(
    categoryName(name, lang),
    strings,
    POLICY_KEYS.filter((key) => keySchema(key)?.type !== 'boolean').map((key) => presentation(key, lang)),
  );
}

const FIREFOX_POLICY = 'MeetingGuardPolicy';

/**
 * Firefox reads no schema, so per-key GPO settings would turn booleans into numbers. This template therefore
 * has one setting: the whole policy as multi-line JSON, written as the REG_MULTI_SZ that mozilla/policy-templates
 * documents for 3rdparty.
 */
export function firefoxAdmx(options: KitOptions): string {
  const policy = [
    `    <policy name="${FIREFOX_POLICY}" class="Machine" displayName="$(string.${FIREFOX_POLICY})"` +
      ` explainText="$(string.${FIREFOX_POLICY}_Explain)" presentation="$(presentation.${FIREFOX_POLICY})"` +
      ` key="${FIREFOX_REGISTRY}\\3rdparty\\Extensions">`,
    '      <parentCategory ref="MeetingGuard"/>',
    '      <supportedOn ref="SUPPORTED_MeetingGuard"/>',
    '      <elements>',
    `        <multiText id="${FIREFOX_POLICY}" valueName="${escapeXml(options.firefoxId)}" maxLength="1000000"/>`,
    '      </elements>',
    '    </policy>',
  ].join('\n');
  return admxDocument('CityTools.Policies.MeetingGuard.Firefox', 'meetingguardfirefox', [policy]);
}

export function firefoxAdml(lang: Lang, policy: Policy): string {
  const ja = lang === 'ja';
  const explain = [
    ja
      ? 'Web会議ガード のポリシー全体を JSON で入力します。キーと意味は docs/policy/keys.md を参照してください。'
      : "Enter Meeting Guard's whole policy as JSON. See docs/policy/keys.md for the keys and their meaning.",
    ja
      ? 'Firefox は値をそのまま拡張機能に渡します（スキーマ検証なし）。誤りは拡張機能のオプションページに表示されます。配布前に npm run policy:check で確認してください。'
      : 'Firefox hands the values to the extension unchecked (no schema); the options page lists problems. ' +
        'Check with npm run policy:check before deploying.',
    ja ? 'Firefox はポリシーを再起動まで読み直しません。' : 'Firefox reads policy again only after a restart.',
    '',
    ja ? '例:' : 'Example:',
    ...policyJsonLines(policy),
  ].join('\n');
  const label = ja ? 'ポリシー (JSON、複数行可)' : 'Policy (JSON, several lines allowed)';
  const presentations = [
    `    <presentation id="${FIREFOX_POLICY}">`,
    `      <multiTextBox refId="${FIREFOX_POLICY}">${escapeXml(label, false)}</multiTextBox>`,
    '    </presentation>',
  ];
  const strings = [
    stringLine('MeetingGuard', categoryName('Firefox', lang)),
    stringLine('SUPPORTED_MeetingGuard', supportedText('Firefox', lang)),
    stringLine(FIREFOX_POLICY, ja ? 'Web会議ガード のポリシー' : 'Meeting Guard policy'),
    stringLine(`${FIREFOX_POLICY}_Explain`, explain),
  ];
  return admlDocument(categoryName('Firefox', lang), strings, presentations);
}

// ---------------------------------------------------------------------------------------------------------------
// Intune (custom configuration profile, as the Graph API shapes it)

interface OmaSetting {
  '@odata.type': '#microsoft.graph.omaSettingString';
  displayName: string;
  description: string;
  omaUri: string;
  value: string;
}

const oma = (displayName: string, description: string, omaUri: string, value: string): OmaSetting => ({
  '@odata.type': '#microsoft.graph.omaSettingString',
  displayName,
  description,
  omaUri,
  value,
});

const admxInstallUri = (app: string) =>
  `./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/${app}/Policy/${app}Admx`;
const settingUri = (app: string, name: string) =>
  `./Device/Vendor/MSFT/Policy/Config/${app}~Policy~MeetingGuard/${name}`;

function intuneValue(key: string, value: Json): string {
  const schema = keySchema(key);
  if (schema?.type === 'boolean') return value ? '<enabled/>' : '<disabled/>';
  const text = isJsonKind(schema) ? JSON.stringify(value) : String(value);
  return `<enabled/><data id="${key}" value="${escapeXml(text)}"/>`;
}

const INTUNE_NOTE =
  'EXAMPLE (best effort): a Windows 10+ custom profile. Create it in Intune (Devices > Configuration > Custom) ' +
  'with these OMA-URIs, data type String, or POST this object to Graph deviceManagement/deviceConfigurations.';

function intuneChromium(product: Chromium, policy: Policy, options: KitOptions): string {
  const { intuneApp, name } = PRODUCTS[product];
  const settings = [
    oma(
      'Meeting Guard ADMX',
      'Ingests meeting-guard ADMX so the settings below exist.',
      admxInstallUri(intuneApp),
      chromiumAdmx(product, options),
    ),
    ...orderedEntries(policy).map(([key, value]) =>
      oma(`Meeting Guard: ${key}`, title(key, 'ja'), settingUri(intuneApp, key), intuneValue(key, value)),
    ),
  ];
  const id = idFor(product, options);
  const url = product === 'chrome' ? options.chromeUpdateUrl : options.edgeUpdateUrl;
  const forceUri =
    product === 'chrome'
      ? './Device/Vendor/MSFT/Policy/Config/Chrome~Policy~googlechrome~Extensions/ExtensionInstallForcelist'
      : './Device/Vendor/MSFT/Policy/Config/microsoft_edge~Policy~microsoft_edge~Extensions/ExtensionInstallForcelist';
  const forceNote =
    product === 'chrome'
      ? 'EXAMPLE: needs Google\'s chrome.admx ingested as app "Chrome"; ' +
        'the settings catalog (Google Chrome > Extensions) is simpler.'
      : 'EXAMPLE: the settings catalog (Microsoft Edge > Extensions) is simpler and needs no ingestion.';
  settings.push(
    oma(
      `${name}: force-install Meeting Guard`,
      forceNote,
      forceUri,
      `<enabled/><data id="ExtensionInstallForcelistDesc" value="1&#xF000;${escapeXml(`${id};${url}`)}"/>`,
    ),
  );
  const caveat =
    product === 'edge'
      ? ' Intune refuses ingested ADMX that write under Software\\Policies\\Microsoft ' +
        'unless Microsoft lists an exception; ' +
        'if the ingestion fails, deploy windows/meeting-guard-edge.utf16.reg with a platform script instead.'
      : '';
  return `${JSON.stringify(
    {
      '@odata.type': '#microsoft.graph.windows10CustomConfiguration',
      displayName: `Web会議ガード / Meeting Guard (${name})`,
      description: `${INTUNE_NOTE}${caveat} ${generatedNote(options)}`,
      omaSettings: settings,
    },
    null,
    2,
  )}\n`;
}

function intuneFirefox(policy: Policy, options: KitOptions): string {
  const multi = policyJsonLines(policy)
    .map((line) => escapeXml(line))
    .join('&#xF000;');
  const install = JSON.stringify({
    [options.firefoxId]: { installation_mode: 'force_installed', install_url: options.firefoxInstallUrl },
  });
  const settings = [
    oma(
      'Meeting Guard ADMX',
      'Ingests meeting-guard-firefox ADMX so the setting below exists.',
      admxInstallUri('MeetingGuardFirefox'),
      firefoxAdmx(options),
    ),
    oma(
      'Meeting Guard: policy',
      'The whole policy as JSON lines (REG_MULTI_SZ).',
      settingUri('MeetingGuardFirefox', FIREFOX_POLICY),
      `<enabled/><data id="${FIREFOX_POLICY}" value="${multi}"/>`,
    ),
    oma(
      'Firefox: force-install Meeting Guard',
      'EXAMPLE: needs Mozilla\'s firefox.admx ingested as app "Firefox". Replaces the whole ExtensionSettings policy.',
      './Device/Vendor/MSFT/Policy/Config/Firefox~Policy~firefox~Extensions/ExtensionSettings',
      `<enabled/><data id="ExtensionSettings" value="${escapeXml(install)}"/>`,
    ),
  ];
  return `${JSON.stringify(
    {
      '@odata.type': '#microsoft.graph.windows10CustomConfiguration',
      displayName: 'Web会議ガード / Meeting Guard (Firefox)',
      description: `${INTUNE_NOTE} ${generatedNote(options)}`,
      omaSettings: settings,
    },
    null,
    2,
  )}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON formats: Google Admin console, Linux, Firefox

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const googleAdmin = (policy: Policy) =>
  json(Object.fromEntries(orderedEntries(policy).map(([key, value]) => [key, { Value: value }])));

const linuxPolicy = (policy: Policy, options: KitOptions) => {
  const extensions: Record<string, Policy> = { [options.chromeId]: Object.fromEntries(orderedEntries(policy)) };
  if (options.edgeId !== options.chromeId) extensions[options.edgeId] = Object.fromEntries(orderedEntries(policy));
  return json({ '3rdparty': { extensions } });
};

const linuxForceInstall = (options: KitOptions) =>
  json({
    ExtensionSettings: {
      [options.chromeId]: { installation_mode: 'force_installed', update_url: options.chromeUpdateUrl },
    },
  });

const firefoxPolicies = (policy: Policy, options: KitOptions) =>
  json({
    policies: {
      '3rdparty': { Extensions: { [options.firefoxId]: Object.fromEntries(orderedEntries(policy)) } },
      ExtensionSettings: {
        [options.firefoxId]: { installation_mode: 'force_installed', install_url: options.firefoxInstallUrl },
      },
    },
  });

// ---------------------------------------------------------------------------------------------------------------
// macOS

/** A stable UUID (version 5 layout) from a name: reproducible output, and MDMs see the same profile each time. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`meeting-guard:${name}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const parts = [hex.slice(0, 8), hex.slice(8, 12), `5${hex.slice(13, 16)}`, `${variant}${hex.slice(17, 20)}`];
  parts.push(hex.slice(20, 32));
  return parts.join('-').toUpperCase();
}

function payload(type: string, identifier: string, displayName: string, body: Policy): Policy {
  return {
    PayloadDisplayName: displayName,
    PayloadIdentifier: identifier,
    PayloadType: type,
    PayloadUUID: stableUuid(identifier),
    PayloadVersion: 1,
    ...body,
  };
}

function mobileconfig(policy: Policy, options: KitOptions): string {
  const values = Object.fromEntries(orderedEntries(policy));
  const content = [
    payload(
      `${PRODUCTS.chrome.macDomain}.${options.chromeId}`,
      'jp.city-tools.meeting-guard.chrome',
      'Web会議ガード (Google Chrome)',
      values,
    ),
    payload(
      `${PRODUCTS.edge.macDomain}.${options.edgeId}`,
      'jp.city-tools.meeting-guard.edge',
      'Web会議ガード (Microsoft Edge)',
      values,
    ),
    payload('org.mozilla.firefox', 'jp.city-tools.meeting-guard.firefox', 'Web会議ガード (Firefox)', {
      EnterprisePoliciesEnabled: true,
      '3rdparty': { Extensions: { [options.firefoxId]: values } },
    }),
  ];
  const organisation =
    typeof policy.organizationName === 'string' && policy.organizationName ? policy.organizationName : 'Meeting Guard';
  return plistDocument({
    PayloadContent: content,
    PayloadDescription: `Web会議ガード のポリシー / Meeting Guard policy. ${generatedNote(options)}`,
    PayloadDisplayName: 'Web会議ガード ポリシー / Meeting Guard policy',
    PayloadIdentifier: 'jp.city-tools.meeting-guard',
    PayloadOrganization: organisation,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: stableUuid('jp.city-tools.meeting-guard'),
    PayloadVersion: 1,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown: key table and index

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Top-level lists and objects travel as JSON text in the registry and GPO, hence "(JSON)" there only. */
function typeLabel(schema: JsonSchema, nested = false): string {
  if (schema.enum) return `${schema.type}: ${schema.enum.join(' / ')}`;
  if (schema.type === 'integer') return `integer ${schema.minimum ?? ''}–${schema.maximum ?? ''}`;
  if (schema.type === 'array') return nested ? `array of ${schema.items?.type ?? 'any'}` : 'array (JSON)';
  if (schema.type === 'object') return nested ? 'object' : 'object (JSON)';
  return schema.type ?? '';
}

function fieldLines(schema: JsonSchema, indent: string): string[] {
  const lines: string[] = [];
  const inner = schema.type === 'array' ? schema.items : schema;
  for (const [name, sub] of Object.entries(inner?.properties ?? {})) {
    const text = sub.title || sub.description ? ` — ${[sub.title, sub.description].filter(Boolean).join(': ')}` : '';
    lines.push(`${indent}- \`${name}\` (${typeLabel(sub, true)})${text}`, ...fieldLines(sub, `${indent}  `));
  }
  if (inner && typeof inner.additionalProperties === 'object') {
    lines.push(
      `${indent}- \`<any name>\` (${typeLabel(inner.additionalProperties, true)})`,
      ...fieldLines(inner.additionalProperties, `${indent}  `),
    );
  }
  return lines;
}

function keysMarkdown(): string {
  const lines = [
    '<!-- Generated by "npm run policy:kit" from src/policy/schema.json and defaultPolicy(). Do not edit by hand. -->',
    '# ポリシーのキー / Policy keys',
    '',
    '既定値は、管理者がそのキーを設定しないとき（または値が誤っているとき）に拡張機能が使う値です。',
    'Default is what the extension uses when the admin sets nothing for the key (or sets an invalid value).',
    '',
    '| キー / Key | 型 / Type | Windows | 既定値 / Default | 説明 | Description |',
    '|---|---|---|---|---|---|',
  ];
  for (const key of POLICY_KEYS) {
    const schema = keySchema(key) as JsonSchema;
    const row = [
      `\`${key}\``,
      typeLabel(schema),
      registryHint(key),
      `\`${JSON.stringify(DEFAULTS[key])}\``,
      `**${title(key, 'ja')}** — ${description(key, 'ja')}`,
      `**${title(key, 'en')}** — ${description(key, 'en')}`,
    ];
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  lines.push('', '## 入れ子の項目 / Nested fields', '');
  for (const key of POLICY_KEYS) {
    const fields = fieldLines(keySchema(key) as JsonSchema, '');
    if (fields.length) lines.push(`### \`${key}\``, '', ...fields, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function indexMarkdown(files: KitFile[], options: KitOptions): string {
  const lines = [
    '<!-- Generated by "npm run policy:kit". Do not edit by hand: edit sample-policy.json or the generator. -->',
    '# 配布キット / Deployment kit',
    '',
    `\`${options.policyName}\` と \`src/policy/schema.json\` から \`npm run policy:kit\` で生成したファイルです。` +
      '使い方は [管理者ガイド](../admin-guide.md) を参照してください。',
    `Generated by \`npm run policy:kit\` from \`${options.policyName}\` and \`src/policy/schema.json\`. ` +
      'See the [admin guide](../admin-guide.md).',
    '',
    `- Chrome extension id: \`${options.chromeId}\``,
    `- Edge extension id: \`${options.edgeId}\``,
    `- Firefox add-on id: \`${options.firefoxId}\``,
    '',
    '| ファイル / File | 内容 | Contents |',
    '|---|---|---|',
    ...files.map((file) => `| [\`${file.path}\`](${file.path}) | ${cell(file.ja)} | ${cell(file.en)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// The kit

export function generateKit(policy: Policy, options: KitOptions = DEFAULT_OPTIONS): KitFile[] {
  const files: KitFile[] = [];
  const add = (path: string, content: string | Uint8Array, carriesPolicy: boolean, ja: string, en: string) =>
    files.push({ path, content, carriesPolicy, ja, en });
  const addReg = (name: string, text: string, carriesPolicy: boolean, ja: string, en: string) => {
    add(
      `windows/${name}.utf16.reg`,
      utf16(text),
      carriesPolicy,
      `${ja}（regedit 用 UTF-16LE。これを取り込む）`,
      `${en} (UTF-16LE for regedit: import this one)`,
    );
    add(
      `windows/${name}.reg`,
      text,
      carriesPolicy,
      `${ja}（UTF-8、確認・差分用）`,
      `${en} (UTF-8, for review and diffs)`,
    );
  };
  add(
    'keys.md',
    keysMarkdown(),
    false,
    'ポリシーのキーの一覧（型・既定値・意味）',
    'Every policy key: type, default, meaning',
  );
  for (const product of ['chrome', 'edge'] as const) {
    const name = PRODUCTS[product].name;
    addReg(
      `meeting-guard-${product}`,
      chromiumReg(product, policy, options),
      true,
      `${name} のポリシー (.reg)`,
      `${name} policy (.reg)`,
    );
  }
  addReg(
    'meeting-guard-firefox',
    firefoxReg(policy, options),
    true,
    'Firefox のポリシー (.reg、REG_MULTI_SZ の JSON)',
    'Firefox policy (.reg, JSON in REG_MULTI_SZ)',
  );
  for (const product of ['chrome', 'edge'] as const) {
    const name = PRODUCTS[product].name;
    addReg(
      `force-install-${product}`,
      forceInstallReg(product, options),
      false,
      `例: ${name} への強制インストール`,
      `Example: force-install in ${name}`,
    );
  }
  addReg(
    'force-install-firefox',
    firefoxForceInstallReg(options),
    false,
    '例: Firefox への強制インストール',
    'Example: force-install in Firefox',
  );
  for (const product of ['chrome', 'edge'] as const) {
    const name = PRODUCTS[product].name;
    add(
      `windows/admx/meeting-guard-${product}.admx`,
      chromiumAdmx(product, options),
      false,
      `${name} 用 ADMX テンプレート`,
      `ADMX template for ${name}`,
    );
    add(
      `windows/admx/ja-JP/meeting-guard-${product}.adml`,
      chromiumAdml(product, 'ja', policy),
      false,
      `${name} 用 ADML（日本語）`,
      `ADML for ${name} (Japanese)`,
    );
    add(
      `windows/admx/en-US/meeting-guard-${product}.adml`,
      chromiumAdml(product, 'en', policy),
      false,
      `${name} 用 ADML（英語）`,
      `ADML for ${name} (English)`,
    );
  }
  add(
    'windows/admx/meeting-guard-firefox.admx',
    firefoxAdmx(options),
    false,
    'Firefox 用 ADMX（ポリシー全体を JSON で 1 項目）',
    'ADMX for Firefox (the whole policy as one JSON setting)',
  );
  add(
    'windows/admx/ja-JP/meeting-guard-firefox.adml',
    firefoxAdml('ja', policy),
    false,
    'Firefox 用 ADML（日本語）',
    'ADML for Firefox (Japanese)',
  );
  add(
    'windows/admx/en-US/meeting-guard-firefox.adml',
    firefoxAdml('en', policy),
    false,
    'Firefox 用 ADML（英語）',
    'ADML for Firefox (English)',
  );
  for (const product of ['chrome', 'edge'] as const) {
    const name = PRODUCTS[product].name;
    add(
      `intune/meeting-guard-${product}.json`,
      intuneChromium(product, policy, options),
      true,
      `例: Intune カスタム プロファイル（${name}、ADMX 取り込み + 設定 + 強制インストール）`,
      `Example: Intune custom profile (${name}: ADMX ingestion, settings, force-install)`,
    );
  }
  add(
    'intune/meeting-guard-firefox.json',
    intuneFirefox(policy, options),
    true,
    '例: Intune カスタム プロファイル（Firefox）',
    'Example: Intune custom profile (Firefox)',
  );
  add(
    'google-admin/meeting-guard-policy.json',
    googleAdmin(policy),
    true,
    'Google 管理コンソールにアップロードする JSON（"Value" 付き）',
    'JSON to upload in the Google Admin console (with "Value")',
  );
  add(
    'macos/meeting-guard.mobileconfig',
    mobileconfig(policy, options),
    true,
    'macOS 構成プロファイル（Chrome・Edge・Firefox）',
    'macOS configuration profile (Chrome, Edge, Firefox)',
  );
  for (const product of ['chrome', 'edge'] as const) {
    const domain = `${PRODUCTS[product].macDomain}.${idFor(product, options)}`;
    add(
      `macos/${domain}.plist`,
      plistDocument(Object.fromEntries(orderedEntries(policy))),
      true,
      `macOS 管理設定 plist（Jamf 等のカスタム設定用、ドメイン ${domain}）`,
      `macOS managed preferences plist (for Jamf-style custom settings, domain ${domain})`,
    );
  }
  add(
    'linux/meeting-guard-policy.json',
    linuxPolicy(policy, options),
    true,
    'Linux: /etc/opt/chrome/policies/managed/ と /etc/chromium/policies/managed/ に置く',
    'Linux: put in /etc/opt/chrome/policies/managed/ and /etc/chromium/policies/managed/',
  );
  add(
    'linux/force-install.json',
    linuxForceInstall(options),
    false,
    '例: Linux の強制インストール（ExtensionSettings）',
    'Example: force-install on Linux (ExtensionSettings)',
  );
  add(
    'firefox/policies.json',
    firefoxPolicies(policy, options),
    true,
    'Firefox policies.json（3rdparty + 強制インストール例）',
    'Firefox policies.json (3rdparty and a force-install example)',
  );
  files.sort((a, b) => a.path.localeCompare(b.path));
  files.unshift({ path: 'README.md', content: '', carriesPolicy: false, ja: 'このファイル一覧', en: 'This index' });
  (files[0] as KitFile).content = indexMarkdown(files, options);
  return files;
}

export function writeKit(files: KitFile[], outDir: string): void {
  for (const file of files) {
    const target = join(outDir, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

const CHROME_ID = /^[a-p]{32}$/;
// Gecko ids: an email-like id or a {GUID}; they end up in registry paths and XML, so nothing else is allowed.
const GECKO_ID = /^([\w.+-]+@[\w.-]+|\{[0-9a-fA-F-]{36}\})$/;

const USAGE = `Usage: npm run policy:kit -- [--policy FILE] [--out DIR] [--chrome-id ID] [--edge-id ID]
       [--firefox-id ID] [--chrome-update-url URL] [--edge-update-url URL] [--firefox-install-url URL]
Defaults: --policy docs/policy/sample-policy.json --out docs/policy --chrome-id ${DEFAULT_IDS.chrome}
          --edge-id (the Chrome id) --firefox-id ${DEFAULT_IDS.firefox}`;

export function parseArgs(argv: string[]): { options: KitOptions; policyPath: string; outDir: string } {
  const options = { ...DEFAULT_OPTIONS };
  let policyPath = SAMPLE_POLICY;
  let outDir = KIT_DIR;
  let edgeGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    if (flag === '--policy') policyPath = resolve(value);
    else if (flag === '--out') outDir = resolve(value);
    else if (flag === '--chrome-id') options.chromeId = value;
    else if (flag === '--edge-id') [options.edgeId, edgeGiven] = [value, true];
    else if (flag === '--firefox-id') options.firefoxId = value;
    else if (flag === '--chrome-update-url') options.chromeUpdateUrl = value;
    else if (flag === '--edge-update-url') options.edgeUpdateUrl = value;
    else if (flag === '--firefox-install-url') options.firefoxInstallUrl = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  // An Edge Add-ons listing has its own id; without one, the Chrome Web Store id is the one Edge installs.
  if (!edgeGiven) options.edgeId = options.chromeId;
  for (const id of [options.chromeId, options.edgeId])
    if (!CHROME_ID.test(id)) throw new Error(`not a Chrome extension id: ${id}`);
  if (!GECKO_ID.test(options.firefoxId)) throw new Error(`not a Firefox add-on id: ${options.firefoxId}`);
  for (const url of [options.chromeUpdateUrl, options.edgeUpdateUrl, options.firefoxInstallUrl])
    if (!/^https:\/\/[^\s"<>]+$/.test(url)) throw new Error(`expected an https URL: ${url}`);
  options.policyName = basename(policyPath);
  return { options, policyPath, outDir };
}

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args: ReturnType<typeof parseArgs>;
  let policy: Policy;
  try {
    args = parseArgs(argv);
    policy = loadPolicy(args.policyPath);
  } catch (error) {
    console.error(`policy:kit: ${(error as Error).message}`);
    return 2;
  }
  const problems = policyProblems(policy);
  if (problems.length) {
    console.error(`policy:kit: ${args.policyPath} is not a valid policy; nothing was written.`);
    for (const problem of problems) console.error(`  ${problem.path}: ${problem.reason} (${problem.value})`);
    console.error(`ポリシーに誤りが ${problems.length} 件あるため、生成しませんでした。`);
    return 1;
  }
  const files = generateKit(policy, args.options);
  writeKit(files, args.outDir);
  console.log(`policy:kit: wrote ${files.length} files to ${args.outDir}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
