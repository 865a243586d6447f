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
import { extensionIdOf, parseArgs } from '../../scripts/pack.mjs';
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

  it('refuses an update URL that is not https', () => {
    expect(() => parseArgs(['--key', 'k.pem', '--update-url', 'http://x.example.jp/mg.crx'])).toThrow(/https/);
    expect(parseArgs(['--key', 'k.pem', '--update-url', 'https://x.example.jp/mg.crx']).updateUrl).toBe(
      'https://x.example.jp/mg.crx',
    );
  });
});
