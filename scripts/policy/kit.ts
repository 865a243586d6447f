/**
 * The deployment kit: its file list as data (KIT_FILES: where each file goes, what it is, which format module
 * writes it), the generator, and the command-line options of `npm run policy:kit`.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePolicy } from '../../src/policy/policy';
import { chromiumAdml, chromiumAdmx, firefoxAdml, firefoxAdmx } from './admx';
import { mobileconfig, preferencesDomain, preferencesPlist } from './apple';
import {
  CHROME_ID,
  type Chromium,
  chromeFilter,
  DEFAULT_OPTIONS,
  DEVELOPMENT_IDS,
  EDGE_ADDONS_UPDATE_URL,
  GECKO_ID,
  isPlainObject,
  type KitOptions,
  type Policy,
  PRODUCTS,
  type Problem,
} from './common';
import { intuneChromium, intuneFirefox } from './intune';
import { firefoxPolicies, googleAdmin, linuxForceInstall, linuxPolicy } from './json';
import { indexMarkdown, keysMarkdown } from './markdown';
import { chromiumReg, firefoxForceInstallReg, firefoxReg, forceInstallReg, utf16 } from './registry';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KIT_DIR = join(REPO_ROOT, 'docs', 'policy');
export const SAMPLE_POLICY = join(KIT_DIR, 'sample-policy.json');

export interface KitFile {
  /** Relative to the kit directory, with forward slashes. */
  path: string;
  content: string | Uint8Array;
  /** True when the file holds the policy values (policy:check can read it back to the policy). */
  carriesPolicy: boolean;
  ja: string;
  en: string;
}

interface KitFileSpec {
  path: (options: KitOptions) => string;
  carriesPolicy: boolean;
  ja: string;
  en: string;
  make: (policy: Policy, options: KitOptions) => string | Uint8Array;
}

const PRODUCT_LIST = ['chrome', 'edge'] as const;
const nameOf = (product: Chromium) => PRODUCTS[product].name;

/** A .reg twice: UTF-16LE with a byte-order mark to import, UTF-8 to read and diff. */
function regPair(
  name: string,
  carriesPolicy: boolean,
  ja: string,
  en: string,
  make: (policy: Policy, options: KitOptions) => string,
): KitFileSpec[] {
  return [
    {
      path: () => `windows/${name}.utf16.reg`,
      carriesPolicy,
      ja: `${ja}（regedit 用 UTF-16LE。取り込むのはこちら）`,
      en: `${en} (UTF-16LE for regedit: import this one)`,
      make: (policy, options) => utf16(make(policy, options)),
    },
    {
      path: () => `windows/${name}.reg`,
      carriesPolicy,
      ja: `${ja}（UTF-8、確認・差分用）`,
      en: `${en} (UTF-8, for review and diffs)`,
      make,
    },
  ];
}

/** Every file of the kit except its index (README.md), which lists these. */
export const KIT_FILES: KitFileSpec[] = [
  {
    path: () => 'keys.md',
    carriesPolicy: false,
    ja: 'ポリシーのキーの一覧（型・既定値・意味）',
    en: 'Every policy key: type, default, meaning',
    make: () => keysMarkdown(),
  },
  ...PRODUCT_LIST.flatMap((product) =>
    regPair(
      `meeting-guard-${product}`,
      true,
      `${nameOf(product)} のポリシー (.reg)`,
      `${nameOf(product)} policy (.reg)`,
      (policy, options) => chromiumReg(product, policy, options),
    ),
  ),
  ...regPair(
    'meeting-guard-firefox',
    true,
    'Firefox のポリシー (.reg、REG_MULTI_SZ の JSON)',
    'Firefox policy (.reg, JSON in REG_MULTI_SZ)',
    firefoxReg,
  ),
  ...PRODUCT_LIST.flatMap((product) =>
    regPair(
      `force-install-${product}`,
      false,
      `例: ${nameOf(product)} への強制インストール`,
      `Example: force-install in ${nameOf(product)}`,
      (_policy, options) => forceInstallReg(product, options),
    ),
  ),
  ...regPair(
    'force-install-firefox',
    false,
    '例: Firefox への強制インストール',
    'Example: force-install in Firefox',
    (_policy, options) => firefoxForceInstallReg(options),
  ),
  ...PRODUCT_LIST.flatMap((product): KitFileSpec[] => [
    {
      path: () => `windows/admx/meeting-guard-${product}.admx`,
      carriesPolicy: false,
      ja: `${nameOf(product)} 用 ADMX テンプレート`,
      en: `ADMX template for ${nameOf(product)}`,
      make: (_policy, options) => chromiumAdmx(product, options),
    },
    {
      path: () => `windows/admx/ja-JP/meeting-guard-${product}.adml`,
      carriesPolicy: false,
      ja: `${nameOf(product)} 用 ADML（日本語）`,
      en: `ADML for ${nameOf(product)} (Japanese)`,
      make: (policy, options) => chromiumAdml(product, 'ja', policy, options),
    },
    {
      path: () => `windows/admx/en-US/meeting-guard-${product}.adml`,
      carriesPolicy: false,
      ja: `${nameOf(product)} 用 ADML（英語）`,
      en: `ADML for ${nameOf(product)} (English)`,
      make: (policy, options) => chromiumAdml(product, 'en', policy, options),
    },
  ]),
  {
    path: () => 'windows/admx/meeting-guard-firefox.admx',
    carriesPolicy: false,
    ja: 'Firefox 用 ADMX（ポリシー全体を JSON で 1 項目）',
    en: 'ADMX for Firefox (the whole policy as one JSON setting)',
    make: (_policy, options) => firefoxAdmx(options),
  },
  {
    path: () => 'windows/admx/ja-JP/meeting-guard-firefox.adml',
    carriesPolicy: false,
    ja: 'Firefox 用 ADML（日本語）',
    en: 'ADML for Firefox (Japanese)',
    make: (policy, options) => firefoxAdml('ja', policy, options),
  },
  {
    path: () => 'windows/admx/en-US/meeting-guard-firefox.adml',
    carriesPolicy: false,
    ja: 'Firefox 用 ADML（英語）',
    en: 'ADML for Firefox (English)',
    make: (policy, options) => firefoxAdml('en', policy, options),
  },
  ...PRODUCT_LIST.map(
    (product): KitFileSpec => ({
      path: () => `intune/meeting-guard-${product}.json`,
      carriesPolicy: true,
      ja: `例: Intune カスタム プロファイル（${nameOf(product)}、ADMX 取り込み + 設定 + 強制インストール）`,
      en: `Example: Intune custom profile (${nameOf(product)}: ADMX ingestion, settings, force-install)`,
      make: (policy, options) => intuneChromium(product, policy, options),
    }),
  ),
  {
    path: () => 'intune/meeting-guard-firefox.json',
    carriesPolicy: true,
    ja: '例: Intune カスタム プロファイル（Firefox）',
    en: 'Example: Intune custom profile (Firefox)',
    make: intuneFirefox,
  },
  {
    path: () => 'google-admin/meeting-guard-policy.json',
    carriesPolicy: true,
    ja: 'Google 管理コンソールにアップロードする JSON（"Value" 付き、ID を含まない）',
    en: 'JSON to upload in the Google Admin console (with "Value"; names no id)',
    make: googleAdmin,
  },
  {
    path: () => 'macos/meeting-guard.mobileconfig',
    carriesPolicy: true,
    ja: 'macOS 構成プロファイル（Chrome・Edge・Firefox）',
    en: 'macOS configuration profile (Chrome, Edge, Firefox)',
    make: mobileconfig,
  },
  ...PRODUCT_LIST.map(
    (product): KitFileSpec => ({
      path: (options) => `macos/${preferencesDomain(product, options)}.plist`,
      carriesPolicy: true,
      ja: `macOS 管理設定 plist（Jamf などのカスタム設定用。ドメインはファイル名のとおり）`,
      en: `macOS managed preferences plist (for Jamf-style custom settings; the domain is the file name)`,
      make: preferencesPlist,
    }),
  ),
  {
    path: () => 'linux/meeting-guard-policy.json',
    carriesPolicy: true,
    ja: 'Linux: /etc/opt/chrome/policies/managed/ と /etc/chromium/policies/managed/ に置く',
    en: 'Linux: put in /etc/opt/chrome/policies/managed/ and /etc/chromium/policies/managed/',
    make: linuxPolicy,
  },
  {
    path: () => 'linux/force-install.json',
    carriesPolicy: false,
    ja: '例: Linux の強制インストールとツールバーへの固定（ExtensionSettings）',
    en: 'Example: force-install and pin to the toolbar on Linux (ExtensionSettings)',
    make: (_policy, options) => linuxForceInstall(options),
  },
  {
    path: () => 'firefox/policies.json',
    carriesPolicy: true,
    ja: 'Firefox policies.json（3rdparty + 強制インストールの例）',
    en: 'Firefox policies.json (3rdparty and a force-install example)',
    make: firefoxPolicies,
  },
];

export function generateKit(policy: Policy, options: KitOptions = DEFAULT_OPTIONS): KitFile[] {
  const files: KitFile[] = KIT_FILES.map((spec) => ({
    path: spec.path(options),
    content: spec.make(policy, options),
    carriesPolicy: spec.carriesPolicy,
    ja: spec.ja,
    en: spec.en,
  }));
  files.sort((a, b) => a.path.localeCompare(b.path));
  const index = { path: 'README.md', carriesPolicy: false, ja: 'このファイル一覧', en: 'This index' };
  return [{ ...index, content: indexMarkdown([index, ...files], options) }, ...files];
}

export function writeKit(files: KitFile[], outDir: string): void {
  for (const file of files) {
    const target = join(outDir, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Input

/**
 * Problems that make a policy unfit to ship: what Chrome and Edge would drop (the shipped schema), then what the
 * extension would report of the rest (its own parser, with the schema's enums and ranges).
 */
export function policyProblems(policy: unknown): Problem[] {
  const { problems } = chromeFilter(policy);
  const dropped = new Set(problems.map((problem) => problem.path));
  for (const problem of parsePolicy(policy).problems)
    if (!dropped.has(problem.path.split(/[.[]/)[0] as string)) problems.push({ ...problem, effect: 'reported' });
  return problems;
}

export function loadPolicy(path: string): Policy {
  const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!isPlainObject(json)) throw new Error(`${path}: expected a JSON object of policy keys`);
  return json as Policy;
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

export const USAGE = `Usage: npm run policy:kit -- [--policy FILE] [--out DIR] [--chrome-id ID] [--edge-id ID]
       [--firefox-id ID] [--chrome-update-url URL] [--edge-update-url URL] [--firefox-install-url URL]
Defaults: --policy docs/policy/sample-policy.json --out docs/policy
          --chrome-id ${DEVELOPMENT_IDS.chrome} (the development id: make a kit with your own)
          --chrome-update-url ${DEFAULT_OPTIONS.chromeUpdateUrl} (Chrome Web Store)
          --edge-id (the Chrome id) --edge-update-url (the Chrome update URL; with --edge-id: Edge Add-ons)
          Without --edge-id, Edge gets an off-store source: it installs only on Windows PCs joined to AD or
          Entra ID or MDM-enrolled (macOS: MDM). List it on Edge Add-ons and pass --edge-id for other PCs.
          --firefox-id ${DEVELOPMENT_IDS.firefox}
Your id: the Chrome Web Store or Edge Add-ons listing shows it, or "npm run pack -- --key <your.pem>" prints it.`;

export function parseArgs(argv: string[]): { options: KitOptions; policyPath: string; outDir: string } {
  const options = { ...DEFAULT_OPTIONS };
  let policyPath = SAMPLE_POLICY;
  let outDir = KIT_DIR;
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    given.add(flag);
    if (flag === '--policy') policyPath = resolve(value);
    else if (flag === '--out') outDir = resolve(value);
    else if (flag === '--chrome-id') options.chromeId = value;
    else if (flag === '--edge-id') options.edgeId = value;
    else if (flag === '--firefox-id') options.firefoxId = value;
    else if (flag === '--chrome-update-url') options.chromeUpdateUrl = value;
    else if (flag === '--edge-update-url') options.edgeUpdateUrl = value;
    else if (flag === '--firefox-install-url') options.firefoxInstallUrl = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  // Without an Edge Add-ons listing, Edge installs the Chrome package the way Chrome does: same id, same update
  // URL (the Chrome Web Store's, or the city's own). An Edge Add-ons id comes with the Edge Add-ons update URL.
  if (!given.has('--edge-id')) options.edgeId = options.chromeId;
  if (!given.has('--edge-update-url'))
    options.edgeUpdateUrl = given.has('--edge-id') ? EDGE_ADDONS_UPDATE_URL : options.chromeUpdateUrl;
  for (const [flag, id] of [
    ['--chrome-id', options.chromeId],
    ['--edge-id', options.edgeId],
  ] as const)
    if (!CHROME_ID.test(id)) throw new Error(`${flag}: not a Chrome/Edge extension id (32 letters a-p): ${id}`);
  if (!GECKO_ID.test(options.firefoxId)) throw new Error(`--firefox-id: not a Firefox add-on id: ${options.firefoxId}`);
  for (const url of [options.chromeUpdateUrl, options.edgeUpdateUrl, options.firefoxInstallUrl])
    if (!/^https:\/\/[^\s"<>]+$/.test(url)) throw new Error(`expected an https URL: ${url}`);
  options.policyName = basename(policyPath);
  return { options, policyPath, outDir };
}
