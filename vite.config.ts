/**
 * One manifest, two builds: `vite build --mode chrome` → dist/chrome (Chrome, Edge),
 * `vite build --mode firefox` → dist/firefox (Firefox MV3). scripts/build.mjs runs both and zips them.
 */
import { readFileSync } from 'node:fs';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import manifestSource from './manifest.json' with { type: 'json' };
import { typesOnlySchema } from './src/policy/managed-schema';

export const GECKO_ID = 'meeting-guard@city-tools.jp';

type Manifest = typeof manifestSource & Record<string, unknown>;

/** Firefox MV3 has no service worker background: the same module runs as an event page. */
export function firefoxManifest(source: Manifest): Record<string, unknown> {
  const { background, minimum_chrome_version: _chromeOnly, ...rest } = source;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        // Nothing goes to us or any third party; records go only to an endpoint the admin's policy names.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

/**
 * crxjs does not copy the managed-storage schema; the manifest names it, so it must be in the build. It ships with
 * types only (src/policy/managed-schema.ts): out-of-range and unknown-choice values then reach the extension, which
 * reports them and fails closed, instead of Chrome dropping them unseen.
 */
function managedSchema(): Plugin {
  return {
    name: 'meeting-guard:managed-schema',
    generateBundle() {
      const schema = JSON.parse(readFileSync('src/policy/schema.json', 'utf8'));
      this.emitFile({
        type: 'asset',
        fileName: manifestSource.storage.managed_schema,
        source: `${JSON.stringify(typesOnlySchema(schema), null, 2)}\n`,
      });
    },
  };
}

export default defineConfig(({ mode }) => {
  const browser = mode === 'firefox' ? 'firefox' : 'chrome';
  const manifest = (browser === 'firefox' ? firefoxManifest(manifestSource) : manifestSource) as ManifestV3Export;
  return {
    plugins: [
      preact(),
      crx({
        manifest,
        browser,
        // Standalone IIFE: no dynamic-import loader, so nothing is exposed through web_accessible_resources.
        contentScripts: { standaloneFiles: ['content/index.ts'] },
      }),
      managedSchema(),
    ],
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      target: browser === 'firefox' ? 'firefox140' : 'chrome120',
      sourcemap: false,
      modulePreload: false,
    },
    // No dev-server (HMR) use: the extension is always built, so tests load what ships.
    server: { port: 0 },
  };
});
