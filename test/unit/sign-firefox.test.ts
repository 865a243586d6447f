// @vitest-environment node
/**
 * `npm run sign:firefox` up to the point that needs AMO's keys: without them it says what to set and exits 2; with
 * a made-up key it runs Mozilla's own `web-ext sign` against a fake AMO API on 127.0.0.1 (no network): the upload
 * goes to the unlisted channel with a JWT made from the key, carries the manifest with the organisation's id and
 * gecko.update_url, and what AMO hands back is written as the .xpi with an updates.json that names it by its hash.
 * Installing such a package in Firefox ESR and updating it is test/e2e/firefox-selfhosted.test.mjs.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/policy/kit';
// @ts-expect-error: a plain ES module script without types
import { amoKeys, parseArgs, signFirefox, updatesJson } from '../../scripts/sign-firefox.mjs';

const ID = 'meeting-guard@city.mihon.lg.jp';
const BASE = 'https://extensions.city.mihon.lg.jp/mg/';
const SIGNED = Buffer.from('bytes AMO would have signed');

const work = mkdtempSync(join(tmpdir(), 'mg-sign-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sourceDir(version: string): string {
  const dir = join(work, `source-${version}`);
  mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: 'Meeting Guard',
    version,
    background: { scripts: ['background.js'] },
    browser_specific_settings: { gecko: { id: 'meeting-guard@city-tools.jp', strict_min_version: '140.0' } },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'background.js'), '');
  return dir;
}

describe('npm run sign:firefox', () => {
  it('without AMO keys, says what to set and where to get them, and exits 2', () => {
    const env = { ...process.env };
    delete env.WEB_EXT_API_KEY;
    delete env.WEB_EXT_API_SECRET;
    // The README's command as written.
    const result = spawnSync('npm', ['run', '-s', 'sign:firefox', '--', '--base-url', BASE], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('WEB_EXT_API_KEY and WEB_EXT_API_SECRET not set');
    expect(result.stderr).toContain('https://addons.mozilla.org/developers/addon/api/key/');
    expect(result.stderr).toMatch(/AMO の API キーが設定されていません/);
    expect(amoKeys({ WEB_EXT_API_KEY: 'k' })).toEqual({ missing: ['WEB_EXT_API_SECRET'] });
  });

  it('takes an https folder only, and a Firefox add-on id', () => {
    expect(parseArgs(['--base-url', 'https://x.example.jp/mg']).baseUrl).toBe('https://x.example.jp/mg/');
    expect(() => parseArgs(['--base-url', 'http://x.example.jp/mg/'])).toThrow(/https only/);
    expect(() => parseArgs(['--base-url', 'https://x.example.jp/mg/updates.json'])).toThrow(/not a file/);
    expect(() => parseArgs([])).toThrow(/--base-url is needed/);
    expect(() => parseArgs(['--base-url', BASE, '--id', 'not an id'])).toThrow(/not a Firefox add-on id/);
  });

  it('adds a version to updates.json, keeping the others and replacing the same version', () => {
    const first = updatesJson(undefined, { id: ID, version: '1.0', link: `${BASE}a-1.0.xpi`, hash: 'aa' });
    const second = updatesJson(first, { id: ID, version: '1.1', link: `${BASE}a-1.1.xpi`, hash: 'bb' });
    const again = updatesJson(second, { id: ID, version: '1.1', link: `${BASE}a-1.1.xpi`, hash: 'cc' });
    expect(again).toEqual({
      addons: {
        [ID]: {
          updates: [
            { version: '1.0', update_link: `${BASE}a-1.0.xpi`, update_hash: 'sha256:aa' },
            { version: '1.1', update_link: `${BASE}a-1.1.xpi`, update_hash: 'sha256:cc' },
          ],
        },
      },
    });
  });

  describe('with a made-up key, against a fake AMO on 127.0.0.1', () => {
    let server: Server;
    let api = '';
    const seen: { method: string; path: string; auth: string }[] = [];
    let upload:
      | { channel: string | null; manifest: { browser_specific_settings: { gecko: Record<string, unknown> } } }
      | undefined;

    const body = async (request: IncomingMessage) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };

    beforeAll(async () => {
      server = createServer(async (request, response) => {
        const path = request.url ?? '';
        seen.push({ method: request.method ?? '', path, auth: request.headers.authorization ?? '' });
        const json = (data: unknown) =>
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data));
        if (request.method === 'POST' && path === '/api/v5/addons/upload/') {
          const form = await new Response(await body(request), {
            headers: { 'content-type': request.headers['content-type'] ?? '' },
          }).formData();
          const file = form.get('upload') as File;
          const files = unzipSync(new Uint8Array(await file.arrayBuffer()));
          upload = {
            channel: form.get('channel') as string | null,
            manifest: JSON.parse(new TextDecoder().decode(files['manifest.json'])),
          };
          return json({ uuid: 'u-1' });
        }
        if (path === '/api/v5/addons/upload/u-1/')
          return json({ uuid: 'u-1', processed: true, valid: true, validation: {} });
        if (request.method === 'PUT' && path === `/api/v5/addons/addon/${ID}/`)
          return json({ version: { id: 7, edit_url: 'https://amo.invalid/edit' } });
        if (path === `/api/v5/addons/addon/${ID}/versions/7/`)
          return json({ file: { status: 'public', url: `${api}files/meeting-guard-signed.xpi` } });
        if (path === '/api/v5/files/meeting-guard-signed.xpi') return response.writeHead(200).end(SIGNED);
        response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v5/`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('uploads to the unlisted channel with the id and update_url, and writes the signed .xpi and updates.json', async () => {
      const out = join(work, 'out');
      const args = parseArgs([
        '--base-url',
        BASE,
        '--id',
        ID,
        '--out',
        out,
        '--source',
        sourceDir('1.2.0'),
        '--amo-base-url',
        api,
      ]);
      const result = await signFirefox(args, { apiKey: 'user:123:45', apiSecret: 'not-a-real-secret' });

      expect(upload?.channel).toBe('unlisted');
      expect(upload?.manifest.browser_specific_settings.gecko).toMatchObject({
        id: ID,
        update_url: `${BASE}updates.json`,
        strict_min_version: '140.0',
      });
      // Every request carries a JWT whose issuer is the key (web-ext's own signing of the request).
      expect(seen.length).toBeGreaterThanOrEqual(5);
      for (const request of seen) {
        expect(request.auth).toMatch(/^JWT [\w-]+\.[\w-]+\.[\w-]+$/);
        const payload = JSON.parse(Buffer.from(request.auth.split('.')[1] as string, 'base64url').toString());
        expect(payload.iss).toBe('user:123:45');
      }

      expect(result).toMatchObject({ id: ID, version: '1.2.0', signed: true, installUrl: `${BASE}meeting-guard.xpi` });
      expect(readFileSync(join(out, 'meeting-guard-1.2.0.xpi'))).toEqual(SIGNED);
      expect(readFileSync(join(out, 'meeting-guard.xpi'))).toEqual(SIGNED);
      expect(JSON.parse(readFileSync(join(out, 'updates.json'), 'utf8'))).toEqual({
        addons: {
          [ID]: {
            updates: [
              {
                version: '1.2.0',
                update_link: `${BASE}meeting-guard-1.2.0.xpi`,
                update_hash: `sha256:${createHash('sha256').update(SIGNED).digest('hex')}`,
              },
            ],
          },
        },
      });
    }, 60_000);
  });
});
