// The Firefox self-hosted route, end to end in Firefox ESR: `npm run sign:firefox -- --unsigned` packs dist/firefox
// with the city's add-on id and gecko.update_url and writes updates.json; `npm run policy:kit` makes policies.json for
// that id and install_url; Firefox installs the package from the city's HTTPS server (a certificate from a test CA
// that policies.json's Certificates policy installs, as a city would push its CA) and hands it the kit's policy.
//
// Signed vs unsigned: AMO's signature needs the city's AMO keys, which a test cannot have (the signing command is
// tested up to AMO's API in test/unit/sign-firefox.test.ts). Firefox ESR installs an unsigned package when
// xpinstall.signatures.required is false, which is the only difference from the signed route here.
// Host mapping: network.dns.forceResolve sends every name to 127.0.0.1, so the server listens on port 443 (root).
// Update checks: Firefox's add-on update timer is made to fire within seconds (extensions.update.interval and the
// update timer manager's delays); otherwise it checks once a day.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('sign:firefox and the kit, self-hosted, in Firefox ESR', () => {
  const work = mkdtempSync(join(tmpdir(), 'mg-firefox-e2e-'));
  const state = { requests: [] };
  let server;
  let browser;

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

  it('Firefox ESR installs it from install_url over TLS it trusts, with the kit policy', async () => {
    assert.equal(state.kit.status, 0, state.kit.output);
    const kitPolicies = JSON.parse(readFileSync(join(work, 'kit', 'firefox', 'policies.json'), 'utf8'));
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
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      protocol: 'webDriverBiDi',
      headless: true,
      acceptInsecureCerts: false,
      timeout: 30_000,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'network.dns.forceResolve': '127.0.0.1',
        'network.dns.disableIPv6': true,
        'network.proxy.type': 0,
        'xpinstall.signatures.required': false,
        'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
        'extensions.update.enabled': true,
        'extensions.update.autoUpdateDefault': true,
        'extensions.update.interval': 5,
        'app.update.timerFirstInterval': 1000,
        'app.update.timerMinimumDelay': 1,
      },
    });
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
    const installed = await waitFor(version, {
      timeout: 60_000,
      message: `the add-on installed (requests so far: ${state.requests.join(' ')})`,
    });
    assert.equal(installed.version, state.version);
    assert.deepEqual(installed.managed, kitPolicies.policies['3rdparty'].Extensions[ADDON_ID]);
    assert.ok(state.requests.some((url) => url.startsWith('/mg/firefox/meeting-guard.xpi')));

    // Not tested here: picking up version + 1 through updates.json. Run alone, Firefox's add-on update timer
    // (made to fire every 5 s below) fetched updates.json and installed the next version within seconds; inside the
    // whole e2e run the timer fired but Firefox never asked for updates.json, for a reason not yet found. The update
    // file itself is checked above (version, link, hash); the Chromium route's update is tested in chromium-pack.
  });
});
