// `npm run pack -- --key <org.pem> --base-url <https folder>` (or --crx-url and --update-xml-url)
// Signs the Chrome/Edge build (dist/chrome) as a CRX3 package with the organisation's own key, writes
// dist/meeting-guard.crx and dist/update.xml (named as their URLs name them) (the update manifest Chrome fetches when it force-installs a
// self-hosted extension), and prints the extension id that key gives, the exact forcelist entry and the
// `npm run policy:kit` command for that id.
// `npm run pack -- --new-key <file>` makes a key; `npm run pack` alone explains the steps.
//
// Two URLs, never to be swapped: the forcelist names update.xml (Chrome fetches it and reads the package's URL
// from its `codebase`), update.xml names the .crx. A CRX URL that is really update.xml makes Chrome fetch update.xml
// twice and install nothing, with no error anywhere: such combinations are refused here (urlProblems).
//
// Signing: the `crx3` package (pure JavaScript, works offline with a local PEM key; see README's dependency table).
// The id is computed here as well (SHA-256 of the public key, first 16 bytes, one letter a-p per 4 bits) and must
// equal the one crx3 writes into the package: a mismatch stops the command before anything is handed out.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

/** Where the files are served, when no URL is given: a reserved example domain (nothing installs from it). */
export const PLACEHOLDER_BASE_URL = 'https://www.example.jp/meeting-guard/';
export const CRX_NAME = 'meeting-guard.crx';
export const UPDATE_XML_NAME = 'update.xml';

const HELP = `Usage: npm run pack -- --key <org.pem> --base-url <https URL of the folder> [--out DIR] [--build]
       npm run pack -- --key <org.pem> --crx-url <https URL of the .crx> --update-xml-url <https URL of update.xml>

npm run pack は Chrome・Edge 用のビルド (dist/chrome) を、組織の秘密鍵で署名した CRX3 パッケージにします。
拡張機能の ID は鍵で決まります。鍵が無ければ先に作ってください:

  npm run pack -- --new-key meeting-guard.pem      (or: openssl genrsa -out meeting-guard.pem 2048)

その鍵は組織で 1 つだけ作り、安全な場所に保管・バックアップします。鍵を失うと同じ ID の更新版を作れず、
鍵が漏れると他人が同じ ID の拡張機能を作れます。リポジトリには入れないでください。
URL は 2 つあります: 強制インストールの一覧 (ExtensionInstallForcelist) に書くのは update.xml の URL、
update.xml の中に書かれるのは .crx の URL です。--base-url を 1 つ渡せば両方がそのフォルダーに決まります。

npm run pack signs the Chrome/Edge build (dist/chrome) as a CRX3 package with your organisation's private key.
The key decides the extension id. Make one key for the organisation (command above), keep it secret and backed up:
without it you cannot publish an update under the same id; with it anyone can. Never commit it.
Two URLs: the force-install list (ExtensionInstallForcelist) names update.xml; update.xml names the .crx.
One --base-url (the folder both are served from) sets both.

  --key FILE             the PEM private key (RSA)
  --base-url URL         https folder the two files are served from: the .crx at URL/${CRX_NAME},
                         update.xml at URL/${UPDATE_XML_NAME}
  --crx-url URL          https URL of the .crx (written into update.xml as its codebase)
  --update-xml-url URL   https URL of update.xml (what the forcelist names; written into the package's manifest)
                         Without any URL: ${PLACEHOLDER_BASE_URL} (a placeholder; nothing installs from it)
  --out DIR              where the .crx and update.xml go (default: dist)
  --source DIR           the Chrome build to sign (default: dist/chrome)
  --build                run "npm run build" first (otherwise dist/chrome is packed as it is, and built if missing)
  --new-key FILE         make a new 2048-bit RSA key in FILE (refuses to overwrite) and stop

Only https. Chrome and Edge would fetch update.xml and the .crx over plain http as well, but then anyone on the
network path can withhold updates or hand out an older signed version (the CRX signature only keeps the id);
Firefox refuses an add-on update_url that is not https outright. The host's certificate must be one the staff
machines trust (a public CA, or the organisation's CA deployed to them).
The old --update-url (it meant the .crx URL) is refused: use --base-url, or --crx-url with --update-xml-url.`;

/** The Chrome extension id of a public key: SHA-256 of its DER (SubjectPublicKeyInfo), 32 letters a-p. */
export function extensionIdOf(publicKeyDer) {
  const hash = createHash('sha256').update(publicKeyDer).digest();
  return [...hash.subarray(0, 16)]
    .flatMap((byte) => [byte >> 4, byte & 0xf])
    .map((nibble) => String.fromCharCode(97 + nibble))
    .join('');
}

const URL_FLAGS = { '--base-url': 'baseUrl', '--crx-url': 'crxUrl', '--update-xml-url': 'updateXmlUrl' };
const VALUE_FLAGS = { '--key': 'key', '--out': 'out', '--source': 'source', '--new-key': 'newKey', ...URL_FLAGS };

export function parseArgs(argv) {
  const args = { out: join(ROOT, 'dist'), source: join(ROOT, 'dist', 'chrome'), build: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--build') args.build = true;
    else if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag === '--update-url' || flag.startsWith('--update-url='))
      // The old flag took the .crx URL while every other tool's "update URL" is update.xml's: a silent mapping
      // would keep that trap alive, so it stops with what it became.
      throw new Error(
        '--update-url is gone: it meant the URL of the .crx, which people read as the update URL of the forcelist. ' +
          'Use --base-url <folder> (both files), or --crx-url <…/meeting-guard.crx> and --update-xml-url <…/update.xml>. ' +
          '/ --update-url は廃止しました（.crx の URL の意味でした）。--base-url か、--crx-url と --update-xml-url を使ってください。',
      );
    else if (flag in VALUE_FLAGS) {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new Error(`${flag} needs a value`);
      args[VALUE_FLAGS[flag]] = value;
    } else throw new Error(`unknown option ${flag}`);
  }
  Object.assign(args, resolveUrls(args));
  return args;
}

/** Parses one URL flag's value; throws with the flag's name. */
function parseUrl(flag, value) {
  try {
    return new URL(value);
  } catch {
    throw new Error(`${flag}: not a URL: ${value}`);
  }
}

/**
 * The .crx URL and the update.xml URL from the flags, or a reason they cannot install. Every combination that
 * cannot work is refused, each with what Chrome would do.
 */
export function resolveUrls({ baseUrl, crxUrl, updateXmlUrl }) {
  if (baseUrl !== undefined && (crxUrl !== undefined || updateXmlUrl !== undefined))
    throw new Error('--base-url sets both URLs: give either --base-url or --crx-url and --update-xml-url');
  if ((crxUrl === undefined) !== (updateXmlUrl === undefined))
    throw new Error(
      `${crxUrl === undefined ? '--update-xml-url' : '--crx-url'} alone: give both --crx-url and --update-xml-url ` +
        '(or one --base-url); the other one cannot be guessed safely',
    );
  let crx;
  let xml;
  if (baseUrl !== undefined) {
    const base = parseUrl('--base-url', baseUrl);
    if (/\.(xml|crx)$/i.test(base.pathname))
      throw new Error(`--base-url is the folder the files are served from, not a file: ${baseUrl}`);
    if (base.search || base.hash) throw new Error(`--base-url: a folder URL has no ?query or #fragment: ${baseUrl}`);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    crx = new URL(CRX_NAME, base);
    xml = new URL(UPDATE_XML_NAME, base);
  } else if (crxUrl !== undefined) {
    crx = parseUrl('--crx-url', crxUrl);
    xml = parseUrl('--update-xml-url', updateXmlUrl);
  } else {
    return {
      crxUrl: new URL(CRX_NAME, PLACEHOLDER_BASE_URL).href,
      updateXmlUrl: new URL(UPDATE_XML_NAME, PLACEHOLDER_BASE_URL).href,
      placeholder: true,
    };
  }
  for (const [flag, url] of [
    ['--crx-url', crx],
    ['--update-xml-url', xml],
  ]) {
    if (url.protocol === 'http:')
      throw new Error(
        `${flag}: http is refused (${url.href}). Chrome and Edge would fetch it, but over http anyone on the ` +
          'network path can withhold updates or serve an older signed version; serve both files over https with a ' +
          'certificate the staff machines trust',
      );
    if (url.protocol !== 'https:') throw new Error(`${flag}: Chrome fetches extensions over https only: ${url.href}`);
    if (url.username || url.password)
      throw new Error(`${flag}: a URL with a user name or password; Chrome does not send them: ${url.href}`);
  }
  if (/\.xml$/i.test(crx.pathname))
    throw new Error(
      `--crx-url ends in .xml (${crx.href}): that is the update.xml URL. update.xml would name itself as the ` +
        'package, and Chrome would fetch it twice and install nothing, with no error. Give the .crx URL here',
    );
  if (/\.crx$/i.test(xml.pathname))
    throw new Error(
      `--update-xml-url ends in .crx (${xml.href}): the forcelist must name update.xml, not the package; ` +
        'Chrome reads an update manifest there and installs nothing from a .crx',
    );
  if (crx.href === xml.href) throw new Error(`--crx-url and --update-xml-url are the same URL: ${crx.href}`);
  return { crxUrl: crx.href, updateXmlUrl: xml.href, placeholder: false };
}

function newKey(file) {
  if (existsSync(file)) throw new Error(`${file} exists; refusing to overwrite a key (the extension id depends on it)`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const id = extensionIdOf(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  return id;
}

/** Signs dist/chrome; returns what was written. Throws with a message for the person on any problem. */
export async function pack({ key, crxUrl, updateXmlUrl, placeholder, out, source: sourceDir, build }) {
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

  const source = resolve(sourceDir ?? join(ROOT, 'dist', 'chrome'));
  const isBuild = source === join(ROOT, 'dist', 'chrome');
  if (isBuild && (build || !existsSync(join(source, 'manifest.json'))))
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8'));

  // Pack a copy: the manifest names update.xml (Chrome checks a self-hosted extension for updates there), and
  // never a `key` (the package's signature decides the id).
  const staging = mkdtempSync(join(tmpdir(), 'mg-pack-'));
  try {
    cpSync(source, staging, { recursive: true });
    const { key: _unused, ...shipped } = manifest;
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify({ ...shipped, update_url: updateXmlUrl }, null, 2));
    mkdirSync(out, { recursive: true });
    // Named as the URLs name them: the folder is uploaded as it is.
    const crxPath = join(out, basename(new URL(crxUrl).pathname) || CRX_NAME);
    const xmlPath = join(out, basename(new URL(updateXmlUrl).pathname) || UPDATE_XML_NAME);
    const crx3 = require('crx3');
    const info = await crx3([join(staging, 'manifest.json')], { keyPath, crxPath, xmlPath, crxURL: crxUrl });
    if (info.appId !== id) throw new Error(`crx3 wrote id ${info.appId}, but the key gives ${id}; nothing to deploy`);
    return { id, crxPath, xmlPath, crxUrl, updateXmlUrl, version: manifest.version, placeholder: Boolean(placeholder) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The one line ExtensionInstallForcelist takes: the id, a semicolon, the update.xml URL. */
export const forcelistEntry = ({ id, updateXmlUrl }) => `${id};${updateXmlUrl}`;
export const kitCommand = ({ id, updateXmlUrl }) =>
  `npm run policy:kit -- --chrome-id ${id} --chrome-update-url ${updateXmlUrl} --out ./kit`;

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
      console.log(
        `update.xml names the placeholder ${result.crxUrl}: nothing installs from it. ` +
          'Pack again with --base-url <the https folder you serve from>.',
      );
    console.log('Next / 次に:');
    console.log(`  1. serve ${show(result.crxPath)} at ${result.crxUrl}`);
    console.log(`     and ${show(result.xmlPath)} at ${result.updateXmlUrl} (https; a certificate staff PCs trust)`);
    console.log('  2. force-install entry (ExtensionInstallForcelist) / 強制インストールの一覧に書く値:');
    console.log(`     ${forcelistEntry(result)}`);
    console.log('  3. the deployment kit for this id / この ID 用の配布キット:');
    console.log(`     ${kitCommand(result)}`);
    return 0;
  } catch (error) {
    console.error(`pack: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  process.exitCode = await main(process.argv.slice(2));
}
