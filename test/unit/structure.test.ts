/**
 * The meta-test (after refined-github's features.test.ts): every service file is registered, named
 * by its id, matched exactly by the manifest, and proven by fixtures in both languages that its
 * test asserts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json';
import { services } from '../../src/services';
import { isTextKey } from '../../src/services/service';
import { FIXTURES_DIR, fixtureFiles, parseHeader } from './fixtures';

const SERVICES_DIR = join(import.meta.dirname, '..', '..', 'src', 'services');
const serviceFiles = readdirSync(SERVICES_DIR)
  .filter((file) => file.endsWith('.ts') && !['service.ts', 'index.ts', 'custom.ts', 'read.ts'].includes(file))
  .map((file) => file.replace(/\.ts$/, ''));

describe('service registry', () => {
  it('registers every service file, under its file name', () => {
    expect(
      services.map((service) => service.id).sort(),
      'each src/services/<id>.ts adapter must be listed in `services` in src/services/index.ts with id "<id>"',
    ).toEqual([...serviceFiles].sort());
  });

  it("matches the manifest's content scripts and host permissions exactly", () => {
    const servicePatterns = services.flatMap((service) => service.matches).sort();
    const scriptPatterns = manifest.content_scripts.flatMap((script) => script.matches).sort();
    expect(scriptPatterns, "manifest.json content_scripts[].matches must equal the adapters' `matches`").toEqual(
      servicePatterns,
    );
    expect(
      [...manifest.host_permissions].sort(),
      "manifest.json host_permissions must equal the adapters' `matches`",
    ).toEqual(servicePatterns);
    for (const service of services) {
      const script = manifest.content_scripts.find((entry) => entry.matches.includes(service.matches[0] ?? ''));
      expect(script?.all_frames ?? false, `${service.id} all_frames`).toBe(service.allFrames ?? false);
    }
  });
});

describe.each(services.map((service) => [service.id, service] as const))('service %s', (id, service) => {
  const files = fixtureFiles(id);

  it('has fixtures in English and Japanese, each with a complete provenance header', () => {
    expect(
      files.some((file) => file.endsWith('.en.html')),
      `add test/fixtures/${id}/<state>.en.html`,
    ).toBe(true);
    expect(
      files.some((file) => file.endsWith('.ja.html')),
      `add test/fixtures/${id}/<state>.ja.html`,
    ).toBe(true);
    for (const file of files) {
      const header = parseHeader(readFileSync(join(FIXTURES_DIR, id, file), 'utf8'));
      expect(
        header,
        `${file}: start it with <!-- meeting-guard fixture, then service, state, locale, phase, role, url and source (see test/unit/fixtures.ts)`,
      ).not.toBeNull();
      expect(header?.service, file).toBe(id);
      expect(file, 'file name is <state>.<locale>.html').toBe(`${header?.state}.${header?.locale}.html`);
    }
  });

  it('has a test that asserts every one of its fixtures', () => {
    const testFile = join(import.meta.dirname, 'services', `${id}.test.ts`);
    expect(existsSync(testFile), `write test/unit/services/${id}.test.ts`).toBe(true);
    const source = readFileSync(testFile, 'utf8');
    for (const file of files)
      expect(source, `${id}.test.ts must name '${file}' and assert what the adapter reads from it`).toContain(
        `'${file}'`,
      );
  });

  it('keeps a table of alternatives, each CSS selector valid', () => {
    // An empty list is allowed: a control with no known hook yet, which policy can fill in.
    for (const [key, entries] of Object.entries(service.table)) {
      expect(Array.isArray(entries), key).toBe(true);
      if (isTextKey(key)) continue;
      for (const selector of entries)
        expect(() => document.querySelector(selector), `${key}: ${selector}`).not.toThrow();
    }
  });
});

describe('the repository stands alone', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  const PRODUCT_DIRS = ['src', 'content', 'background', 'popup', 'options', 'scripts', 'docs', 'test/fixtures'];
  const files = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
    );

  it('cites public sources, never the private research notes or the shared folder beside the repository', () => {
    // The tests too: a stranger who clones the repository reads them to learn the contracts.
    const cited = [...PRODUCT_DIRS, 'test/unit', 'test/e2e', 'collector/src', 'collector/test']
      .flatMap(files)
      .concat('README.md', 'INTERNALS.md')
      .filter((file) => /\.(ts|tsx|mjs|js|md|html|json|css)$/.test(file));
    for (const file of cited) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text, `${file}: cite docs/sources.md instead`).not.toMatch(
        /\.\.\/shared\/|dom-indicators\.md|anchors\.md|\b(?:design|style|aesthetics|section-21)\.md\b/,
      );
    }
  });
});
