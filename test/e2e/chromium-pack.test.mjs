// The city's own id, end to end: a key made here, `npm run pack` signs dist/chrome with it, `npm run policy:kit`
// makes the kit for the id it prints, `npm run policy:check` passes that kit, and Chromium, force-installing the
// CRX the way a city would (ExtensionInstallForcelist naming update.xml on the city's HTTPS server), runs the
// extension under that very id with the kit's policy in its managed storage; then the city packs version + 1 and
// Chromium picks the update up from the same update.xml, the policy still in force.
//
// How it works headless: Chromium reads the force-install list from /etc/chromium/policies/managed/, fetches
// update.xml and the .crx from this test's HTTPS server, verifies the CRX3 signature and installs it. The server's
// certificate is issued by a test CA made here, which Chromium trusts the way a staff PC would trust the city's CA:
// it is in the NSS database of the browser's HOME ($HOME/.pki/nssdb, certutil from Debian's libnss3-tools); there
// is no --ignore-certificate-errors. The update host is mapped to 127.0.0.1 with --host-resolver-rules; the update
// is asked for with the Update button of chrome://extensions (developer mode), as an admin would on one machine,
// instead of waiting hours for the periodic check.
// Playwright's default --disable-extensions, --disable-background-networking, --disable-default-apps and
// --disable-component-extensions-with-background-pages are left out: with them, Chromium 156 made no update request
// at all. Measured: update.xml and the .crx are fetched within seconds of start-up.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import selfsigned from 'selfsigned';
import { CHROMIUM, waitFor } from './harness.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const UPDATE_HOST = 'extensions.city-example.jp';
const POLICY_FILE = '/etc/chromium/policies/managed/meeting-guard-pack-e2e.json';
// A policy file left by a killed run would force-install into every later Chromium start: always clear it.
process.once('exit', () => rmSync(POLICY_FILE, { force: true }));
/** Extensions Chromium ships itself: the PDF viewer. */
const COMPONENT_IDS = ['mhjfbmdgcfjbbpaeojofohoefgiehjai'];

const run = (script, args) => {
  const result = spawnSync('npm', ['run', '-s', script, '--', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { ...result, output: `${result.stdout}${result.stderr}` };
};

describe('npm run pack and the city kit, in Chromium', () => {
  const work = mkdtempSync(join(tmpdir(), 'mg-pack-e2e-'));
  const state = {};
  let server;
  let context;

  before(async () => {
    const key = join(work, 'city.pem');
    state.key = key;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));

    // The city's CA, and the update host's certificate issued by it.
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
    // The browser's HOME, with an NSS database that trusts the CA for TLS servers.
    state.home = join(work, 'home');
    const nssdb = join(state.home, '.pki', 'nssdb');
    mkdirSync(nssdb, { recursive: true });
    writeFileSync(join(work, 'ca.pem'), ca.cert);
    execFileSync('certutil', ['-N', '-d', `sql:${nssdb}`, '--empty-password']);
    execFileSync('certutil', [
      '-A',
      '-d',
      `sql:${nssdb}`,
      '-n',
      'meeting-guard-test-ca',
      '-t',
      'C,,',
      '-i',
      join(work, 'ca.pem'),
    ]);

    state.requests = [];
    state.served = join(work, 'out');
    server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
      state.requests.push(request.url);
      const path = new URL(request.url ?? '/', `https://${UPDATE_HOST}`).pathname;
      const name = { '/mg/update.xml': 'update.xml', '/mg/meeting-guard.crx': 'meeting-guard.crx' }[path];
      if (!name) return response.writeHead(404).end();
      const type = name.endsWith('.xml') ? 'text/xml' : 'application/x-chrome-extension';
      response.writeHead(200, { 'content-type': type }).end(readFileSync(join(state.served, name)));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

    state.pack = run('pack', ['--key', key, '--base-url', `https://${UPDATE_HOST}/mg/`, '--out', join(work, 'out')]);
    state.id = /Extension id: ([a-p]{32})/.exec(state.pack.stdout)?.[1];
    state.kit = run('policy:kit', [
      '--chrome-id',
      state.id ?? 'missing',
      '--chrome-update-url',
      `https://${UPDATE_HOST}/mg/update.xml`,
      '--out',
      join(work, 'kit'),
    ]);
  });

  after(async () => {
    await context?.close().catch(() => {});
    rmSync(POLICY_FILE, { force: true });
    await new Promise((resolve) => server?.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it('pack writes a CRX3 and update.xml, and prints the id, the forcelist entry and the kit command', () => {
    assert.equal(state.pack.status, 0, state.pack.output);
    assert.match(state.id ?? '', /^[a-p]{32}$/);
    assert.deepEqual(readdirSync(join(work, 'out')).sort(), ['meeting-guard.crx', 'update.xml']);
    const lines = state.pack.stdout.split('\n').map((line) => line.trim());
    assert.ok(lines.includes(`${state.id};https://${UPDATE_HOST}/mg/update.xml`), state.pack.stdout);
    assert.ok(
      lines.includes(
        `npm run policy:kit -- --chrome-id ${state.id} --chrome-update-url https://${UPDATE_HOST}/mg/update.xml --out ./kit`,
      ),
      state.pack.stdout,
    );
    const crx = readFileSync(join(work, 'out', 'meeting-guard.crx'));
    assert.equal(crx.subarray(0, 4).toString('latin1'), 'Cr24');
    assert.equal(crx.readUInt32LE(4), 3);
    const xml = readFileSync(join(work, 'out', 'update.xml'), 'utf8');
    assert.match(xml, new RegExp(`appid="${state.id}"`));
    assert.match(xml, new RegExp(`codebase="https://${UPDATE_HOST}/mg/meeting-guard.crx"`));
  });

  it('the kit made for that id names it, says nothing of the development id, and passes policy:check', () => {
    assert.equal(state.kit.status, 0, state.kit.output);
    const kit = join(work, 'kit');
    const linux = readFileSync(join(kit, 'linux', 'meeting-guard-policy.json'), 'utf8');
    assert.ok(JSON.parse(linux)['3rdparty'].extensions[state.id]);
    assert.doesNotMatch(readFileSync(join(kit, 'README.md'), 'utf8'), /開発用 ID|DEVELOPMENT ID/);
    const forceInstall = readFileSync(join(kit, 'windows', 'force-install-edge.reg'), 'utf8');
    assert.match(forceInstall, new RegExp(`"1"="${state.id};https://${UPDATE_HOST}/mg/update.xml"`));
    const files = [
      'linux/meeting-guard-policy.json',
      'windows/meeting-guard-chrome.utf16.reg',
      'windows/meeting-guard-edge.utf16.reg',
      'macos/meeting-guard.mobileconfig',
      `macos/com.google.Chrome.extensions.${state.id}.plist`,
      'intune/meeting-guard-chrome.json',
      'google-admin/meeting-guard-policy.json',
      'windows/force-install-chrome.utf16.reg',
      'windows/admx/meeting-guard-chrome.admx',
      'linux/force-install.json',
    ].map((file) => join(kit, file));
    const check = run('policy:check', files);
    assert.equal(check.status, 0, check.output);
    assert.doesNotMatch(check.output, /DROPPED|REPORTED|NOT INSTALLED|development id/);
    // The forcelist is read: the id and update.xml the city serves.
    assert.match(check.output, new RegExp(`chrome installs ${state.id} from https://${UPDATE_HOST}/mg/update.xml`));
  });

  /** Chromium's own report of the extensions it holds (chrome://extensions-internals), without its components. */
  async function installed(page) {
    await page.goto('chrome://extensions-internals');
    const text = (await page.textContent('body')) ?? '';
    const extensions = JSON.parse(text.slice(text.indexOf('['), text.lastIndexOf(']') + 1) || '[]');
    return extensions.filter((extension) => !COMPONENT_IDS.includes(extension.id));
  }

  /** The extension's managed storage, read in its own service worker once that worker runs `version`. */
  async function managedStorage(version) {
    let last = 'no service worker of the extension';
    try {
      return await waitFor(
        async () => {
          const worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${state.id}/`));
          if (!worker) return null;
          last = await worker
            .evaluate(async () => ({
              version: chrome.runtime.getManifest().version,
              managed: await chrome.storage.managed.get(),
            }))
            .catch((error) => String(error));
          // Empty until Chromium's policy service has handed the extension its part (a second or so after start).
          return last?.version === version && Object.keys(last.managed).length ? last.managed : null;
        },
        { timeout: 30_000, message: `the managed storage of version ${version}` },
      );
    } catch (error) {
      throw new Error(`${error.message}; last read: ${JSON.stringify(last)}`);
    }
  }

  it('Chromium force-installs the CRX from update.xml over TLS it trusts and runs it under the same id', async () => {
    assert.ok(state.id, 'pack printed no id');
    // The kit's policy goes in the same file, as a city would deploy it.
    const kitPolicy = JSON.parse(readFileSync(join(work, 'kit', 'linux', 'meeting-guard-policy.json'), 'utf8'));
    mkdirSync('/etc/chromium/policies/managed', { recursive: true });
    writeFileSync(
      POLICY_FILE,
      JSON.stringify({
        ...kitPolicy,
        ExtensionInstallForcelist: [`${state.id};https://${UPDATE_HOST}/mg/update.xml`],
        // DevTools (and so Playwright) may attach to a force-installed extension only with this: by default Chromium
        // keeps them off policy-installed extensions, so their service worker is never attached and their pages
        // close when opened. It changes nothing of the policy's way to managed storage.
        DeveloperToolsAvailability: 1,
      }),
    );
    const profile = join(work, 'profile');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      // Chromium on Linux reads the certificates it trusts from $HOME/.pki/nssdb.
      env: { ...process.env, HOME: state.home },
      ignoreDefaultArgs: [
        '--disable-extensions',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-default-apps',
        '--disable-component-extensions-with-background-pages',
      ],
      args: [
        `--host-resolver-rules=MAP ${UPDATE_HOST} 127.0.0.1:${server.address().port}`,
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    state.page = await context.newPage();
    const dump = await waitFor(
      async () => {
        const extensions = await installed(state.page);
        // Wait for ours and its service worker's listeners.
        return extensions[0]?.event_listeners?.listeners?.length ? extensions : null;
      },
      { timeout: 60_000, message: `an installed extension (requests so far: ${state.requests.join(' ')})` },
    );
    assert.deepEqual(
      dump.map((extension) => extension.id),
      [state.id],
    );
    assert.ok(state.requests.some((url) => url.startsWith('/mg/update.xml')));
    assert.ok(state.requests.some((url) => url.startsWith('/mg/meeting-guard.crx')));
    const ours = dump[0];
    assert.deepEqual(ours.disable_reasons, []);
    state.version = ours.version;
    // Its service worker ran under that id: the listeners it registered at start-up belong to that origin.
    const origins = new Set(ours.event_listeners.listeners.map((listener) => listener.url));
    assert.deepEqual([...origins], [`chrome-extension://${state.id}/`]);
    // The kit's policy reached it: its managed storage holds the values of the kit's file.
    state.policy = kitPolicy['3rdparty'].extensions[state.id];
    assert.deepEqual(await managedStorage(state.version), state.policy);
  });

  it('Chromium picks up version + 1 from the same update.xml', async () => {
    assert.ok(state.version, 'nothing was installed');
    // The city's next release: the same build with the version raised, packed with the same key.
    const next = state.version.replace(/(\d+)$/, (last) => String(Number(last) + 1));
    const source = join(work, 'chrome-next');
    cpSync(join(ROOT, 'dist', 'chrome'), source, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8'));
    writeFileSync(join(source, 'manifest.json'), JSON.stringify({ ...manifest, version: next }));
    const packed = run('pack', [
      '--key',
      state.key,
      '--base-url',
      `https://${UPDATE_HOST}/mg/`,
      '--source',
      source,
      '--out',
      join(work, 'out-next'),
    ]);
    assert.equal(packed.status, 0, packed.output);
    assert.match(packed.stdout, new RegExp(`Extension id: ${state.id}`));
    state.served = join(work, 'out-next');
    // An admin's "update now": chrome://extensions in developer mode, the Update button (it checks every
    // extension's update URL at once; the periodic check would come within hours).
    const extensions = await context.newPage();
    await extensions.goto('chrome://extensions');
    if (!(await extensions.locator('#devMode').isChecked())) await extensions.locator('#devMode').click();
    await extensions.locator('#updateNow').click();
    const updated = await waitFor(
      async () => {
        const [ours] = await installed(state.page);
        return ours?.version === next ? ours : null;
      },
      { timeout: 90_000, message: `version ${next} (requests so far: ${state.requests.join(' ')})` },
    );
    await extensions.close();
    assert.equal(updated.id, state.id);
    assert.ok(state.requests.filter((url) => url.startsWith('/mg/update.xml')).length >= 2);
    assert.deepEqual(updated.disable_reasons, []);
    // The new version runs with the policy still in force.
    assert.deepEqual(await managedStorage(next), state.policy);
  });
});
