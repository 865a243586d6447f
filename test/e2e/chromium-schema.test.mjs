// What Chromium hands the extension of a policy that breaks its managed_schema, with the schema as written
// (src/policy/schema.json: types, enums, ranges) and as shipped (types only, src/policy/managed-schema.ts).
// The measurement behind that choice (docs/policy-schema.md): with enums and ranges in the schema, Chromium drops
// an out-of-range limit inside permittedServices together with the whole list, so the extension falls back to
// "every service up to 機密性3"; with types only the value arrives and the extension fails closed and reports it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM, EXTENSION_ID, setManagedPolicy, waitFor } from './harness.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const TEST_KEY = JSON.parse(readFileSync(join(ROOT, 'test', 'e2e', 'test-key.json'), 'utf8'));

/** Each kind of schema break once, next to a value that is fine. */
const POLICY = {
  organizationName: 'テスト市',
  e2eBreakingFeatures: 'BLOCK', // not one of the enum's values
  logRetentionDays: 99999, // above the maximum
  permittedServices: [{ service: 'zoom', maxClassification: 9 }], // a range broken inside a list
  defaultClassification: 'high', // the wrong type
  customServices: [{ id: 'city', name: '市', matches: ['https://meet.city.example.jp/*'], extra: 1 }], // unknown property
  notAKey: true, // not in the schema at all
};

/** dist/chrome with the test key and the given managed_schema, in Chromium with POLICY; returns storage.managed. */
async function managedStorage(schema) {
  const dir = mkdtempSync(join(tmpdir(), 'mg-schema-'));
  const profile = mkdtempSync(join(tmpdir(), 'mg-profile-'));
  cpSync(join(ROOT, 'dist', 'chrome'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, key: TEST_KEY.key }));
  writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
  setManagedPolicy(POLICY);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    assert.ok(worker.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));
    // Managed storage can arrive a moment after start-up: wait for the one valid value in every variant.
    return await waitFor(
      async () => {
        const stored = await worker.evaluate(() => chrome.storage.managed.get());
        return stored.organizationName ? stored : null;
      },
      { message: 'managed storage' },
    );
  } finally {
    await context.close();
    setManagedPolicy(null);
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

describe('Chromium and the managed_schema', () => {
  const measured = {};
  before(async () => {
    measured.written = await managedStorage(
      JSON.parse(readFileSync(join(ROOT, 'src', 'policy', 'schema.json'), 'utf8')),
    );
    measured.shipped = await managedStorage(
      JSON.parse(readFileSync(join(ROOT, 'dist', 'chrome', 'schema.json'), 'utf8')),
    );
    console.log(`# storage.managed, schema as written: ${JSON.stringify(measured.written)}`);
    console.log(`# storage.managed, schema as shipped: ${JSON.stringify(measured.shipped)}`);
  });
  after(() => setManagedPolicy(null));

  it('with enums and ranges, drops every key that breaks one, with the whole permittedServices list', () => {
    assert.deepEqual(Object.keys(measured.written).sort(), ['customServices', 'organizationName']);
  });

  it('with types only (as shipped), hands over the out-of-range and unknown values for the extension to judge', () => {
    assert.deepEqual(Object.keys(measured.shipped).sort(), [
      'customServices',
      'e2eBreakingFeatures',
      'logRetentionDays',
      'organizationName',
      'permittedServices',
    ]);
    assert.equal(measured.shipped.e2eBreakingFeatures, 'BLOCK');
    assert.deepEqual(measured.shipped.permittedServices, [{ service: 'zoom', maxClassification: 9 }]);
  });

  it('in both, drops a wrong type and a key not in the schema, and leaves out an unknown property', () => {
    for (const stored of [measured.written, measured.shipped]) {
      assert.equal(stored.defaultClassification, undefined);
      assert.equal(stored.notAKey, undefined);
      assert.deepEqual(stored.customServices, [
        { id: 'city', name: '市', matches: ['https://meet.city.example.jp/*'] },
      ]);
    }
  });
});
