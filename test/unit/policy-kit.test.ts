/**
 * The deployment kit (docs/policy) and policy:check: every generated file reads back to the policy it was made
 * from, the Windows templates are complete, the checker reports broken policies, and the committed kit is exactly
 * what the generator makes (nobody edits it by hand).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { admxTargets } from '../../scripts/policy/admx';
import { checkPolicyBytes, decodeFile, extractPolicies } from '../../scripts/policy/check';
import { DEFAULT_OPTIONS, type KitOptions, keySchema, type Problem, splitBilingual } from '../../scripts/policy/common';
import {
  generateKit,
  KIT_DIR,
  type KitFile,
  loadPolicy,
  parseArgs,
  policyProblems,
  REPO_ROOT,
  SAMPLE_POLICY,
  writeKit,
} from '../../scripts/policy/kit';
import { parseRegFile } from '../../scripts/policy/registry';
import { allElements, childElements, parseXml, textOf, type XmlElement } from '../../scripts/policy/xml';
import { POLICY_KEYS } from '../../src/policy/policy';

const sample = loadPolicy(SAMPLE_POLICY);
const kit = generateKit(sample);
const bytes = (file: KitFile) =>
  typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content;
const text = (file: KitFile) => decodeFile(bytes(file)).text;
const byPath = (path: string) => {
  const file = kit.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`no ${path} in the kit`);
  return file;
};

const withoutWarnings = (problems: Problem[]) => problems.filter((problem) => problem.effect !== 'warning');

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'meeting-guard-kit-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('sample policy', () => {
  it("is valid for the extension and for Chrome's schema", () => {
    expect(policyProblems(sample)).toEqual([]);
  });

  it('sets every key, so every format is exercised with every type', () => {
    expect(Object.keys(sample).sort()).toEqual([...POLICY_KEYS].sort());
  });
});

describe('generated files read back to the policy', () => {
  const carriers = kit.filter((file) => file.carriesPolicy);

  it('covers every format the kit promises', () => {
    const paths = carriers.map((file) => file.path);
    for (const expected of [
      'windows/meeting-guard-chrome.reg',
      'windows/meeting-guard-edge.utf16.reg',
      'windows/meeting-guard-firefox.reg',
      'google-admin/meeting-guard-policy.json',
      'intune/meeting-guard-chrome.json',
      'intune/meeting-guard-firefox.json',
      'macos/meeting-guard.mobileconfig',
      'linux/meeting-guard-policy.json',
      'firefox/policies.json',
    ]) {
      expect(paths).toContain(expected);
    }
  });

  it.each(carriers.map((file) => [file.path, file] as const))('%s', (path, file) => {
    const extraction = extractPolicies(bytes(file), path);
    expect(extraction.notPolicy).toBeUndefined();
    expect(extraction.entries.length).toBeGreaterThan(0);
    for (const entry of extraction.entries) {
      expect(entry.problems).toEqual([]);
      expect(entry.policy).toEqual(sample);
    }
    const report = checkPolicyBytes(bytes(file), path);
    expect(withoutWarnings(report.entries.flatMap((entry) => entry.problems))).toEqual([]);
    if (/meeting-guard-(chrome|edge)\.reg$/.test(path)) {
      // The UTF-8 twin is for reading: its Japanese REG_SZ text would be garbled by regedit, and the check says so.
      // (Firefox's twin holds its JSON as hex(7) bytes, which survive any encoding.)
      expect(report.fileProblems.map((problem) => problem.reason)).toEqual([
        expect.stringMatching(/^non-ASCII text in a UTF-8 \.reg: regedit reads/),
      ]);
      expect(report.exitCode).toBe(1);
      return;
    }
    // The committed kit is made for no city: its Firefox entry keeps the placeholder install_url, from which
    // Firefox installs nothing, and policy:check says so.
    if (/firefox/.test(path) && !path.endsWith('.reg')) {
      expect(withoutWarnings(report.fileProblems).map((problem) => `${problem.effect} ${problem.value}`)).toEqual([
        `not-installed "${DEFAULT_OPTIONS.firefoxInstallUrl}"`,
      ]);
      expect(report.exitCode).toBe(1);
      return;
    }
    expect(withoutWarnings(report.fileProblems)).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.lines.join('\n')).toContain('結果: 問題なし');
  });

  it('names the extension ids in every format that carries one', () => {
    const ids = (path: string) =>
      extractPolicies(bytes(byPath(path)), path).entries.map((entry) => [entry.browser, entry.id]);
    expect(ids('macos/meeting-guard.mobileconfig')).toEqual([
      ['chrome', DEFAULT_OPTIONS.chromeId],
      ['edge', DEFAULT_OPTIONS.edgeId],
      ['firefox', DEFAULT_OPTIONS.firefoxId],
    ]);
    expect(ids('windows/meeting-guard-firefox.reg')).toEqual([['firefox', DEFAULT_OPTIONS.firefoxId]]);
    expect(ids('intune/meeting-guard-edge.json')).toEqual([['edge', DEFAULT_OPTIONS.edgeId]]);
  });

  it('reads the files without values too: force-install entries and templates, each with what it installs or addresses', () => {
    for (const file of kit.filter((candidate) => !candidate.carriesPolicy && !candidate.path.endsWith('.md'))) {
      const report = checkPolicyBytes(bytes(file), file.path);
      const text = report.lines.join('\n');
      expect(text, file.path).not.toMatch(/Not a policy/);
      expect(text, file.path).toMatch(/Deployment \(what this file installs or whom it addresses\):/);
      // Every Chrome and Edge one names the development id and warns about it (Firefox's id is the build's own).
      if (!file.path.includes('firefox'))
        expect(text, file.path).toMatch(/the development id \(a test key nobody holds\).*\[WARNING\]/);
      const failures = withoutWarnings(report.fileProblems).map((problem) => `${problem.effect} ${problem.value}`);
      if (file.path.includes('force-install-firefox')) {
        expect(failures, file.path).toEqual([`not-installed "${DEFAULT_OPTIONS.firefoxInstallUrl}"`]);
        expect(report.exitCode, file.path).toBe(1);
      } else {
        expect(failures, file.path).toEqual([]);
        expect(report.exitCode, file.path).toBe(0);
      }
    }
  });

  it("warns that Edge takes the Chrome Web Store package as off-store, in the Edge files and not in Chrome's", () => {
    const offStore = (path: string) =>
      checkPolicyBytes(bytes(byPath(path)), path).fileProblems.filter((problem) =>
        /Edge treats this as off-store .*Active Directory or Microsoft Entra ID or enrolled in MDM/.test(
          problem.reason,
        ),
      );
    expect(offStore('windows/force-install-edge.utf16.reg')).toHaveLength(1);
    expect(offStore('intune/meeting-guard-edge.json')).toHaveLength(1);
    expect(offStore('windows/force-install-chrome.utf16.reg')).toEqual([]);
    expect(text(byPath('windows/force-install-edge.reg'))).toMatch(/OFF-STORE for Edge/);
    expect(text(byPath('windows/force-install-edge.reg'))).not.toMatch(/Edge installs Chrome Web Store extensions/);
    expect(text(byPath('README.md'))).toMatch(/off-store for Edge: force-installed only on Windows PCs joined to AD/);
  });
});

describe("a city's own kit (its id, its update.xml, its signed .xpi) passes policy:check", () => {
  const city: KitOptions = {
    ...DEFAULT_OPTIONS,
    chromeId: 'abcdefghijklmnopabcdefghijklmnop',
    edgeId: 'abcdefghijklmnopabcdefghijklmnop',
    firefoxId: 'meeting-guard@city.mihon.lg.jp',
    chromeUpdateUrl: 'https://extensions.city.mihon.lg.jp/mg/update.xml',
    edgeUpdateUrl: 'https://extensions.city.mihon.lg.jp/mg/update.xml',
    firefoxInstallUrl: 'https://extensions.city.mihon.lg.jp/mg/meeting-guard.xpi',
  };
  const cityKit = generateKit(sample, city).filter((file) => !file.path.endsWith('.md'));

  it.each(cityKit.map((file) => [file.path, file] as const))('%s', (path, file) => {
    const report = checkPolicyBytes(bytes(file), path);
    const failures = withoutWarnings([...report.fileProblems, ...report.entries.flatMap((entry) => entry.problems)]);
    const text = report.lines.join('\n');
    expect(text).not.toMatch(/development id|Not a policy/);
    if (/meeting-guard-(chrome|edge)\.reg$/.test(path)) {
      // The UTF-8 reading copy: regedit would garble its Japanese (as for the committed kit).
      expect(failures.map((problem) => problem.reason)).toEqual([expect.stringMatching(/^non-ASCII text/)]);
      return;
    }
    expect(failures).toEqual([]);
    expect(report.exitCode).toBe(0);
  });

  it('names the off-store condition for a self-hosted package on Windows, and none on Linux', () => {
    const reason = (path: string) =>
      checkPolicyBytes(bytes(cityKit.find((file) => file.path === path) as KitFile), path).fileProblems.map(
        (problem) => problem.reason,
      );
    expect(reason('windows/force-install-chrome.utf16.reg')).toEqual([
      expect.stringMatching(/^Chrome treats this as off-store .*Chrome Enterprise Core/),
    ]);
    expect(reason('linux/force-install.json')).toEqual([]);
  });
});

describe('a tricky policy survives every format', () => {
  const tricky = {
    ...sample,
    requirePasscode: false,
    requireWaitingRoom: false,
    organizationName: 'A "quoted" \\ back\\slash 市 & <tag>\nsecond line',
    selectorOverrides: { zoom: { recordingIndicator: { replace: ['[aria-label="録画 \\"中\\""]', 'div > span'] } } },
    internalDomains: [],
    minimumBrowserVersion: {},
  };
  const options: KitOptions = {
    ...DEFAULT_OPTIONS,
    chromeId: 'abcdefghijklmnopabcdefghijklmnop',
    edgeId: 'ponmlkjihgfedcbaponmlkjihgfedcba',
    firefoxId: '{12345678-1234-1234-1234-123456789abc}',
  };
  const trickyKit = generateKit(tricky, options);

  it.each(trickyKit.filter((file) => file.carriesPolicy).map((file) => [file.path, file] as const))(
    '%s',
    (path, file) => {
      const entries = extractPolicies(bytes(file), path).entries;
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(entry.policy).toEqual(tricky);
        // The Google Admin console file names no extension: the console applies it to the one selected.
        if (entry.id === undefined) continue;
        const expected = { chrome: [options.chromeId], edge: [options.edgeId], firefox: [options.firefoxId] };
        const allowed =
          entry.browser in expected
            ? expected[entry.browser as keyof typeof expected]
            : [options.chromeId, options.edgeId];
        expect(allowed).toContain(entry.id);
      }
    },
  );

  it('writes a line break in REG_SZ as hex(1), which a quoted .reg string cannot hold', () => {
    const reg = text(trickyKit.find((file) => file.path === 'windows/meeting-guard-chrome.reg') as KitFile);
    expect(reg).toMatch(/^"organizationName"=hex\(1\):/m);
    expect(reg).toMatch(/^"requirePasscode"=dword:00000000\r$/m);
  });
});

describe('Windows registry files', () => {
  it('are "Windows Registry Editor Version 5.00" files, with a UTF-16LE copy that has a byte-order mark', () => {
    for (const file of kit.filter(
      (candidate) => candidate.path.endsWith('.reg') && !candidate.path.endsWith('.utf16.reg'),
    )) {
      const copy = byPath(file.path.replace(/\.reg$/, '.utf16.reg'));
      const raw = bytes(copy);
      expect([raw[0], raw[1]]).toEqual([0xff, 0xfe]);
      expect(decodeFile(raw).text).toBe(file.content);
      expect(file.content).toMatch(/^Windows Registry Editor Version 5\.00\r\n/);
    }
  });

  it('use REG_DWORD for booleans and integers and JSON in REG_SZ for lists and objects', () => {
    const [key] = parseRegFile(text(byPath('windows/meeting-guard-chrome.reg'))).keys;
    const chrome = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome';
    expect(key?.path).toBe(`${chrome}\\3rdparty\\extensions\\${DEFAULT_OPTIONS.chromeId}\\policy`);
    for (const name of POLICY_KEYS) {
      const type = keySchema(name)?.type;
      const value = key?.values.get(name);
      expect(value?.type, name).toBe(type === 'boolean' || type === 'integer' ? 'REG_DWORD' : 'REG_SZ');
      if (type === 'array' || type === 'object') expect(JSON.parse(value?.data as string)).toEqual(sample[name]);
    }
  });

  it('give Firefox one REG_MULTI_SZ of JSON per add-on under 3rdparty\\Extensions', () => {
    const [key] = parseRegFile(text(byPath('windows/meeting-guard-firefox.reg'))).keys;
    expect(key?.path).toBe('HKEY_LOCAL_MACHINE\\Software\\Policies\\Mozilla\\Firefox\\3rdparty\\Extensions');
    const value = key?.values.get(DEFAULT_OPTIONS.firefoxId);
    expect(value?.type).toBe('REG_MULTI_SZ');
    expect(JSON.parse(((value?.data ?? []) as string[]).join('\n'))).toEqual(sample);
  });

  it('parser applies deletions and reads continued hex lines', () => {
    const keys = parseRegFile(
      [
        'Windows Registry Editor Version 5.00',
        '[HKEY_LOCAL_MACHINE\\A]',
        '"x"="1"',
        '"y"=hex(7):61,00,00,\\',
        '  00,62,00,00,00,00,00',
        '[-HKEY_LOCAL_MACHINE\\B]',
        '[HKEY_LOCAL_MACHINE\\B\\C]',
        '"z"=dword:00000010',
        '[-HKEY_LOCAL_MACHINE\\B]',
        '[HKEY_LOCAL_MACHINE\\a]',
        '"x"=-',
      ].join('\r\n'),
    ).keys;
    expect(keys).toHaveLength(1);
    expect([...(keys[0]?.values ?? [])]).toEqual([['y', { type: 'REG_MULTI_SZ', data: ['a', 'b'], line: 4 }]]);
  });
});

/** `$(string.X)` and `$(presentation.X)` references in an ADMX. */
function references(admx: XmlElement, kind: 'string' | 'presentation'): Set<string> {
  const found = new Set<string>();
  const pattern = new RegExp(`^\\$\\(${kind}\\.([^)]+)\\)$`);
  for (const element of allElements(admx)) {
    for (const value of Object.values(element.attributes)) {
      const match = pattern.exec(value);
      if (match) found.add(match[1] as string);
    }
  }
  return found;
}

function admlTables(adml: XmlElement) {
  const resources = childElements(adml, 'resources')[0] as XmlElement;
  const strings = new Map(
    childElements(childElements(resources, 'stringTable')[0] as XmlElement, 'string').map((element) => [
      element.attributes.id,
      textOf(element),
    ]),
  );
  const presentations = new Map(
    childElements(childElements(resources, 'presentationTable')[0] as XmlElement, 'presentation').map((element) => [
      element.attributes.id,
      element,
    ]),
  );
  return { strings, presentations };
}

describe('ADMX and ADML', () => {
  it('are well-formed XML, like every other XML file in the kit', () => {
    for (const file of kit.filter((candidate) => /\.(admx|adml|plist|mobileconfig)$/.test(candidate.path))) {
      expect(() => parseXml(text(file)), file.path).not.toThrow();
    }
  });

  it.each(['chrome', 'edge'] as const)(
    '%s: one Machine policy per schema key, with the element its type needs',
    (product) => {
      const admx = parseXml(text(byPath(`windows/admx/meeting-guard-${product}.admx`)));
      const policies = allElements(admx).filter((element) => element.name === 'policy');
      expect(policies.map((policy) => policy.attributes.name)).toEqual(POLICY_KEYS);
      const registry = product === 'chrome' ? 'Google\\Chrome' : 'Microsoft\\Edge';
      for (const policy of policies) {
        const key = policy.attributes.name as string;
        const schema = keySchema(key);
        expect(policy.attributes.class).toBe('Machine');
        expect(policy.attributes.key).toBe(
          `Software\\Policies\\${registry}\\3rdparty\\extensions\\${DEFAULT_OPTIONS.chromeId}\\policy`,
        );
        const element = childElements(policy, 'elements').flatMap((elements) => childElements(elements))[0];
        if (schema?.type === 'boolean') {
          expect(element).toBeUndefined();
          expect(childElements(policy, 'enabledValue')).toHaveLength(1);
          continue;
        }
        const expected = schema?.type === 'integer' ? 'decimal' : schema?.enum ? 'enum' : 'text';
        expect(element?.name, key).toBe(expected);
        expect(element?.attributes.valueName).toBe(key);
        if (schema?.type === 'integer') {
          expect(Number(element?.attributes.minValue)).toBe(schema.minimum);
          expect(Number(element?.attributes.maxValue)).toBe(schema.maximum);
        }
      }
      expect(admxTargets(text(byPath(`windows/admx/meeting-guard-${product}.admx`)))).toHaveLength(POLICY_KEYS.length);
    },
  );

  it.each(
    ['chrome', 'edge', 'firefox'].flatMap((product) => [
      [product, 'ja-JP'],
      [product, 'en-US'],
    ]),
  )('%s %s: the ADML defines every string and presentation the ADMX references', (product, lang) => {
    const admx = parseXml(text(byPath(`windows/admx/meeting-guard-${product}.admx`)));
    const adml = parseXml(text(byPath(`windows/admx/${lang}/meeting-guard-${product}.adml`)));
    const { strings, presentations } = admlTables(adml);
    for (const id of references(admx, 'string')) expect(strings.has(id), id).toBe(true);
    for (const id of references(admx, 'presentation')) expect(presentations.has(id), id).toBe(true);
    for (const policy of allElements(admx).filter((element) => element.name === 'policy')) {
      const ids = childElements(policy, 'elements').flatMap((elements) =>
        childElements(elements).map((e) => e.attributes.id),
      );
      const ref = /^\$\(presentation\.([^)]+)\)$/.exec(policy.attributes.presentation ?? '')?.[1];
      const refIds = ref ? allElements(presentations.get(ref) as XmlElement).map((e) => e.attributes.refId) : [];
      expect(refIds.filter(Boolean).sort(), policy.attributes.name).toEqual(ids.sort());
    }
    if (product !== 'firefox') {
      const half = lang === 'ja-JP' ? 'ja' : 'en';
      for (const key of POLICY_KEYS) expect(strings.get(key)).toBe(splitBilingual(keySchema(key)?.title ?? '')[half]);
    }
  });

  it('splits schema texts into Japanese and English halves', () => {
    expect(splitBilingual('既定の機密性 / Default classification')).toEqual({
      ja: '既定の機密性',
      en: 'Default classification',
    });
    expect(splitBilingual('a / b は / English')).toEqual({ ja: 'a / b は', en: 'English' });
    expect(splitBilingual('機密性1')).toEqual({ ja: '機密性1', en: '機密性1' });
  });
});

describe('policy:check', () => {
  const broken = '{"defaultClassification": "high", "procedureUrl": "http://x", "permittedServices": 3}';

  it('reports each problem of a broken policy with its path and fails', () => {
    const report = checkPolicyBytes(new TextEncoder().encode(broken), 'broken.json');
    expect(report.exitCode).toBe(1);
    const paths = report.entries.flatMap((entry) => entry.problems.map((problem) => problem.path));
    expect(paths).toEqual(expect.arrayContaining(['defaultClassification', 'procedureUrl', 'permittedServices']));
    expect(report.lines).toContain(
      '  defaultClassification: schema: expected a whole number; Chrome and Edge drop the whole key ("high") [DROPPED]',
    );
    expect(report.lines).toContain('  procedureUrl: expected an https:// URL ("http://x") [REPORTED]');
    expect(report.lines.join('\n')).toMatch(/結果: 問題が 3 件/);
  });

  it("reports what only Chrome's schema refuses, and Firefox nesting mistakes", () => {
    const firefox = {
      policies: { '3rdparty': { extensions: { 'meeting-guard@city-tools.jp': { permittedServices: ['zoom'] } } } },
    };
    const report = checkPolicyBytes(new TextEncoder().encode(JSON.stringify(firefox)), 'policies.json');
    expect(report.exitCode).toBe(1);
    const reasons = report.entries.flatMap((entry) =>
      entry.problems.map((problem) => `${problem.path}: ${problem.reason}`),
    );
    expect(reasons).toContain(
      'policies.3rdparty.extensions: Firefox needs "Extensions" with a capital E; it reads nothing here',
    );
    // Firefox checks no schema: the bare id reaches the extension, which accepts it.
    expect(reasons).toHaveLength(1);
  });

  it('sees that Firefox turns a REG_DWORD into a number, not a boolean', () => {
    const reg = [
      'Windows Registry Editor Version 5.00',
      '[HKEY_LOCAL_MACHINE\\Software\\Policies\\Mozilla\\Firefox\\3rdparty\\Extensions\\meeting-guard@city-tools.jp]',
      '"requirePasscode"=dword:00000001',
      '',
    ].join('\r\n');
    const report = checkPolicyBytes(new TextEncoder().encode(reg), 'firefox.reg');
    expect(report.exitCode).toBe(1);
    expect(report.entries[0]?.problems.map((problem) => problem.path)).toContain('requirePasscode');
  });

  it('flags values missing the Google Admin console "Value" wrapper', () => {
    const report = checkPolicyBytes(
      new TextEncoder().encode('{"locale": {"Value": "ja"}, "logRetentionDays": 30}'),
      'g.json',
    );
    expect(report.exitCode).toBe(1);
    expect(report.entries[0]?.problems[0]?.path).toBe('logRetentionDays');
  });

  it('gives exit code 2 for an unknown format', () => {
    expect(checkPolicyBytes(new TextEncoder().encode('not a policy'), 'x.txt').exitCode).toBe(2);
    expect(checkPolicyBytes(new TextEncoder().encode('<html></html>'), 'x.html').exitCode).toBe(2);
  });

  it('as a command: exit code 0 on a kit file, 1 on a broken policy', () => {
    const dir = tempDir();
    const brokenFile = join(dir, 'broken.json');
    writeFileSync(brokenFile, broken);
    const good = join(KIT_DIR, 'linux', 'meeting-guard-policy.json');
    const run = (...args: string[]) =>
      spawnSync('npx', ['tsx', 'scripts/policy-check.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    const ok = run(good);
    expect(ok.stdout).toContain('Summary: OK');
    expect(ok.status).toBe(0);
    const bad = run(brokenFile);
    expect(bad.stdout).toContain('procedureUrl: expected an https:// URL ("http://x") [REPORTED]');
    expect(bad.status).toBe(1);
  }, 60_000);
});

describe('policy:kit', () => {
  it('refuses an invalid policy and writes nothing', () => {
    const dir = tempDir();
    const policy = join(dir, 'bad.json');
    writeFileSync(policy, '{"defaultClassification": 7}');
    const out = join(dir, 'out');
    const result = spawnSync('npx', ['tsx', 'scripts/policy-kit.ts', '--policy', policy, '--out', out], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('defaultClassification: expected 1 to 3 (7)');
    expect(() => readdirSync(out)).toThrow();
  }, 60_000);

  it('docs/policy is exactly what the generator makes (run "npm run policy:kit" after changing its inputs)', () => {
    const dir = tempDir();
    writeKit(generateKit(loadPolicy(SAMPLE_POLICY)), dir);
    const list = (root: string): string[] =>
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
        .sort();
    const committed = list(KIT_DIR).filter((path) => path !== 'sample-policy.json');
    expect(committed).toEqual(list(dir));
    for (const path of committed) {
      const same = readFileSync(join(KIT_DIR, path)).equals(readFileSync(join(dir, path)));
      expect(same, `docs/policy/${path} differs from the generator's output`).toBe(true);
    }
  });
});

describe('ids in the kit', () => {
  it('every committed file that names the development id says so, in Japanese and English', () => {
    const naming = kit.filter((file) => text(file).includes(DEFAULT_OPTIONS.chromeId));
    expect(naming.length).toBeGreaterThan(15);
    for (const file of naming) {
      expect(text(file), file.path).toMatch(/DEVELOPMENT ID|development id/);
      expect(text(file), file.path).toMatch(/開発用 ID/);
    }
  });

  it('a kit for a real id says nothing of a development id', () => {
    const own = generateKit(sample, {
      ...DEFAULT_OPTIONS,
      chromeId: 'abcdefghijklmnopabcdefghijklmnop',
      edgeId: 'abcdefghijklmnopabcdefghijklmnop',
    });
    for (const file of own)
      expect(text(file), file.path).not.toMatch(/DEVELOPMENT ID|開発用 ID|kmandlfbdpnakamlpjkpfehnihagicnp/);
  });

  it('Edge: the Chrome id and the Chrome update URL (store or self-hosted) unless an Edge Add-ons id is given', () => {
    const chromeId = 'abcdefghijklmnopabcdefghijklmnop';
    const edgeId = 'ponmlkjihgfedcbaponmlkjihgfedcba';
    const store = parseArgs(['--chrome-id', chromeId]).options;
    expect([store.edgeId, store.edgeUpdateUrl]).toEqual([chromeId, 'https://clients2.google.com/service/update2/crx']);
    const hosted = parseArgs([
      '--chrome-id',
      chromeId,
      '--chrome-update-url',
      'https://intra.example.jp/mg/update.xml',
    ]).options;
    expect([hosted.edgeId, hosted.edgeUpdateUrl]).toEqual([chromeId, 'https://intra.example.jp/mg/update.xml']);
    const addons = parseArgs(['--chrome-id', chromeId, '--edge-id', edgeId]).options;
    expect([addons.edgeId, addons.edgeUpdateUrl]).toEqual([
      edgeId,
      'https://edge.microsoft.com/extensionwebstorebase/v1/crx',
    ]);
    const reg = text(
      generateKit(sample, store).find((file) => file.path === 'windows/force-install-edge.reg') as KitFile,
    );
    expect(reg).toContain(`"1"="${chromeId};https://clients2.google.com/service/update2/crx"`);
    expect(() => parseArgs(['--chrome-id', 'KMANDLFBDPNAKAMLPJKPFEHNIHAGICNP'])).toThrow(/32 letters a-p/);
  });

  it('pins the toolbar button in the force-install examples', () => {
    const linux = JSON.parse(text(byPath('linux/force-install.json')));
    expect(linux.ExtensionSettings[DEFAULT_OPTIONS.chromeId].toolbar_pin).toBe('force_pinned');
    const firefox = JSON.parse(text(byPath('firefox/policies.json')));
    expect(firefox.policies.ExtensionSettings[DEFAULT_OPTIONS.firefoxId].default_area).toBe('navbar');
  });
});
