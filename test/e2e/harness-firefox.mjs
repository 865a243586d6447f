// Real-browser harness for Firefox: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi,
// with the real built extension from dist/firefox (docs/testing.md).
//
// - Host mapping: the pref `network.dns.forceResolve` sends every host name to 127.0.0.1, so the
//   fixture server listens on 127.0.0.1:443 (needs root, as in CI) and pages keep their real addresses.
// - Extension: `browser.installExtension(dist/firefox)` (BiDi webExtension.install, a temporary add-on;
//   Firefox grants its host_permissions at install). Its moz-extension origin is fixed in advance with
//   the pref `extensions.webextensions.uuids`.
// - Managed policy: `<firefox dir>/distribution/policies.json` → policies["3rdparty"].Extensions[<gecko id>],
//   which Firefox hands to browser.storage.managed (also for a temporary add-on). Removed on close.
// - Extension pages: BiDi refuses moz-extension:// navigation unless the remote agent may reach
//   privileged pages (`--remote-allow-system-access`), and Firefox never reports the load of an
//   extension page to puppeteer's page.goto (puppeteer issue #14314), so they are opened with a raw
//   browsingContext.navigate that waits for "complete".
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { popupState, startFixtureServer as startSharedFixtureServer, waitFor } from './harness.mjs';

export { waitFor };

const ROOT = new URL('../..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist', 'firefox');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const GECKO_ID = 'meeting-guard@city-tools.jp';
/** Fixed in advance through `extensions.webextensions.uuids`, so extension page addresses are known. */
export const EXTENSION_UUID = '3f6c2a1e-8d4b-4c7a-9e15-6b2d0f9a7c41';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;
/** Marks a policies.json as written by this harness (Firefox reads only the "policies" member). */
const OWNER_MARK = 'meeting-guard-e2e';
/** System-wide policy files that would take precedence over the distribution directory's. */
const SYSTEM_POLICY_FILES = ['/etc/firefox/policies/policies.json', '/etc/firefox-esr/policies/policies.json'];

function requireFirefox() {
  if (!existsSync(FIREFOX)) {
    throw new Error(`firefox-esr not found at ${FIREFOX} (apt-get install firefox-esr, or set FIREFOX_PATH)`);
  }
}

/** `<install dir>/distribution/policies.json` of the Firefox binary actually launched. */
export function policyFile() {
  requireFirefox();
  return join(dirname(realpathSync(FIREFOX)), 'distribution', 'policies.json');
}

function ownPolicyFile(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))[OWNER_MARK] === true;
  } catch {
    return false;
  }
}

/**
 * Writes (or, with null, removes) the Firefox enterprise policy for the extension. Refuses to touch a
 * policies.json this harness did not write. Needs write access to the Firefox install (root, as in CI).
 */
export function setFirefoxPolicy(policy) {
  const file = policyFile();
  if (existsSync(file) && !ownPolicyFile(file)) {
    throw new Error(`${file} exists and was not written by these tests; refusing to replace it`);
  }
  if (policy === null) {
    rmSync(file, { force: true });
    return;
  }
  const shadowing = SYSTEM_POLICY_FILES.find((path) => existsSync(path));
  if (shadowing) throw new Error(`${shadowing} takes precedence over ${file}; remove it to run these tests`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({ [OWNER_MARK]: true, policies: { '3rdparty': { Extensions: { [GECKO_ID]: policy } } } }, null, 2),
  );
}

// A policy file left by a killed run would leak into every later Firefox start: always clear it.
process.once('exit', () => {
  try {
    const file = policyFile();
    if (ownPolicyFile(file)) rmSync(file, { force: true });
  } catch {
    // Firefox is missing: nothing was written.
  }
});

/**
 * The fixture server of harness.mjs on 127.0.0.1:443: Firefox maps host names with
 * network.dns.forceResolve, not ports, so the pages must be served on the default HTTPS port.
 */
export const startFixtureServer = () => startSharedFixtureServer({ port: 443 });

/** Opens an extension page in a page (tab) of the run; see the note at the top about navigation. */
async function navigateToExtensionPage(page, path) {
  const context = page.mainFrame().browsingContext;
  if (typeof context?.navigate !== 'function') throw new Error('puppeteer-core: BiDi browsing context not found');
  await context.navigate(`${EXTENSION_ORIGIN}/${path}`, 'complete');
  await waitFor(
    () => page.evaluate(() => document.readyState === 'complete' && typeof browser === 'object' && location.href),
    { message: `extension page ${path}` },
  );
}

/**
 * Launches firefox-esr with the extension installed and, when given, an admin policy for it.
 * One launch per policy variant: Firefox reads policies.json only at startup. With a policy, returns once the
 * extension has it in force (until then it reads and warns under its strict pending policy: harness.mjs says why).
 */
export async function launchFirefox(server, { policy = null } = {}) {
  requireFirefox();
  // network.dns.forceResolve changes addresses only: pages at https://<host>/ reach port 443.
  if (server.port !== 443) throw new Error(`the fixture server must listen on 443, not ${server.port}`);
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/firefox is missing: run npm run build first');
  setFirefoxPolicy(policy);
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      protocol: 'webDriverBiDi',
      headless: true,
      acceptInsecureCerts: true,
      timeout: 30_000,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'network.dns.forceResolve': '127.0.0.1',
        'network.dns.disableIPv6': true,
        'network.proxy.type': 0,
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      },
    });
    const id = await browser.installExtension(DIST);
    if (id !== GECKO_ID) throw new Error(`installed extension has id ${id}, expected ${GECKO_ID}`);
    // A long-lived extension page to ask the extension things (tabs, badge) from.
    const helper = await browser.newPage();
    await navigateToExtensionPage(helper, 'icons/icon-16.png');
    const run = {
      browser,
      helper,
      newPage: () => browser.newPage(),
      /** Runs fn(arg) with the extension's privileges (`browser.*`), in an extension page. */
      inExtension: (fn, arg) => helper.evaluate(fn, arg),
      async extensionPage(path) {
        const page = await browser.newPage();
        await navigateToExtensionPage(page, path);
        return page;
      },
      async close() {
        try {
          await browser.close();
        } finally {
          setFirefoxPolicy(null);
        }
      },
    };
    // The extension keeps an admin policy it read in storage.local, and notes a settled answer in storage.session
    // (background/policy-source.ts): the policy, or its absence, is in force from then on.
    const withPolicy = Boolean(policy && Object.keys(policy).length);
    await waitFor(
      () =>
        run.inExtension(
          async (admin) =>
            admin
              ? (await browser.storage.local.get('lastAdminPolicy')).lastAdminPolicy !== undefined
              : (await browser.storage.session.get('managedSettled')).managedSettled === true,
          withPolicy,
        ),
      { timeout: 30_000, message: "the extension's first read of managed storage" },
    );
    return run;
  } catch (error) {
    await browser?.close().catch(() => {});
    setFirefoxPolicy(null);
    throw error;
  }
}

/** The extension's tab id for a page, found by its URL (visible through the host permissions). */
export async function tabIdOf(run, page) {
  const href = page.url();
  const id = await waitFor(
    () => run.inExtension(async (url) => (await browser.tabs.query({})).find((tab) => tab.url === url)?.id, href),
    { message: `tab for ${href}` },
  );
  return id;
}

export function badgeText(run, tabId) {
  return run.inExtension((id) => browser.action.getBadgeText({ tabId: id }), tabId);
}

/** Opens the popup as a page for a given tab (docs/contracts.md: the popup accepts ?tab=). */
export async function openPopup(run, tabId) {
  const page = await run.extensionPage(`popup/index.html?tab=${tabId}`);
  await page.waitForSelector('main:not([aria-busy])', { timeout: 10_000 });
  return page;
}

let visit = 0;
/**
 * Opens a meeting page at its real address with a fixture (and, for Zoom/Webex, the fixture of its meeting iframe);
 * each visit gets its own address so tabs are told apart by URL.
 */
export async function openMeeting(run, server, address, fixture, frame) {
  const page = await run.newPage();
  visit += 1;
  const url = new URL(address);
  url.searchParams.set('visit', String(visit));
  await page.goto(server.url(url.href, fixture, frame));
  return { page, tabId: await tabIdOf(run, page) };
}

/** Opens the popup for a tab once `ready` holds for its state (harness.mjs popupState), by default the checklist. */
export async function popupWhen(run, tabId, ready = (state) => Object.keys(state.checks).length > 0) {
  const popup = await openPopup(run, tabId);
  await waitFor(async () => ready(await popupState(popup)), { message: 'popup state' });
  return { popup, state: await popupState(popup) };
}

/**
 * The text of the banner (`meeting-guard-banner`, closed shadow root) in every frame of a tab, '' while none is
 * shown. Read by a script the extension runs in the tab: Firefox gives extension scripts, and only them,
 * Element.openOrClosedShadowRoot.
 */
export async function bannerText(run, tabId) {
  const results = await run.inExtension(
    (id) =>
      browser.scripting.executeScript({
        target: { tabId: id, allFrames: true },
        func: () => {
          const root = document.querySelector('meeting-guard-banner')?.openOrClosedShadowRoot;
          if (!root) return '';
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          const texts = [];
          while (walker.nextNode())
            if (walker.currentNode.parentElement?.localName !== 'style') texts.push(walker.currentNode.nodeValue);
          return texts.join(' ');
        },
      }),
    tabId,
  );
  return results
    .map((result) => result.result ?? '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
