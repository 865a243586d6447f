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
 * The in-page UI (banner and guard): injected by background (background/tab-views.ts) only into frames where there
 * is something to show or guard, so not in the manifest, and not web-accessible (scripting.executeScript needs
 * neither).
 */
export const UI_SCRIPT = { entry: 'content/entries/ui.ts', file: 'content/entries/ui.js' } as const;

/** The report's snapshot and the picker (issue 20): injected by background/report-handlers.ts on request. */
export const REPORT_SCRIPT = { entry: 'content/entries/report.ts', file: 'content/entries/report.js' } as const;
export const PICKER_SCRIPT = { entry: 'content/entries/picker.ts', file: 'content/entries/picker.js' } as const;

/**
 * Builds the scripts the manifest does not name as crxjs builds the manifest's: each one standalone IIFE, all
 * imports inlined, no loader (crxjs only builds the content scripts the manifest names).
 */
function standaloneScripts(scripts: readonly { entry: string; file: string }[]): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'meeting-guard:standalone-scripts',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle() {
      for (const { entry, file } of scripts) {
        const result = await build({
          configFile: false,
          root: config.root,
          mode: config.mode,
          logLevel: 'warn',
          build: {
            write: false,
            emptyOutDir: false,
            lib: { entry, formats: ['iife'], name: 'meetingGuardScript', fileName: () => file },
            rollupOptions: { output: { entryFileNames: file } },
            minify: config.build.minify,
            sourcemap: false,
            target: config.build.target,
          },
        });
        const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
        const chunk = outputs.find((output) => output.type === 'chunk' && output.isEntry);
        if (chunk?.type !== 'chunk') throw new Error(`no IIFE built from ${entry}`);
        this.emitFile({ type: 'asset', fileName: file, source: chunk.code });
      }
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
      standaloneScripts([CUSTOM_SCRIPT, UI_SCRIPT, REPORT_SCRIPT, PICKER_SCRIPT]),
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
