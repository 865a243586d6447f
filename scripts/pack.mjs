// `npm run pack -- --key <org.pem> [--update-url <where the .crx will be served>]`
// Signs the Chrome/Edge build (dist/chrome) as a CRX3 package with the organisation's own key, writes
// dist/meeting-guard-<version>.crx and dist/update.xml (the update manifest Chrome fetches when it force-installs a
// self-hosted extension), and prints the extension id that key gives, for `npm run policy:kit -- --chrome-id`.
// `npm run pack -- --new-key <file>` makes a key; `npm run pack` alone explains the steps.
//
// Signing: the `crx3` package (pure JavaScript, works offline with a local PEM key; see README's dependency table).
// The id is computed here as well (SHA-256 of the public key, first 16 bytes, one letter a-p per 4 bits) and must
// equal the one crx3 writes into the package: a mismatch stops the command before anything is handed out.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

/** Where update.xml says the package is, when --update-url is not given: a reserved example domain. */
export const PLACEHOLDER_CRX_URL = 'https://www.example.jp/meeting-guard/meeting-guard.crx';

const HELP = `Usage: npm run pack -- --key <org.pem> [--update-url <https URL of the .crx>] [--out DIR] [--build]

npm run pack は Chrome・Edge 用のビルド (dist/chrome) を、組織の秘密鍵で署名した CRX3 パッケージにします。
拡張機能の ID は鍵で決まります。鍵が無ければ先に作ってください:

  npm run pack -- --new-key meeting-guard.pem      (or: openssl genrsa -out meeting-guard.pem 2048)

その鍵は組織で 1 つだけ作り、安全な場所に保管・バックアップします。鍵を失うと同じ ID の更新版を作れず、
鍵が漏れると他人が同じ ID の拡張機能を作れます。リポジトリには入れないでください。

npm run pack signs the Chrome/Edge build (dist/chrome) as a CRX3 package with your organisation's private key.
The key decides the extension id. Make one key for the organisation (command above), keep it secret and backed up:
without it you cannot publish an update under the same id; with it anyone can. Never commit it.

  --key FILE         the PEM private key (RSA)
  --update-url URL   https URL the .crx will be served from (written into update.xml; update.xml is expected
                     next to it). Default: ${PLACEHOLDER_CRX_URL} (a placeholder)
  --out DIR          where the .crx and update.xml go (default: dist)
  --build            run "npm run build" first (otherwise dist/chrome is packed as it is, and built if missing)
  --new-key FILE     make a new 2048-bit RSA key in FILE (refuses to overwrite) and stop`;

/** The Chrome extension id of a public key: SHA-256 of its DER (SubjectPublicKeyInfo), 32 letters a-p. */
export function extensionIdOf(publicKeyDer) {
  const hash = createHash('sha256').update(publicKeyDer).digest();
  return [...hash.subarray(0, 16)]
    .flatMap((byte) => [byte >> 4, byte & 0xf])
    .map((nibble) => String.fromCharCode(97 + nibble))
    .join('');
}

export function parseArgs(argv) {
  const args = { out: join(ROOT, 'dist'), build: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--build') args.build = true;
    else if (flag === '--help' || flag === '-h') args.help = true;
    else if (['--key', '--update-url', '--out', '--new-key'].includes(flag)) {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new Error(`${flag} needs a value`);
      args[{ '--key': 'key', '--update-url': 'updateUrl', '--out': 'out', '--new-key': 'newKey' }[flag]] = value;
    } else throw new Error(`unknown option ${flag}`);
  }
  if (args.updateUrl !== undefined) {
    let url;
    try {
      url = new URL(args.updateUrl);
    } catch {
      throw new Error(`--update-url: not a URL: ${args.updateUrl}`);
    }
    if (url.protocol !== 'https:')
      throw new Error(`--update-url: Chrome fetches self-hosted packages over https: ${args.updateUrl}`);
  }
  return args;
}

function newKey(file) {
  if (existsSync(file)) throw new Error(`${file} exists; refusing to overwrite a key (the extension id depends on it)`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const id = extensionIdOf(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  return id;
}

/** Signs dist/chrome; returns what was written. Throws with a message for the person on any problem. */
export async function pack({ key, updateUrl, out, build }) {
  const keyPath = resolve(key);
  if (!existsSync(keyPath)) throw new Error(`no key at ${keyPath} (make one with: npm run pack -- --new-key ${key})`);
  let privateKey;
  try {
    privateKey = createPrivateKey(readFileSync(keyPath));
  } catch (error) {
    throw new Error(`${keyPath} is not a PEM private key: ${error.message}`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error(`${keyPath}: CRX3 packages are signed with RSA keys`);
  const id = extensionIdOf(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));

  const source = join(ROOT, 'dist', 'chrome');
  if (build || !existsSync(join(source, 'manifest.json')))
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8'));
  const crxUrl = updateUrl ?? PLACEHOLDER_CRX_URL;
  const updateXmlUrl = new URL('update.xml', crxUrl).href;

  // Pack a copy: the manifest names update.xml (Chrome checks a self-hosted extension for updates there), and
  // never a `key` (the package's signature decides the id).
  const staging = mkdtempSync(join(tmpdir(), 'mg-pack-'));
  try {
    cpSync(source, staging, { recursive: true });
    const { key: _unused, ...shipped } = manifest;
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify({ ...shipped, update_url: updateXmlUrl }, null, 2));
    mkdirSync(out, { recursive: true });
    const crxPath = join(out, `meeting-guard-${manifest.version}.crx`);
    const xmlPath = join(out, 'update.xml');
    const crx3 = require('crx3');
    const info = await crx3([join(staging, 'manifest.json')], { keyPath, crxPath, xmlPath, crxURL: crxUrl });
    if (info.appId !== id) throw new Error(`crx3 wrote id ${info.appId}, but the key gives ${id}; nothing to deploy`);
    return { id, crxPath, xmlPath, crxUrl, updateXmlUrl, version: manifest.version, placeholder: !updateUrl };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function main(argv) {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`pack: ${error.message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  if (args.newKey) {
    try {
      const id = newKey(args.newKey);
      console.log(`pack: wrote a new key to ${args.newKey} (extension id ${id}). Keep it secret and backed up.`);
      console.log(`鍵を ${args.newKey} に作りました（拡張機能 ID ${id}）。秘密にし、バックアップしてください。`);
      return 0;
    } catch (error) {
      console.error(`pack: ${error.message}`);
      return 2;
    }
  }
  if (!args.key) {
    console.error(`pack: no --key given.\n\n${HELP}`);
    return 2;
  }
  try {
    const result = await pack(args);
    const show = (path) => relative(process.cwd(), path) || path;
    console.log(`pack: ${show(result.crxPath)} (CRX3, version ${result.version}) and ${show(result.xmlPath)}`);
    console.log(`Extension id: ${result.id}`);
    console.log(`拡張機能 ID: ${result.id}`);
    if (result.placeholder)
      console.log(`update.xml names the placeholder ${result.crxUrl}: pass --update-url with the real https URL.`);
    console.log('Next / 次に:');
    console.log(`  serve ${show(result.crxPath)} at ${result.crxUrl} and update.xml at ${result.updateXmlUrl}`);
    console.log(`  force-install: ExtensionInstallForcelist "${result.id};${result.updateXmlUrl}"`);
    console.log(
      `  npm run policy:kit -- --chrome-id ${result.id} --chrome-update-url ${result.updateXmlUrl} --out ./kit`,
    );
    return 0;
  } catch (error) {
    console.error(`pack: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  process.exitCode = await main(process.argv.slice(2));
}
