// The city's own id, end to end: a key made here, `npm run pack` signs dist/chrome with it, `npm run policy:kit`
// makes the kit for the id it prints, `npm run policy:check` passes that kit, and Chromium, force-installing the
// CRX the way a city would (ExtensionInstallForcelist naming update.xml on the city's HTTPS server) and runs the
// extension under that very id. (That managed storage then carries the policy is chromium-schema.test.mjs.)
//
// How it works headless: Chromium reads the force-install list from /etc/chromium/policies/managed/, fetches
// update.xml and the .crx from this test's HTTPS server (a self-signed certificate, accepted with
// --ignore-certificate-errors; the update host mapped to 127.0.0.1 with --host-resolver-rules), verifies the CRX3
// signature and installs it. Playwright's default --disable-extensions, --disable-background-networking,
// --disable-default-apps and --disable-component-extensions-with-background-pages are left out: with them, Chromium
// 156 made no update request at all. Measured: update.xml and the .crx are fetched within seconds of start-up.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));

    const pems = await selfsigned.generate([{ name: 'commonName', value: UPDATE_HOST }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: UPDATE_HOST }] }],
    });
    state.requests = [];
    server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
      state.requests.push(request.url);
      const path = new URL(request.url ?? '/', `https://${UPDATE_HOST}`).pathname;
      const file = path === '/mg/update.xml' ? 'update.xml' : path === '/mg/meeting-guard.crx' ? state.crxName : null;
      if (!file) return response.writeHead(404).end();
      const type = file.endsWith('.xml') ? 'text/xml' : 'application/x-chrome-extension';
      response.writeHead(200, { 'content-type': type }).end(readFileSync(join(work, 'out', file)));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

    state.pack = run('pack', ['--key', key, '--base-url', `https://${UPDATE_HOST}/mg/`, '--out', join(work, 'out')]);
    state.id = /Extension id: ([a-p]{32})/.exec(state.pack.stdout)?.[1];
    state.crxName = readdirSync(join(work, 'out')).find((name) => name.endsWith('.crx'));
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

  it('pack writes a CRX3 and update.xml, and prints the id of the key', () => {
    assert.equal(state.pack.status, 0, state.pack.output);
    assert.match(state.id ?? '', /^[a-p]{32}$/);
    const crx = readFileSync(join(work, 'out', state.crxName));
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
    ].map((file) => join(kit, file));
    const check = run('policy:check', files);
    assert.equal(check.status, 0, check.output);
    assert.doesNotMatch(check.output, /DROPPED|REPORTED/);
  });

  it('Chromium force-installs the CRX from update.xml and runs it under the same id', async () => {
    assert.ok(state.id, 'pack printed no id');
    const kitPolicy = JSON.parse(readFileSync(join(work, 'kit', 'linux', 'meeting-guard-policy.json'), 'utf8'));
    mkdirSync('/etc/chromium/policies/managed', { recursive: true });
    writeFileSync(
      POLICY_FILE,
      JSON.stringify({
        ...kitPolicy,
        ExtensionInstallForcelist: [`${state.id};https://${UPDATE_HOST}/mg/update.xml`],
      }),
    );
    const profile = join(work, 'profile');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      ignoreDefaultArgs: [
        '--disable-extensions',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-default-apps',
        '--disable-component-extensions-with-background-pages',
      ],
      args: [
        `--host-resolver-rules=MAP ${UPDATE_HOST} 127.0.0.1:${server.address().port}`,
        '--ignore-certificate-errors',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    // What Chromium itself reports (chrome://extensions-internals is its JSON dump of every extension it holds).
    const page = await context.newPage();
    const dump = await waitFor(
      async () => {
        await page.goto('chrome://extensions-internals');
        const text = (await page.textContent('body')) ?? '';
        const extensions = JSON.parse(text.slice(text.indexOf('['), text.lastIndexOf(']') + 1) || '[]');
        // Chromium's own component extensions (the PDF viewer) are listed too: wait for ours and its worker.
        const ours = extensions.find((extension) => !COMPONENT_IDS.includes(extension.id));
        return ours?.event_listeners?.listeners?.length ? extensions : null;
      },
      { timeout: 60_000, message: `an installed extension (requests so far: ${state.requests.join(' ')})` },
    );
    assert.deepEqual(
      dump.map((extension) => extension.id).filter((id) => !COMPONENT_IDS.includes(id)),
      [state.id],
    );
    assert.ok(state.requests.some((url) => url.startsWith('/mg/update.xml')));
    assert.ok(state.requests.some((url) => url.startsWith('/mg/meeting-guard.crx')));
    const ours = dump.find((extension) => extension.id === state.id);
    assert.deepEqual(ours.disable_reasons, []);
    // Its service worker ran under that id: the listeners it registered at start-up belong to that origin.
    const origins = new Set(ours.event_listeners.listeners.map((listener) => listener.url));
    assert.deepEqual([...origins], [`chrome-extension://${state.id}/`]);
    assert.ok(ours.event_listeners.listeners.some((listener) => listener.event_name === 'storage.onChanged'));
  });
});
