/**
 * Group Policy templates: ADMX and its ADML language files (ja-JP, en-US) for Chrome, Edge and Firefox (writer),
 * and what policy each template writes where (reader: `admxTargets`, used to read Intune profiles that ingest
 * them). An ADMX or ADML holds no policy values, so policy:check only says what it is.
 */

import { defaultPolicy, POLICY_KEYS } from '../../src/policy/policy';
import {
  type Browser,
  type Chromium,
  chromeIdProblem,
  DEVELOPMENT_IDS,
  type Extraction,
  FIREFOX_REGISTRY,
  GECKO_ID,
  isJsonKind,
  type Json,
  type JsonSchema,
  type KitOptions,
  keySchema,
  type Policy,
  PRODUCTS,
  type Problem,
  policyJsonLines,
  policyKeyPath,
  problemAt,
  splitBilingual,
  usesDevelopmentId,
  xmlNotes,
} from './common';
import { developmentIdWarning, isDevelopmentId } from './install';
import { allElements, childElements, escapeXml, parseXml, textOf, type XmlElement } from './xml';

const DEFAULTS = defaultPolicy() as unknown as Record<string, Json>;

/** An XML comment holding the kit's notes ("--" cannot appear inside one, so option names lose their dashes). */
export function xmlComment(options: KitOptions): string {
  const text = xmlNotes(options).join('\n     ');
  return `<!-- ${text} -->`;
}

export type Lang = 'ja' | 'en';

const ADMX_NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const XSD_ATTRS = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

export const title = (key: string, lang: Lang) => splitBilingual(keySchema(key)?.title ?? key)[lang];
export const description = (key: string, lang: Lang) => splitBilingual(keySchema(key)?.description ?? '')[lang];

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

export function registryHint(key: string): string {
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

function admxDocument(namespace: string, prefix: string, policies: string[], options: KitOptions): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    xmlComment(options),
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
    options,
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

function admlDocument(heading: string, strings: string[], presentations: string[], options: KitOptions): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    xmlComment(options),
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

const supportedText = (productName: string, lang: Lang, options?: KitOptions) => {
  const base =
    lang === 'ja' ? `Web会議ガード をインストールした ${productName}` : `${productName} with Meeting Guard installed`;
  // Shown as "Supported on" in the Group Policy editor: where an admin looks before enabling a setting.
  if (!options || !usesDevelopmentId(options)) return base;
  return lang === 'ja'
    ? `${base}（開発用 ID ${DEVELOPMENT_IDS.chrome} のテンプレートです。自組織の ID で作り直してから使ってください）`
    : `${base} (template for the development id ${DEVELOPMENT_IDS.chrome}: regenerate it with your own id before use)`;
};

export function chromiumAdml(product: Chromium, lang: Lang, policy: Policy, options: KitOptions): string {
  const name = PRODUCTS[product].name;
  const strings = [
    stringLine('MeetingGuard', categoryName(name, lang)),
    stringLine('SUPPORTED_MeetingGuard', supportedText(name, lang, options)),
  ];
  for (const key of POLICY_KEYS) {
    strings.push(stringLine(key, title(key, lang)), stringLine(`${key}_Explain`, explainText(key, lang, policy)));
    for (const value of keySchema(key)?.enum ?? []) strings.push(stringLine(`${key}_${value}`, String(value)));
  }
  return admlDocument(
    categoryName(name, lang),
    strings,
    POLICY_KEYS.filter((key) => keySchema(key)?.type !== 'boolean').map((key) => presentation(key, lang)),
    options,
  );
}

export const FIREFOX_POLICY = 'MeetingGuardPolicy';

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
  return admxDocument('CityTools.Policies.MeetingGuard.Firefox', 'meetingguardfirefox', [policy], options);
}

export function firefoxAdml(lang: Lang, policy: Policy, options: KitOptions): string {
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
  return admlDocument(categoryName('Firefox', lang), strings, presentations, options);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

export interface AdmxTarget {
  policy: string;
  browser: Browser;
  id: string;
  valueName: string;
  kind: 'boolean' | 'decimal' | 'enum' | 'text' | 'multiText';
  elementId?: string;
}

/** What each policy of one of our ADMX files writes: browser, extension id, registry value and element kind. */
export function admxTargets(admx: string | XmlElement): AdmxTarget[] {
  const root = typeof admx === 'string' ? parseXml(admx) : admx;
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

/**
 * An ADMX or ADML file: a template, never values. What it carries is the extension id its settings write under
 * (ADMX: each policy's registry key), which decides whose policy Group Policy sets, or the id it was made for (ADML:
 * named only in the kit's development-id note).
 */
export function fromTemplate(root: XmlElement): Extraction | undefined {
  if (root.name === 'policyDefinitions') {
    const ids = new Map<string, Browser>();
    for (const target of admxTargets(root)) ids.set(target.id, target.browser);
    const lines: string[] = [];
    const findings: Problem[] = [];
    for (const [id, browser] of ids) {
      const where = `settings for ${browser} extension ${id}`;
      lines.push(
        browser === 'firefox'
          ? `${where}: Group Policy writes them for the Firefox add-on ${id} (3rdparty\\Extensions)`
          : `${where}: Group Policy writes them under ...\\3rdparty\\extensions\\${id}\\policy; ${browser} gives ` +
              'them to that extension only',
      );
      const idProblem =
        browser === 'firefox' ? (GECKO_ID.test(id) ? null : 'not a Firefox add-on id') : chromeIdProblem(id);
      if (idProblem) findings.push(problemAt(where, id, `${idProblem}: these settings reach no extension`));
      else if (isDevelopmentId(id)) findings.push(developmentIdWarning(where, id));
    }
    return {
      format: 'ADMX template',
      entries: [],
      deployment: ids.size ? { lines, findings } : undefined,
      notPolicy:
        'an ADMX file is a template: it defines the settings but holds no values, and none of its settings is ' +
        "Meeting Guard's. Check the .reg, JSON or plist you deploy.",
    };
  }
  if (root.name === 'policyDefinitionResources') {
    const text = allElements(root)
      .filter((element) => element.name === 'string')
      .map(textOf)
      .join('\n');
    const development = text.includes(DEVELOPMENT_IDS.chrome);
    return {
      format: 'ADML language file',
      entries: [],
      deployment: {
        lines: [
          development
            ? `texts made for the development id ${DEVELOPMENT_IDS.chrome} (the ADMX beside it names the id)`
            : 'texts only; the extension id is in the ADMX beside it (check that one)',
        ],
        findings: development ? [developmentIdWarning('SUPPORTED_MeetingGuard', DEVELOPMENT_IDS.chrome)] : [],
      },
      notPolicy: "an ADML file holds the ADMX template's texts, no policy values.",
    };
  }
  return undefined;
}
