// Checks the built extension as it ships: both builds, the managed-storage schema in each, the
// Firefox variant's manifest, nothing exposed to pages, and the zips.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;
const dist = (...parts) => join(ROOT, 'dist', ...parts);
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const source = json(join(ROOT, 'manifest.json'));

describe('the built extension', () => {
  for (const browser of ['chrome', 'firefox']) {
    it(`${browser}: ships the managed-storage schema, types only, at the path the manifest names`, () => {
      const manifest = json(dist(browser, 'manifest.json'));
      const schemaPath = manifest.storage?.managed_schema;
      assert.equal(schemaPath, 'schema.json');
      const shipped = readFileSync(dist(browser, schemaPath), 'utf8');
      // Every key and type of src/policy/schema.json, none of its enums and ranges (docs/policy-schema.md).
      assert.doesNotMatch(shipped, /"(enum|minimum|maximum)"/);
      const strip = (text) =>
        text.replace(/\s+"(enum|minimum|maximum)": (\[[^\]]*\]|\d+),?/g, '').replace(/,(\s*[}\]])/g, '$1');
      assert.deepEqual(
        JSON.parse(shipped),
        JSON.parse(strip(readFileSync(join(ROOT, 'src', 'policy', 'schema.json'), 'utf8'))),
      );
    });

    it(`${browser}: builds content scripts standalone, exposing nothing to pages`, () => {
      const manifest = json(dist(browser, 'manifest.json'));
      assert.equal(manifest.web_accessible_resources, undefined);
      for (const script of manifest.content_scripts) {
        for (const file of script.js) {
          const code = readFileSync(dist(browser, file), 'utf8');
          assert.doesNotMatch(code, /\bimport\s*\(/, `${file} has no dynamic import loader`);
          assert.doesNotMatch(code, /innerHTML\s*=/, `${file} never writes HTML`);
        }
      }
      assert.deepEqual(manifest.permissions, ['storage', 'scripting']);
      assert.deepEqual(manifest.optional_host_permissions, ['https://*/*']);
      // Custom services register this very file at run time (background/custom-services.ts).
      assert.ok(existsSync(dist(browser, 'content', 'index.js')));
      assert.deepEqual(manifest.host_permissions, source.host_permissions);
    });

    it(`${browser}: has a zip`, () => {
      assert.ok(
        readdirSync(dist()).some((file) => file.startsWith(`meeting-guard-${browser}-`) && file.endsWith('.zip')),
      );
    });
  }

  it('firefox: runs the background as scripts and carries a gecko id', () => {
    const manifest = json(dist('firefox', 'manifest.json'));
    assert.equal(manifest.background.service_worker, undefined);
    assert.equal(manifest.background.scripts.length, 1);
    assert.ok(existsSync(dist('firefox', manifest.background.scripts[0])));
    assert.match(manifest.browser_specific_settings.gecko.id, /^[\w.-]+@[\w.-]+$/);
  });

  it('chrome: runs the background as a module service worker', () => {
    const manifest = json(dist('chrome', 'manifest.json'));
    assert.equal(manifest.background.type, 'module');
    assert.ok(existsSync(dist('chrome', manifest.background.service_worker)));
  });
});
