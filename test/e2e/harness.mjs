// Real-browser harness: serves saved fixture pages over HTTPS at the services' real hostnames and
// drives the system Chromium (Debian's `chromium`) with the real built extension from dist/chrome.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import selfsigned from 'selfsigned';

const ROOT = new URL('../..', import.meta.url).pathname;
export const FIXTURES = join(ROOT, 'test', 'fixtures');
const TEST_KEY = JSON.parse(readFileSync(join(ROOT, 'test', 'e2e', 'test-key.json'), 'utf8'));
export const EXTENSION_ID = TEST_KEY.id;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'meeting-guard-e2e.json');

/** Every host a test may visit; all resolve to the local fixture server. */
export const HOSTS = [
  'meet.google.com',
  'app.zoom.us',
  'zoom.us',
  'city-example.zoom.us',
  'other-org.zoom.us',
  'teams.microsoft.com',
  'teams.live.com',
  'meet.jit.si',
  'city-example.webex.com',
  'example.webex.com',
  'us06web.zoom.us',
];

/**
 * HTTPS server for fixtures: `https://<real host>/<any path>?mg-fixture=<service>/<file without .html>`
 * serves test/fixtures/<service>/<file>.html. The fixture name is a query parameter so the page's
 * path stays the real one the adapter reads.
 */
export async function startFixtureServer({ port: wantedPort = 0 } = {}) {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'meeting-guard-test' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: HOSTS.map((value) => ({ type: 2, value })) }],
  });
  const server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    const url = new URL(request.url ?? '/', 'https://localhost');
    const name = url.searchParams.get('mg-fixture') ?? '';
    const file = join(FIXTURES, `${name}.html`);
    // Anything else (a browser's own background requests, favicons) is answered 404.
    if (!/^[a-z0-9-]+\/[a-z0-9.-]+$/.test(name) || !existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture ${name}`);
      return;
    }
    let html = readFileSync(file, 'utf8');
    // `mg-frame=<fixture>`: an outer page (Zoom, Webex) whose meeting iframe loads that fixture from the
    // same origin, as the real web clients do. Unit-test fixtures keep the frame empty (srcdoc="").
    const frame = url.searchParams.get('mg-frame');
    if (frame) {
      const inner = new URL(url);
      inner.searchParams.delete('mg-frame');
      inner.searchParams.set('mg-fixture', frame);
      html = html.replace(/srcdoc=""/, `src="${inner.pathname}${inner.search.replaceAll('&', '&amp;')}"`);
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new Error(
          error.code === 'EACCES'
            ? `cannot listen on port ${wantedPort}: run as root (Firefox's network.dns.forceResolve maps hosts, not ports)`
            : `cannot listen on 127.0.0.1:${wantedPort}: ${error.message}`,
        ),
      ),
    );
    server.listen(wantedPort, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    /** The real address of a meeting page, with the fixture to serve there. */
    url: (address, fixture, frame) => {
      const url = new URL(address);
      url.searchParams.set('mg-fixture', fixture);
      if (frame) url.searchParams.set('mg-frame', frame);
      return url.href;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** dist/chrome plus the fixed test key, so the extension id is stable for the policy file. */
function testBuild() {
  const source = join(ROOT, 'dist', 'chrome');
  if (!existsSync(join(source, 'manifest.json'))) throw new Error('dist/chrome is missing: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'mg-ext-'));
  cpSync(source, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, key: TEST_KEY.key }, null, 2));
  return dir;
}

/** Writes (or, with null, removes) the Chromium managed policy for the extension. Needs root, as in CI. */
export function setManagedPolicy(policy) {
  if (policy === null) {
    rmSync(POLICY_FILE, { force: true });
    return;
  }
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: policy } } }));
}

/**
 * `extraHosts`: more hosts mapped to their own local ports ({ 'records.city-example.jp': 4443 }).
 * Returns once the extension has the admin's policy (or its absence) in force: on a fresh profile managed storage's
 * first answer can take seconds, and the extension reads and warns meanwhile under its strict pending policy
 * (src/policy/pending.ts), which is not what a test of the policy's effects, or of the defaults, looks at.
 * `awaitPolicy: false` returns at once (the bench's first-start section measures that window).
 */
export async function launchChromium(server, { policy, locale = 'en-US', extraHosts = {}, awaitPolicy = true } = {}) {
  setManagedPolicy(policy ?? null);
  const extension = testBuild();
  const profile = mkdtempSync(join(tmpdir(), 'mg-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    // On Linux, Chromium takes its UI language (browser.i18n.getUILanguage) from the environment.
    env: { ...process.env, LANGUAGE: locale.replace('-', '_'), LANG: `${locale.replace('-', '_')}.UTF-8` },
    ignoreHTTPSErrors: true,
    args: [
      // The browser's UI language decides the extension's (browser.i18n.getUILanguage).
      `--lang=${locale}`,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      `--host-resolver-rules=${[
        ...HOSTS.map((host) => `MAP ${host} 127.0.0.1:${server.port}`),
        ...Object.entries(extraHosts).map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`),
      ].join(',')}`,
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  if (!worker.url().startsWith(`chrome-extension://${EXTENSION_ID}/`))
    throw new Error(`unexpected service worker ${worker.url()}`);
  const run = {
    context,
    worker: () => context.serviceWorkers().find((sw) => sw.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(extension, { recursive: true, force: true });
      setManagedPolicy(null);
    },
  };
  if (awaitPolicy) await policyInForce(run, Boolean(policy && Object.keys(policy).length));
  return run;
}

/**
 * Waits until the extension has taken managed storage's answer in (background/policy-source.ts): it keeps an admin
 * policy it read in storage.local, and notes in storage.session that an answer was settled.
 */
async function policyInForce(browserRun, withPolicy) {
  await waitFor(
    () =>
      inExtension(
        browserRun,
        async (admin) =>
          admin
            ? (await chrome.storage.local.get('lastAdminPolicy')).lastAdminPolicy !== undefined
            : (await chrome.storage.session.get('managedSettled')).managedSettled === true,
        withPolicy,
      ),
    {
      timeout: 30_000,
      message: `the extension's first read of ${withPolicy ? 'the admin policy' : 'managed storage'}`,
    },
  );
}

/** Waits until `probe` returns something truthy (state arrives asynchronously); fails with the last value. */
export async function waitFor(probe, { timeout = 10_000, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${message}; last value: ${JSON.stringify(last)}`);
}

/**
 * Runs a function with the extension's privileges: in its service worker, or, when the worker is
 * stopped, in an extension page (which wakes nothing that a test depends on).
 */
async function inExtension(browserRun, fn, arg) {
  const worker = browserRun.worker();
  if (worker) {
    try {
      return await worker.evaluate(fn, arg);
    } catch {
      // The worker was stopped under us: fall through to an extension page.
    }
  }
  const helper = await extensionPage(browserRun, 'icons/icon-16.png');
  try {
    return await helper.evaluate(fn, arg);
  } finally {
    await helper.close();
  }
}

/** The extension's tab id for a page (tabs.query by URL works with the meeting host permissions). */
export async function tabIdOf(browserRun, page) {
  const url = page.url();
  const id = await inExtension(
    browserRun,
    async (href) => (await chrome.tabs.query({})).find((tab) => tab.url === href)?.id,
    url,
  );
  if (!id) throw new Error(`no tab for ${url}`);
  return id;
}

export function badgeText(browserRun, tabId) {
  return inExtension(browserRun, (id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

export async function extensionPage(browserRun, path) {
  const page = await browserRun.context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/${path}`);
  return page;
}

/**
 * Sets the person's own e2eBreakingFeatures on the options page, and waits until background applied it
 * (the policy table shows the effective value only after background answered and re-sent every tab's state).
 */
export async function setGuardMode(browserRun, mode) {
  const options = await extensionPage(browserRun, 'options/index.html');
  await options.waitForSelector('[data-policy-key="e2eBreakingFeatures"] pre');
  await options.selectOption('[data-setting="e2eBreakingFeatures"] select', mode);
  await waitFor(
    async () => (await options.textContent('[data-policy-key="e2eBreakingFeatures"] pre')).includes(`"${mode}"`),
    { message: `guard mode ${mode}` },
  );
  await options.close();
}

/** The guard dialog's text in a page (its closed shadow root), or '' while none is open. */
export const dialogText = (browserRun, page) => shadowText(browserRun, page, 'MEETING-GUARD-DIALOG');

/** Opens the popup as a page for a given tab (docs/contracts.md: the popup accepts ?tab=). */
export async function openPopup(browserRun, tabId) {
  const page = await extensionPage(browserRun, `popup/index.html?tab=${tabId}`);
  await page.waitForSelector('main:not([aria-busy])');
  return page;
}

/**
 * Text inside our own elements (`meeting-guard-banner`, `meeting-guard-dialog`), in the page and its
 * same-origin frames, read through DevTools: they live in closed shadow roots the page cannot reach.
 */
export async function shadowText(browserRun, page, hostName = 'MEETING-GUARD-BANNER') {
  const session = await browserRun.context.newCDPSession(page);
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  await session.detach();
  const texts = [];
  const walk = (node, inside) => {
    if (node.nodeName === 'STYLE') return;
    const here = inside || node.nodeName === hostName;
    if (here && node.nodeType === 3) texts.push(node.nodeValue);
    const children = [...(node.children ?? []), ...(node.shadowRoots ?? [])];
    if (node.contentDocument) children.push(node.contentDocument);
    for (const child of children) walk(child, here);
  };
  walk(root, false);
  return texts.join(' ').replace(/\s+/g, ' ').trim();
}

export const bannerText = (browserRun, page) => shadowText(browserRun, page, 'MEETING-GUARD-BANNER');

/** The popup's contract attributes (docs/contracts.md): warnings, check statuses, the class and its source. */
export function popupState(popup) {
  return popup.evaluate(() => ({
    warnings: [...document.querySelectorAll('[data-warning]')].map((element) => element.dataset.warning),
    checks: Object.fromEntries(
      [...document.querySelectorAll('[data-check]')].map((element) => [element.dataset.check, element.dataset.status]),
    ),
    classification: document.querySelector('input[name="classification"]:checked')?.value,
    source: document.querySelector('fieldset.classification')?.dataset.source,
  }));
}

let visit = 0;
/**
 * Opens a meeting page at its real address with a fixture (and, for Zoom/Webex, the fixture of its
 * meeting iframe); each visit gets its own address so tabs are told apart by URL.
 */
export async function openMeeting(browserRun, server, address, fixture, frame) {
  const page = await browserRun.context.newPage();
  visit += 1;
  const url = new URL(address);
  url.searchParams.set('visit', String(visit));
  await page.goto(server.url(url.href, fixture, frame));
  return { page, tabId: await tabIdOf(browserRun, page) };
}

/**
 * The frames of a tab background has injected the in-page UI (banner, guard) into, as it remembers them
 * (background/store.ts `uiInjected`). Injection comes right before the badge and the 'warnings' message that arms
 * the guard, so a test that waits for a frame here and then acts through the page is behind both.
 */
export async function uiFrames(browserRun, tabId) {
  const key = `tab:${tabId}`;
  const state = await inExtension(browserRun, async (name) => (await chrome.storage.session.get(name))[name], key);
  return Object.keys(state?.uiInjected ?? {});
}

/** Opens the popup for a tab once the tab's view has arrived (the content script reports asynchronously). */
export async function popupWhen(browserRun, tabId, ready = (state) => Object.keys(state.checks).length > 0) {
  const popup = await openPopup(browserRun, tabId);
  await waitFor(async () => ready(await popupState(popup)), { message: 'popup state' });
  return { popup, state: await popupState(popup) };
}

/** Stops the extension's service worker as Chromium does when it is idle; resolves once it is gone. */
export async function stopServiceWorker(browserRun, page) {
  const session = await browserRun.context.newCDPSession(page);
  const workers = async () =>
    (await session.send('Target.getTargets')).targetInfos.filter(
      (target) => target.type === 'service_worker' && target.url.startsWith(`chrome-extension://${EXTENSION_ID}/`),
    );
  for (const target of await workers()) await session.send('Target.closeTarget', { targetId: target.targetId });
  await waitFor(async () => (await workers()).length === 0, { message: 'service worker stopped' });
  await session.detach();
}
