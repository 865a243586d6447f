// Checks the built extension as it ships: both builds, the managed-storage schema in each, the
// Firefox variant's manifest, nothing exposed to pages, one small content script per service, and the zips.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';

const ROOT = new URL('../..', import.meta.url).pathname;
const dist = (...parts) => join(ROOT, 'dist', ...parts);
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const source = json(join(ROOT, 'manifest.json'));

/**
 * The budget (docs/contracts.md) is 8 KB (8192 bytes) gzip -9 per service script, as docs/performance.md reports.
 * Trimming alone left teams, jitsi and zoom over it (meet 7752, webex 8092, teams 9419, jitsi 9520, zoom 10169 bytes
 * after issue 8); the banner and the guard then became their own script, injected only where needed (issue 10,
 * docs/content-script-size.md): meet 3635, webex 3969, teams 5326, jitsi 5451, zoom 6150.
 */
const CONTENT_SCRIPT_BUDGET = 8 * 1024;
/** The in-page UI (banner, guard), injected by background (background/tab-views.ts UI_SCRIPT_FILE). */
const UI_SCRIPT = 'content/entries/ui.js';
/**
 * Its own ceiling: it runs only in frames with warnings to show or a guard that acts, beside the service's script
 * (4935 bytes when it was split off); this keeps it from growing unseen.
 */
const UI_SCRIPT_BUDGET = 6 * 1024;
/** The built-in service ids: one adapter file each in src/services/ (the registry lists the same; a unit test checks). */
const SERVICE_IDS = readdirSync(join(ROOT, 'src', 'services'))
  .filter((file) => file.endsWith('.ts') && !['service.ts', 'index.ts', 'custom.ts', 'read.ts'].includes(file))
  .map((file) => file.replace(/\.ts$/, ''));
/** Custom services' script, registered at run time (background/custom-services.ts CONTENT_SCRIPT_FILE). */
const CUSTOM_SCRIPT = 'content/entries/custom.js';
/** A string only webextension-polyfill carries: content scripts use the browsers' own API instead. */
const POLYFILL_MARK = 'This script should only be loaded in a browser extension';

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
      // alarms: delivery retries of the records (no install-time warning).
      assert.deepEqual(manifest.permissions, ['storage', 'scripting', 'alarms']);
      assert.deepEqual(manifest.optional_host_permissions, ['https://*/*']);
      assert.deepEqual(manifest.host_permissions, source.host_permissions);
    });

    it(`${browser}: has one content script per service, carrying that service's adapter only`, () => {
      const manifest = json(dist(browser, 'manifest.json'));
      const ids = manifest.content_scripts.map((script) => {
        assert.equal(script.js.length, 1, 'one file per content script');
        return /^content\/entries\/([a-z]+)\.js$/.exec(script.js[0])?.[1];
      });
      assert.deepEqual([...ids].sort(), [...SERVICE_IDS].sort());
      // Each adapter carries its own match patterns as strings: a script holding another service's
      // patterns has bundled that service's adapter too.
      for (const [i, script] of manifest.content_scripts.entries()) {
        const code = readFileSync(dist(browser, script.js[0]), 'utf8');
        assert.deepEqual(script.matches, source.content_scripts[i].matches, `${ids[i]} matches the source manifest`);
        for (const pattern of script.matches) assert.ok(code.includes(pattern), `${ids[i]} carries ${pattern}`);
        for (const [j, other] of manifest.content_scripts.entries()) {
          if (j === i) continue;
          for (const pattern of other.matches)
            assert.ok(!code.includes(pattern), `${ids[i]} does not carry ${ids[j]}'s adapter (${pattern})`);
        }
      }
    });

    it(`${browser}: keeps every content script within ${CONTENT_SCRIPT_BUDGET / 1024} KB gzip, without the polyfill`, () => {
      const manifest = json(dist(browser, 'manifest.json'));
      for (const file of manifest.content_scripts.flatMap((script) => script.js)) {
        const code = readFileSync(dist(browser, file));
        const gzip = gzipSync(code, { level: 9 }).length;
        assert.ok(gzip <= CONTENT_SCRIPT_BUDGET, `${file}: ${gzip} bytes gzip > ${CONTENT_SCRIPT_BUDGET}`);
        assert.ok(!code.includes(POLYFILL_MARK), `${file} has no webextension-polyfill`);
      }
    });

    it(`${browser}: builds the custom services' script standalone, for registration at run time`, () => {
      // It carries every adapter (a custom service may read with a built-in one as its base), so the
      // per-service budget does not apply; it runs only on sites someone granted.
      const code = readFileSync(dist(browser, CUSTOM_SCRIPT), 'utf8');
      assert.doesNotMatch(code, /\bimport\s*\(/);
      assert.doesNotMatch(code, /innerHTML\s*=/);
      assert.ok(!code.includes(POLYFILL_MARK));
      const registered = /CONTENT_SCRIPT_FILE\s*=\s*'([^']+)'/.exec(
        readFileSync(join(ROOT, 'background', 'custom-services.ts'), 'utf8'),
      )?.[1];
      assert.equal(registered, CUSTOM_SCRIPT);
    });

    it(`${browser}: builds the in-page UI standalone, not exposed to pages, within ${UI_SCRIPT_BUDGET / 1024} KB gzip`, () => {
      const manifest = json(dist(browser, 'manifest.json'));
      // Injected with scripting.executeScript: neither a manifest content script nor web-accessible.
      assert.equal(manifest.web_accessible_resources, undefined);
      assert.ok(!manifest.content_scripts.some((script) => script.js.includes(UI_SCRIPT)));
      const code = readFileSync(dist(browser, UI_SCRIPT));
      assert.doesNotMatch(code.toString(), /\bimport\s*\(/);
      assert.doesNotMatch(code.toString(), /innerHTML\s*=/);
      assert.ok(!code.includes(POLYFILL_MARK));
      const gzip = gzipSync(code, { level: 9 }).length;
      assert.ok(gzip <= UI_SCRIPT_BUDGET, `${UI_SCRIPT}: ${gzip} bytes gzip > ${UI_SCRIPT_BUDGET}`);
      // The banner and the guard are there, and no longer in the service scripts.
      assert.ok(code.includes('meeting-guard-banner') && code.includes('meeting-guard-dialog'));
      for (const file of manifest.content_scripts.flatMap((script) => script.js))
        assert.ok(!readFileSync(dist(browser, file), 'utf8').includes('meeting-guard-dialog'), `${file} has no guard`);
      const injected = /UI_SCRIPT_FILE\s*=\s*'([^']+)'/.exec(
        readFileSync(join(ROOT, 'background', 'tab-views.ts'), 'utf8'),
      )?.[1];
      assert.equal(injected, UI_SCRIPT);
    });

    it(`${browser}: builds the report's snapshot and the picker standalone, injected on request only (issue 20)`, () => {
      const manifest = json(dist(browser, 'manifest.json'));
      const handlers = readFileSync(join(ROOT, 'background', 'report-handlers.ts'), 'utf8');
      for (const [constant, file, mark] of [
        ['REPORT_SCRIPT_FILE', 'content/entries/report.js', 'meetingGuardReport'],
        ['PICKER_SCRIPT_FILE', 'content/entries/picker.js', 'meetingGuardPicker'],
      ]) {
        assert.equal(new RegExp(`${constant}\\s*=\\s*'([^']+)'`).exec(handlers)?.[1], file);
        const code = readFileSync(dist(browser, file), 'utf8');
        assert.ok(code.includes(mark), `${file} offers ${mark}`);
        assert.doesNotMatch(code, /\bimport\s*\(/);
        assert.doesNotMatch(code, /innerHTML\s*=/);
        assert.ok(!code.includes(POLYFILL_MARK));
        assert.ok(!manifest.content_scripts.some((script) => script.js.includes(file)), `${file} is no content script`);
        // Not in the per-service scripts: they stay within their budget.
        for (const script of manifest.content_scripts.flatMap((entry) => entry.js))
          assert.ok(!readFileSync(dist(browser, script), 'utf8').includes(mark), `${script} has no ${mark}`);
      }
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
