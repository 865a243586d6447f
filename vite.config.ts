/**
 * One manifest, two builds: `vite build --mode chrome` → dist/chrome (Chrome, Edge),
 * `vite build --mode firefox` → dist/firefox (Firefox MV3). scripts/build.mjs runs both and zips them.
 */
import { readFileSync } from 'node:fs';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { build, defineConfig, type Plugin, type ResolvedConfig } from 'vite';
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

/** The manifest's content scripts: one per built-in service (content/entries/<id>.ts). */
const MANIFEST_SCRIPTS = manifestSource.content_scripts.flatMap((script) => script.js);
/** Registered at run time for granted custom services (background/custom-services.ts), so not in the manifest. */
export const CUSTOM_SCRIPT = { entry: 'content/entries/custom.ts', file: 'content/entries/custom.js' } as const;

/**
 * Builds the custom services' content script as crxjs builds the manifest's: one standalone IIFE, all
 * imports inlined, no loader (crxjs only builds the content scripts the manifest names).
 */
function customServicesScript(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'meeting-guard:custom-services-script',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle() {
      const result = await build({
        configFile: false,
        root: config.root,
        mode: config.mode,
        logLevel: 'warn',
        build: {
          write: false,
          emptyOutDir: false,
          lib: {
            entry: CUSTOM_SCRIPT.entry,
            formats: ['iife'],
            name: 'meetingGuardCustom',
            fileName: () => CUSTOM_SCRIPT.file,
          },
          rollupOptions: { output: { entryFileNames: CUSTOM_SCRIPT.file } },
          minify: config.build.minify,
          sourcemap: false,
          target: config.build.target,
        },
      });
      const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
      const chunk = outputs.find((output) => output.type === 'chunk' && output.isEntry);
      if (chunk?.type !== 'chunk') throw new Error(`no IIFE built from ${CUSTOM_SCRIPT.entry}`);
      this.emitFile({ type: 'asset', fileName: CUSTOM_SCRIPT.file, source: chunk.code });
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
        // Standalone IIFEs: no dynamic-import loader, so nothing is exposed through web_accessible_resources.
        contentScripts: { standaloneFiles: MANIFEST_SCRIPTS },
      }),
      managedSchema(),
      customServicesScript(),
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
