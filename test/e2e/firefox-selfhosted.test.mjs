// The Firefox self-hosted route, end to end in Firefox ESR: `npm run sign:firefox -- --unsigned` packs dist/firefox
// with the city's add-on id and gecko.update_url and writes updates.json; `npm run policy:kit` makes policies.json for
// that id and install_url; Firefox installs the package from the city's HTTPS server (a certificate from a test CA
// that policies.json's Certificates policy installs, as a city would push its CA), hands it the kit's policy, and
// picks up version + 1 through updates.json.
//
// Signed vs unsigned: AMO's signature needs the city's AMO keys, which a test cannot have (the signing command is
// tested up to AMO's API in test/unit/sign-firefox.test.ts). Firefox ESR installs an unsigned package when
// xpinstall.signatures.required is false, which is the only difference from the signed route here.
// Host mapping: network.dns.forceResolve sends every name to 127.0.0.1, so the server listens on port 443 (root).
// Update check: the test asks Firefox to check the add-on for updates now (checkForUpdate below), as about:addons'
// "Check for updates" does, instead of waiting on the daily timer. An earlier version waited on the timer with
// prefs meant to fire it every 5 s, but Firefox's UpdateTimerManager clamps app.update.timerFirstInterval to at least
// 10 s and app.update.timerMinimumDelay to at least 30 s: one check about 10 s after start, then one per 30 s. The
// test passed only when version + 1 was in updates.json before that first check (measured with extensions.logging:
// 7-8 s after start alone); otherwise the update came 30 s later, while extension pages were being opened to read
// the version, and once the page probe never saw the new version in the 100 s left (cause of that not found).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import selfsigned from 'selfsigned';
import { FIREFOX, policyFile, waitFor } from './harness-firefox.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const UPDATE_HOST = 'extensions.city-example.jp';
const BASE = `https://${UPDATE_HOST}/mg/firefox/`;
const ADDON_ID = 'meeting-guard@city-example.jp';
const UUID = '7d1f0c52-3a9e-4b6d-8f21-5c4e9a0b1d37';
/** The harness's mark: its exit handler removes a policies.json carrying it (a killed run leaves nothing). */
const OWNER_MARK = 'meeting-guard-e2e';

const run = (script, args) => {
  const result = spawnSync('npm', ['run', '-s', script, '--', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { ...result, output: `${result.stdout}${result.stderr}` };
};

/** Opens an extension page by a raw BiDi navigation (see harness-firefox.mjs) and returns the page. */
async function extensionPage(browser, path) {
  const page = await browser.newPage();
  await page.mainFrame().browsingContext.navigate(`moz-extension://${UUID}/${path}`, 'complete');
  return page;
}

/**
 * Asks Firefox to check the add-on for an update now and installs what it finds, through AddonManager in the
 * browser window's privileged (chrome) scope, which BiDi reaches with --remote-allow-system-access. Resolves to
 * "installed <version>", or to what happened instead.
 */
async function checkForUpdate(browser, id) {
  const { contexts } = (await browser.connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result;
  const chrome = contexts.find((context) => context.url === 'chrome://browser/content/browser.xhtml');
  if (!chrome) throw new Error(`no browser window among ${contexts.map((context) => context.url).join(' ')}`);
  const check = async (id) => {
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    const addon = await AddonManager.getAddonByID(id);
    if (!addon) return 'not installed';
    const install = await new Promise((resolve) =>
      addon.findUpdates(
        {
          onUpdateAvailable: (_addon, found) => resolve(found),
          onUpdateFinished: (_addon, status) => resolve(status === 0 ? null : `check failed (${status})`),
        },
        AddonManager.UPDATE_WHEN_USER_REQUESTED,
      ),
    );
    if (install === null || typeof install === 'string') return install ?? 'no update';
    const done = new Promise((resolve) =>
      install.addListener({
        onInstallEnded: (_install, added) => resolve(`installed ${added.version}`),
        onInstallFailed: () => resolve(`install failed (${install.error})`),
        onDownloadFailed: () => resolve(`download failed (${install.error})`),
        onInstallCancelled: () => resolve('install cancelled'),
      }),
    );
    install.install();
    return done;
  };
  const { result } = await browser.connection.send('script.evaluate', {
    expression: `(${check})(${JSON.stringify(id)})`,
    target: { context: chrome.context },
    awaitPromise: true,
  });
  if (result.type !== 'success') throw new Error(`update check: ${JSON.stringify(result.exceptionDetails ?? result)}`);
  return result.result.value;
}

describe('sign:firefox and the kit, self-hosted, in Firefox ESR', () => {
  const work = mkdtempSync(join(tmpdir(), 'mg-firefox-e2e-'));
  const state = { requests: [], tls: [] };
  let server;
  let browser;

  // The add-on's version and managed storage, read from one of its pages (null until it is installed).
  const version = async () => {
    let page;
    try {
      page = await extensionPage(browser, 'icons/icon-16.png');
      return await page.evaluate(async () =>
        typeof browser === 'object'
          ? { version: browser.runtime.getManifest().version, managed: await browser.storage.managed.get() }
          : null,
      );
    } catch {
      return null;
    } finally {
      await page?.close().catch(() => {});
    }
  };

  before(async () => {
    const ca = await selfsigned.generate([{ name: 'commonName', value: 'Meeting Guard test CA' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    });
    const pems = await selfsigned.generate([{ name: 'commonName', value: UPDATE_HOST }], {
      keySize: 2048,
      algorithm: 'sha256',
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: UPDATE_HOST }] },
      ],
    });
    state.ca = join(work, 'city-ca.pem');
    writeFileSync(state.ca, ca.cert);
    state.out = join(work, 'out');
    server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
      state.requests.push(request.url);
      const name = new URL(request.url ?? '/', BASE).pathname.replace('/mg/firefox/', '');
      const file = join(state.out, name);
      if (!/^[\w.-]+$/.test(name) || !existsSync(file)) return response.writeHead(404).end();
      const type = name.endsWith('.json') ? 'application/json' : 'application/x-xpinstall';
      response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    });
    server.on('tlsClientError', (error) => state.tls.push(error.code ?? error.message));
    await new Promise((resolve) => server.listen(443, '127.0.0.1', resolve));

    state.sign = run('sign:firefox', ['--unsigned', '--base-url', BASE, '--id', ADDON_ID, '--out', state.out]);
    state.kit = run('policy:kit', [
      '--firefox-id',
      ADDON_ID,
      '--firefox-install-url',
      `${BASE}meeting-guard.xpi`,
      '--out',
      join(work, 'kit'),
    ]);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    try {
      const file = policyFile();
      if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8'))[OWNER_MARK]) rmSync(file, { force: true });
    } catch {}
    await new Promise((resolve) => server?.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it('sign:firefox --unsigned writes the package with the id and update_url, and updates.json', () => {
    assert.equal(state.sign.status, 0, state.sign.output);
    assert.match(state.sign.stdout, /UNSIGNED/);
    const updates = JSON.parse(readFileSync(join(state.out, 'updates.json'), 'utf8'));
    const [entry] = updates.addons[ADDON_ID].updates;
    state.version = entry.version;
    assert.equal(entry.update_link, `${BASE}meeting-guard-${entry.version}.xpi`);
    assert.match(entry.update_hash, /^sha256:[0-9a-f]{64}$/);
    assert.ok(state.sign.stdout.includes(`"install_url": "${BASE}meeting-guard.xpi"`), state.sign.stdout);
  });

  it('Firefox ESR installs it from install_url over TLS it trusts, with the kit policy', {
    timeout: 150_000,
  }, async () => {
    assert.equal(state.kit.status, 0, state.kit.output);
    const kitPolicies = JSON.parse(readFileSync(join(work, 'kit', 'firefox', 'policies.json'), 'utf8'));
    state.policy = kitPolicies.policies['3rdparty'].Extensions[ADDON_ID];
    const check = run('policy:check', [join(work, 'kit', 'firefox', 'policies.json')]);
    assert.equal(check.status, 0, check.output);
    const file = policyFile();
    assert.ok(!existsSync(file), `${file} exists; refusing to replace it`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        [OWNER_MARK]: true,
        policies: { ...kitPolicies.policies, Certificates: { Install: [state.ca] } },
      }),
    );
    const profile = join(work, 'profile');
    mkdirSync(profile);
    const launch = () =>
      puppeteer.launch({
        browser: 'firefox',
        executablePath: FIREFOX,
        protocol: 'webDriverBiDi',
        headless: true,
        acceptInsecureCerts: false,
        timeout: 30_000,
        userDataDir: profile,
        args: ['--remote-allow-system-access'],
        extraPrefsFirefox: {
          'network.dns.forceResolve': '127.0.0.1',
          'network.dns.disableIPv6': true,
          'network.proxy.type': 0,
          'xpinstall.signatures.required': false,
          'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
          // The periodic add-on update check stays off (puppeteer's default): the test asks for the check itself.
          'extensions.update.enabled': false,
        },
      });
    const xpiRequested = () => state.requests.some((url) => url.startsWith('/mg/firefox/meeting-guard.xpi'));
    const wait = (timeout) =>
      waitFor(async () => (await version()) ?? (!xpiRequested() && Date.now() > timeout.restartAt ? 'restart' : null), {
        timeout: timeout.ms,
        message: 'the add-on installed',
      }).catch((error) => {
        throw new Error(`${error.message} (requests: ${state.requests.join(' ')}; TLS errors: ${state.tls.join(' ')})`);
      });
    browser = await launch();
    // Firefox adds the Certificates policy's CA asynchronously and fetches install_url once per start, without a
    // retry: when the fetch comes first its TLS handshake fails and the add-on installs at the next start (the CA is
    // then in the profile), as on a staff PC. The likely cause of one failure in the whole e2e run here (its message
    // listed only the requests made before the wait began; now the requests and TLS errors at the end are listed).
    let installed = await wait({ ms: 60_000, restartAt: Date.now() + 20_000 });
    if (installed === 'restart') {
      state.restarted = true;
      await browser.close();
      browser = await launch();
      installed = await wait({ ms: 60_000, restartAt: Number.POSITIVE_INFINITY });
      console.log(`installed at the second start (TLS errors at the first: ${state.tls.join(' ')})`);
    }
    assert.equal(installed.version, state.version);
    assert.deepEqual(installed.managed, state.policy);
    assert.ok(state.requests.some((url) => url.startsWith('/mg/firefox/meeting-guard.xpi')));
    state.installed = true;
  });

  it('Firefox ESR picks up version + 1 through updates.json, with the kit policy', { timeout: 90_000 }, async () => {
    assert.ok(state.installed, 'nothing was installed');
    // The next version: same id, version + 1, packed by the same command into the same folder (updates.json keeps
    // both).
    const next = state.version.replace(/(\d+)$/, (last) => String(Number(last) + 1));
    const source = join(work, 'firefox-next');
    cpSync(join(ROOT, 'dist', 'firefox'), source, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8'));
    writeFileSync(join(source, 'manifest.json'), JSON.stringify({ ...manifest, version: next }));
    const signed = run('sign:firefox', [
      '--unsigned',
      '--base-url',
      BASE,
      '--id',
      ADDON_ID,
      '--source',
      source,
      '--out',
      state.out,
    ]);
    assert.equal(signed.status, 0, signed.output);
    // "Check for updates" now, as about:addons does: the add-on's own update check (its update_url, updates.json,
    // the hash), run in the browser's privileged scope, and the install it offers.
    const outcome = await checkForUpdate(browser, ADDON_ID);
    assert.equal(outcome, `installed ${next}`, `requests so far: ${state.requests.join(' ')}`);
    const updated = await waitFor(
      async () => {
        const running = await version();
        return running?.version === next ? running : null;
      },
      { timeout: 30_000, message: `version ${next} running` },
    ).catch((error) => {
      throw new Error(`${error.message} (requests: ${state.requests.join(' ')})`);
    });
    assert.deepEqual(updated.managed, state.policy);
    assert.ok(state.requests.some((url) => url.startsWith('/mg/firefox/updates.json')));
    assert.ok(state.requests.some((url) => url.startsWith(`/mg/firefox/meeting-guard-${next}.xpi`)));
  });
});
