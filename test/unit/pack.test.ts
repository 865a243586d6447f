/**
 * `npm run pack` without a browser: the id it derives from a key is the one Chromium derives (the repository's
 * test key and the id Chromium reports for it), and without a key it explains how to make one. Signing a real
 * package and loading it in Chromium is test/e2e/chromium-pack.test.mjs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types
import { extensionIdOf, forcelistEntry, kitCommand, parseArgs } from '../../scripts/pack.mjs';
import { REPO_ROOT } from '../../scripts/policy/kit';

describe('npm run pack', () => {
  it("derives the id Chromium derives: the test key's public half gives the id the e2e tests load it under", () => {
    const testKey = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'e2e', 'test-key.json'), 'utf8'));
    expect(extensionIdOf(Buffer.from(testKey.key, 'base64'))).toBe(testKey.id);
  });

  it('without a key, explains how to make one (in Japanese and English) and exits 2', () => {
    const result = spawnSync('node', ['scripts/pack.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm run pack -- --new-key meeting-guard.pem');
    expect(result.stderr).toContain('openssl genrsa');
    expect(result.stderr).toMatch(/鍵が無ければ先に作ってください/);
    expect(result.stderr).toMatch(/keep it secret and backed up/);
  });

  const urls = (...argv: string[]) => parseArgs(['--key', 'k.pem', ...argv]);

  it('--base-url sets both URLs: the .crx and update.xml in that folder', () => {
    expect(urls('--base-url', 'https://x.example.jp/mg')).toMatchObject({
      crxUrl: 'https://x.example.jp/mg/meeting-guard.crx',
      updateXmlUrl: 'https://x.example.jp/mg/update.xml',
      placeholder: false,
    });
    expect(urls('--base-url', 'https://x.example.jp/mg/').updateXmlUrl).toBe('https://x.example.jp/mg/update.xml');
  });

  it('--crx-url and --update-xml-url are taken as given, and only together', () => {
    expect(
      urls('--crx-url', 'https://a.example.jp/p/mg-1.crx', '--update-xml-url', 'https://b.example.jp/u/mg.xml'),
    ).toMatchObject({ crxUrl: 'https://a.example.jp/p/mg-1.crx', updateXmlUrl: 'https://b.example.jp/u/mg.xml' });
    expect(() => urls('--crx-url', 'https://a.example.jp/mg.crx')).toThrow(/alone: give both/);
    expect(() => urls('--update-xml-url', 'https://a.example.jp/update.xml')).toThrow(/alone: give both/);
    expect(() =>
      urls(
        '--base-url',
        'https://a.example.jp/',
        '--crx-url',
        'https://a.example.jp/mg.crx',
        '--update-xml-url',
        'https://a.example.jp/u.xml',
      ),
    ).toThrow(/either --base-url/);
  });

  it('refuses the update.xml URL given as the CRX URL (Chrome would fetch update.xml twice and install nothing)', () => {
    expect(() =>
      urls('--crx-url', 'https://x.example.jp/mg/update.xml', '--update-xml-url', 'https://x.example.jp/mg/u2.xml'),
    ).toThrow(/--crx-url ends in \.xml .*install nothing/);
    expect(() =>
      urls('--crx-url', 'https://x.example.jp/mg/mg.crx', '--update-xml-url', 'https://x.example.jp/mg/mg.crx'),
    ).toThrow(/--update-xml-url ends in \.crx/);
    expect(() =>
      urls('--crx-url', 'https://x.example.jp/mg/a', '--update-xml-url', 'https://x.example.jp/mg/a'),
    ).toThrow(/the same URL/);
    expect(() => urls('--base-url', 'https://x.example.jp/mg/update.xml')).toThrow(/folder .*not a file/);
  });

  it('refuses http (with the reason), other schemes, and URLs with credentials', () => {
    expect(() => urls('--base-url', 'http://x.example.jp/mg/')).toThrow(/http is refused .*withhold updates/);
    expect(() =>
      urls('--crx-url', 'https://x.example.jp/mg.crx', '--update-xml-url', 'http://x.example.jp/update.xml'),
    ).toThrow(/--update-xml-url: http is refused/);
    expect(() => urls('--base-url', 'ftp://x.example.jp/mg/')).toThrow(/https only/);
    expect(() => urls('--base-url', 'https://u:p@x.example.jp/mg/')).toThrow(/password/);
    expect(() => urls('--base-url', 'not a url')).toThrow(/not a URL/);
  });

  it('the old --update-url stops and says what it became', () => {
    expect(() => urls('--update-url', 'https://x.example.jp/mg.crx')).toThrow(
      /--update-url is gone.*--base-url.*--crx-url/,
    );
  });

  it('without a URL, names the placeholder and says nothing installs from it', () => {
    expect(urls()).toMatchObject({
      placeholder: true,
      updateXmlUrl: 'https://www.example.jp/meeting-guard/update.xml',
    });
  });

  it('prints the exact forcelist entry and the policy:kit command for the id', () => {
    const result = { id: 'a'.repeat(32), updateXmlUrl: 'https://x.example.jp/mg/update.xml' };
    expect(forcelistEntry(result)).toBe(`${'a'.repeat(32)};https://x.example.jp/mg/update.xml`);
    expect(kitCommand(result)).toBe(
      `npm run policy:kit -- --chrome-id ${'a'.repeat(32)} --chrome-update-url https://x.example.jp/mg/update.xml --out ./kit`,
    );
  });
});
