/**
 * Intune: a Windows 10+ custom configuration profile (OMA-URI settings, as the Graph API shapes it) that ingests
 * our ADMX and sets each key (writer), and the policy such a profile ends up writing (reader: the ingested
 * ADMX says which registry value each setting becomes; Chrome then reads those values as registry.ts describes).
 */

import { type AdmxTarget, admxTargets, chromiumAdmx, FIREFOX_POLICY, firefoxAdmx, title } from './admx';
import {
  type Chromium,
  type Extraction,
  entryLabel,
  FormatError,
  generatedNotes,
  idFor,
  isJsonKind,
  isPlainObject,
  type Json,
  type KitOptions,
  keySchema,
  orderedEntries,
  type Policy,
  type PolicyEntry,
  PRODUCTS,
  type Problem,
  parseJsonOr,
  policyJsonLines,
  problemAt,
  SHIPPED_SCHEMA,
  updateUrlFor,
} from './common';
import { deploymentOf, extensionSettingsInstalls, forcelistInstall, type Install } from './install';
import { chromeRegNode, offStoreNote, type RegNode, type RegValue } from './registry';
import { childElements, escapeXml, parseXml, type XmlElement } from './xml';

const generatedNote = (options: KitOptions) => generatedNotes(options).join(' ');

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

export function intuneChromium(product: Chromium, policy: Policy, options: KitOptions): string {
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
  const url = updateUrlFor(product, options);
  const forceUri =
    product === 'chrome'
      ? './Device/Vendor/MSFT/Policy/Config/Chrome~Policy~googlechrome~Extensions/ExtensionInstallForcelist'
      : './Device/Vendor/MSFT/Policy/Config/microsoft_edge~Policy~microsoft_edge~Extensions/ExtensionInstallForcelist';
  const forceNote =
    product === 'chrome'
      ? 'EXAMPLE: needs Google\'s chrome.admx ingested as app "Chrome"; ' +
        'the settings catalog (Google Chrome > Extensions) is simpler.'
      : 'EXAMPLE: the settings catalog (Microsoft Edge > Extensions) is simpler and needs no ingestion. ' +
        (offStoreNote(product, url) ?? '');
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
      ? ' CAVEAT: Intune may refuse to ingest an ADMX whose settings write under ' +
        'Software\\Policies\\Microsoft\\Edge (Microsoft reserves its own policy keys); ' +
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

export function intuneFirefox(policy: Policy, options: KitOptions): string {
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
// Reading

/** The separator Intune uses between the strings of a list or multi-line value. */
export const INTUNE_SEPARATOR = '\uf000';

/** Intune custom-profile JSON: an ADMX ingested by OMA-URI, then one OMA-URI per policy set through it. */
export function fromIntune(settings: unknown[]): Extraction {
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
    const problems: Problem[] = [];
    // Chrome and Edge read what the settings write into the registry; Firefox reads its one JSON setting.
    const registry: RegNode = { name: 'policy', values: new Map(), children: new Map() };
    const firefoxPolicy: Record<string, unknown> = {};
    const prefix = `./Device/Vendor/MSFT/Policy/Config/${app}~Policy~`.toLowerCase();
    for (const [index, setting] of items.entries()) {
      const settingUri = String(setting.omaUri ?? '');
      if (!settingUri.toLowerCase().startsWith(prefix) || typeof setting.value !== 'string') continue;
      const policyName = settingUri.split('/').at(-1) as string;
      const target = targets.find((candidate) => candidate.policy === policyName);
      const at = `omaSettings[${index}]`;
      if (!target) {
        problems.push(problemAt(at, policyName, 'no such policy in the ingested ADMX; Intune reports an error'));
        continue;
      }
      const value = readIntuneSetting(setting.value, target, at, problems);
      if (value === undefined) continue;
      if (target.kind === 'multiText') Object.assign(firefoxPolicy, value);
      else registry.values.set(target.valueName, value as RegValue);
    }
    const policy = first.browser === 'firefox' ? firefoxPolicy : chromeRegNode(registry, SHIPPED_SCHEMA, '', problems);
    entries.push({
      label: `${entryLabel(first.browser, first.id)} (Intune)`,
      browser: first.browser,
      id: first.id,
      policy,
      problems,
    });
  }
  const deployment = deploymentOf(intuneInstalls(items), 'windows');
  return entries.length
    ? { format, entries, deployment }
    : { format, entries, deployment, notPolicy: 'no ingested Meeting Guard ADMX' };
}

/** The `value` of one `<data id="…">` in a setting, or undefined. */
function intuneData(xml: string, id: string): string | undefined {
  try {
    return childElements(parseXml(`<setting>${xml}</setting>`), 'data').find((data) => data.attributes.id === id)
      ?.attributes.value;
  } catch {
    return undefined;
  }
}

/** ExtensionInstallForcelist (Chrome, Edge) and ExtensionSettings (Firefox) set through Intune's OMA-URIs. */
function intuneInstalls(items: Record<string, unknown>[]): Install[] {
  const installs: Install[] = [];
  for (const [index, setting] of items.entries()) {
    const uri = String(setting.omaUri ?? '');
    if (typeof setting.value !== 'string') continue;
    const at = `omaSettings[${index}]`;
    if (/\/ExtensionInstallForcelist$/i.test(uri)) {
      const browser = /edge/i.test(uri) ? 'edge' : 'chrome';
      // A list is "<name>\uF000<value>\uF000<name>\uF000<value>…".
      const parts = (intuneData(setting.value, 'ExtensionInstallForcelistDesc') ?? '').split(INTUNE_SEPARATOR);
      for (let i = 1; i < parts.length; i += 2)
        installs.push(
          forcelistInstall(parts[i] as string, browser, `${at} ExtensionInstallForcelist "${parts[i - 1]}"`),
        );
    } else if (/\/Firefox~Policy~firefox~Extensions\/ExtensionSettings$/i.test(uri)) {
      const settings = parseJsonOr(intuneData(setting.value, 'ExtensionSettings') ?? '', undefined);
      installs.push(...extensionSettingsInstalls(settings, 'firefox', `${at} ExtensionSettings`));
    }
  }
  return installs;
}

/** One setting's `<enabled/><data .../>` as the registry value (or, for Firefox's JSON setting, the object). */
function readIntuneSetting(xml: string, target: AdmxTarget, at: string, problems: Problem[]): unknown {
  let root: XmlElement;
  try {
    root = parseXml(`<setting>${xml}</setting>`);
  } catch (error) {
    problems.push(problemAt(at, xml, `unreadable setting value: ${(error as Error).message}`));
    return undefined;
  }
  const state = childElements(root).find((element) => element.name === 'enabled' || element.name === 'disabled');
  if (!state) {
    problems.push(problemAt(at, xml, 'expected <enabled/> or <disabled/>'));
    return undefined;
  }
  if (target.kind === 'boolean') return { type: 'REG_DWORD', data: state.name === 'enabled' ? 1 : 0 };
  if (state.name === 'disabled') return undefined;
  const data = childElements(root, 'data').find((element) => element.attributes.id === target.elementId);
  const text = data?.attributes.value;
  if (text === undefined) {
    problems.push(problemAt(at, xml, `missing <data id="${target.elementId}" value="..."/>`));
    return undefined;
  }
  if (target.kind === 'multiText') {
    // Our Firefox ADMX: the whole policy as JSON lines, which Firefox joins with line breaks.
    const parsed = parseJsonOr(text.split(INTUNE_SEPARATOR).join('\n'), undefined);
    if (isPlainObject(parsed)) return parsed;
    problems.push(problemAt(at, text, 'not a JSON object; Firefox ignores it'));
    return undefined;
  }
  if (target.kind === 'decimal') {
    if (!/^\d+$/.test(text)) {
      problems.push(problemAt(at, text, 'a decimal setting needs digits; Intune reports an error'));
      return undefined;
    }
    return { type: 'REG_DWORD', data: Number(text) };
  }
  return { type: 'REG_SZ', data: text };
}

export type { Chromium, Json };
