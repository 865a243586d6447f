/**
 * Force-install entries and the extension ids a deployment file carries, and what the browser does with each:
 * installs nothing (a wrong or placeholder URL, an id no package has), installs only on managed machines (an
 * off-store source on Windows or macOS), or installs. Read from every file the kit ships that is not a policy
 * (force-install .reg and JSON, Firefox ExtensionSettings, Intune's forcelist setting, ADMX/ADML templates).
 *
 * Sources: Chrome Enterprise policy list, ExtensionInstallForcelist and ExtensionSettings (an entry is
 * "<id>;<update manifest URL>"; off-store packages on Windows only on machines joined to Active Directory or
 * Entra ID or enrolled in Chrome Enterprise Core, on macOS only under MDM); Microsoft Edge's ExtensionSettings and
 * ExtensionInstallForcelist pages (anything outside Edge Add-ons is off-store, with the same Windows conditions,
 * MDM included); Mozilla's policy-templates, ExtensionSettings (install_url, installation_mode).
 */

import {
  type Browser,
  CHROME_WEB_STORE_UPDATE_URL,
  chromeIdProblem,
  DEVELOPMENT_IDS,
  EDGE_ADDONS_UPDATE_URL,
  GECKO_ID,
  isPlainObject,
  type Problem,
  problemAt,
} from './common';

/** One extension a file tells the browser to install. */
export interface Install {
  browser: Browser;
  id: string;
  /** The update manifest URL (Chrome/Edge) or the .xpi URL (Firefox); undefined when the entry gives none. */
  url?: string;
  /** Where in the file, for the report. */
  where: string;
  /** ExtensionSettings' installation_mode, when the entry comes from there. */
  mode?: string;
}

/** Which systems the file is for: the off-store rules differ (Windows and macOS limit them, Linux does not). */
export type Platform = 'windows' | 'macos' | 'linux' | 'any';

const PLACEHOLDER_HOSTS = ['example.jp', 'example.com', 'example.net', 'example.org'];
const RESERVED_TLDS = ['example', 'test', 'invalid', 'localhost'];

/** A URL on a reserved example domain: the kit's placeholder or one like it, from which nothing installs. */
export function isPlaceholderUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  const tld = host.split('.').at(-1) ?? '';
  return PLACEHOLDER_HOSTS.some((name) => host === name || host.endsWith(`.${name}`)) || RESERVED_TLDS.includes(tld);
}

/** Only the Chrome id: the Firefox build's own id (vite.config.ts) is a real one that whoever signs it on AMO holds. */
export const isDevelopmentId = (id: string) => id === DEVELOPMENT_IDS.chrome;

/** The warning for a file that names the development id: what the browser does with it. */
export function developmentIdWarning(where: string, id: string): Problem {
  return problemAt(
    where,
    id,
    'the development id (a test key nobody holds): no package has it, so deployed as it is the browser installs ' +
      'nothing under it and applies the policy to no installed extension. Make the kit for your own id ' +
      '(npm run policy:kit -- --chrome-id <your id>; npm run pack prints it)',
    'warning',
  );
}

const offStoreWarning = (install: Install, browserName: string, store: string): Problem =>
  problemAt(
    install.where,
    `${install.id};${install.url}`,
    `${browserName} treats this as off-store (not from ${store}): on Windows it force-installs it only on PCs ` +
      'joined to Active Directory or Microsoft Entra ID or enrolled in MDM' +
      (install.browser === 'chrome' ? ' or Chrome Enterprise Core' : '') +
      ', on macOS only under MDM; elsewhere it installs nothing (docs/admin-guide.md §4)',
    'warning',
  );

/** What Chrome or Edge does with one force-install entry. */
function chromiumFindings(install: Install, platform: Platform): Problem[] {
  const { where, id, url } = install;
  const found: Problem[] = [];
  const idProblem = chromeIdProblem(id);
  if (idProblem) found.push(problemAt(where, id, `${idProblem}; nothing is installed`, 'not-installed'));
  else if (isDevelopmentId(id)) found.push(developmentIdWarning(where, id));
  if (install.mode !== undefined && install.mode !== 'force_installed' && install.mode !== 'normal_installed')
    return found;
  if (url === undefined || url === '') {
    if (install.mode !== undefined)
      found.push(
        problemAt(
          where,
          install.mode,
          `${install.mode} needs an update_url; the browser installs nothing`,
          'not-installed',
        ),
      );
    // A forcelist entry with only an id installs from the browser's own store.
    return found;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    found.push(problemAt(where, url, 'the update URL is not a URL; the browser installs nothing', 'not-installed'));
    return found;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    found.push(problemAt(where, url, 'the update URL must be https; the browser installs nothing', 'not-installed'));
    return found;
  }
  if (isPlaceholderUrl(url))
    found.push(
      problemAt(
        where,
        url,
        'a placeholder on a reserved example domain: the browser asks it for update.xml and installs nothing. ' +
          'Put your update.xml URL here (npm run pack prints the entry)',
        'not-installed',
      ),
    );
  else if (/\.crx$/i.test(parsed.pathname))
    found.push(
      problemAt(
        where,
        url,
        'the URL of a .crx: the forcelist names the update manifest (update.xml), which names the .crx; the ' +
          'browser reads the package as a manifest and installs nothing',
        'not-installed',
      ),
    );
  else if (parsed.protocol === 'http:')
    found.push(
      problemAt(
        where,
        url,
        'http: the browser fetches it, but anyone on the network path can withhold updates; use https',
        'warning',
      ),
    );
  const chromeStore = url === CHROME_WEB_STORE_UPDATE_URL;
  const edgeStore = url === EDGE_ADDONS_UPDATE_URL;
  if (install.browser === 'chrome' && edgeStore)
    found.push(
      problemAt(where, url, 'the Edge Add-ons URL in Chrome: Chrome installs nothing from it', 'not-installed'),
    );
  const limited = platform !== 'linux';
  if (limited && install.browser === 'edge' && !edgeStore)
    found.push(offStoreWarning(install, 'Edge', 'Edge Add-ons; the Chrome Web Store counts as off-store too'));
  if (limited && install.browser === 'chrome' && !chromeStore && !edgeStore)
    found.push(offStoreWarning(install, 'Chrome', 'the Chrome Web Store'));
  return found;
}

/** What Firefox does with one ExtensionSettings entry. */
function firefoxFindings(install: Install): Problem[] {
  const { where, id, url, mode } = install;
  const found: Problem[] = [];
  if (id !== '*' && !GECKO_ID.test(id))
    found.push(problemAt(where, id, 'not a Firefox add-on id; Firefox installs nothing under it', 'not-installed'));
  else if (isDevelopmentId(id)) found.push(developmentIdWarning(where, id));
  if (mode !== 'force_installed' && mode !== 'normal_installed') return found;
  if (!url) {
    found.push(problemAt(where, mode, `${mode} needs an install_url; Firefox installs nothing`, 'not-installed'));
    return found;
  }
  if (isPlaceholderUrl(url))
    found.push(
      problemAt(
        where,
        url,
        'the placeholder install_url is still here: Firefox tries to download the add-on from it and installs ' +
          'nothing. Put the URL of your signed .xpi here (npm run sign:firefox prints it)',
        'not-installed',
      ),
    );
  else if (!/^(https:|file:)/i.test(url))
    found.push(
      problemAt(
        where,
        url,
        url.startsWith('http:')
          ? 'http: Firefox downloads it, but anyone on the network path can replace it; use https'
          : 'not an https or file URL; Firefox installs nothing',
        url.startsWith('http:') ? 'warning' : 'not-installed',
      ),
    );
  return found;
}

export function installFindings(install: Install, platform: Platform): Problem[] {
  return install.browser === 'firefox' ? firefoxFindings(install) : chromiumFindings(install, platform);
}

/** "<id>;<url>" (or an id alone: the browser's own store) as ExtensionInstallForcelist takes it. */
export function forcelistInstall(entry: string, browser: Browser, where: string): Install {
  const separator = entry.indexOf(';');
  return separator < 0
    ? { browser, id: entry.trim(), where }
    : { browser, id: entry.slice(0, separator).trim(), url: entry.slice(separator + 1).trim(), where };
}

/** The installs of an ExtensionSettings object (Chrome/Edge: update_url; Firefox: install_url). */
export function extensionSettingsInstalls(settings: unknown, browser: Browser, where: string): Install[] {
  if (!isPlainObject(settings)) return [];
  const installs: Install[] = [];
  for (const [id, entry] of Object.entries(settings)) {
    if (!isPlainObject(entry) || id === '*' || id.startsWith('update_url:')) continue;
    const url = browser === 'firefox' ? entry.install_url : entry.update_url;
    installs.push({
      browser,
      id,
      url: typeof url === 'string' ? url : undefined,
      mode: typeof entry.installation_mode === 'string' ? entry.installation_mode : undefined,
      where: `${where}.${id}`,
    });
  }
  return installs;
}

/** A readable line per install for the report. */
export const installLine = (install: Install) =>
  `${install.where}: ${install.browser} installs ${install.id}${install.url ? ` from ${install.url}` : ' from its own store'}${install.mode ? ` (${install.mode})` : ''}`;

/** The deployment part of an extraction: a line per install, and the findings of all of them. */
export function deploymentOf(
  installs: Install[],
  platform: Platform,
): { lines: string[]; findings: Problem[] } | undefined {
  if (!installs.length) return undefined;
  return {
    lines: installs.map(installLine),
    findings: installs.flatMap((install) => installFindings(install, platform)),
  };
}
