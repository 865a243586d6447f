// `npm run sign:firefox -- --base-url <https folder> [--id <add-on id>]`
// Firefox installs only add-ons Mozilla has signed (release and beta; ESR and Developer Edition can turn that off).
// This signs the Firefox build (dist/firefox) on addons.mozilla.org (AMO) in the unlisted channel (self-distribution:
// not published on AMO, signed for the organisation to host), with the AMO API key and secret from the environment,
// through Mozilla's own `web-ext sign`. Before signing, it sets browser_specific_settings.gecko.update_url to the
// updates.json in the same folder, so installed copies find later versions; after signing it writes, into --out:
//   meeting-guard-<version>.xpi   the signed package (kept per version: updates.json points at it)
//   meeting-guard.xpi             the same bytes under a fixed name: the install_url for policies.json
//   updates.json                  Firefox's update manifest for the id, this version added to those already in it
// Firefox does not reinstall from an unchanged install_url; new versions reach installed copies only through
// update_url and updates.json (Extension Workshop, "Updating your extension" / "Distribute pre-release versions").
//
// `--unsigned` skips AMO and packs the same XPI unsigned: only for Firefox ESR or Developer Edition with
// xpinstall.signatures.required=false (tests, pilots); release Firefox refuses it (ERROR_SIGNEDSTATE_REQUIRED).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const AMO_API = 'https://addons.mozilla.org/api/v5/';
export const KEY_VARIABLES = ['WEB_EXT_API_KEY', 'WEB_EXT_API_SECRET'];
const FIFTEEN_MINUTES = 15 * 60 * 1000;

const HELP = `Usage: npm run sign:firefox -- --base-url <https URL of the folder> [--id <add-on id>] [--out DIR]
       [--build] [--amo-base-url URL] [--unsigned]

Firefox の拡張機能は Mozilla の署名が必要です。このコマンドは dist/firefox を addons.mozilla.org (AMO) の
「unlisted」（自己配布: AMO には公開せず、署名だけ受ける）で署名し、自組織のサーバーに置くファイル一式を作ります。
AMO の API キーを https://addons.mozilla.org/developers/addon/api/key/ で発行し、環境変数に入れてください:

  export WEB_EXT_API_KEY=user:12345:67      (JWT issuer)
  export WEB_EXT_API_SECRET=...             (JWT secret; リポジトリやスクリプトに書かないこと)

This signs dist/firefox on addons.mozilla.org (AMO) in the unlisted channel (self-distribution) with Mozilla's
web-ext, using the AMO API key and secret from the environment (the names above; get them at the address above).

  --base-url URL       https folder you serve the files from; update_url = URL/updates.json is written into the
                       package, and updates.json points at URL/meeting-guard-<version>.xpi
  --id ID              the add-on id (browser_specific_settings.gecko.id). AMO signs an id only for the account
                       that first submitted it: use your own (e.g. meeting-guard@city.example.lg.jp) unless you
                       hold the build's. Default: the build's id
  --out DIR            where the .xpi files and updates.json go (default: dist/firefox-signed)
  --source DIR         the Firefox build to sign (default: dist/firefox)
  --build              run "npm run build" first
  --amo-base-url URL   the AMO API (default ${AMO_API})
  --unsigned           no AMO: an unsigned XPI for Firefox ESR/Developer with xpinstall.signatures.required=false`;

export function parseArgs(argv) {
  const args = {
    source: join(ROOT, 'dist', 'firefox'),
    out: join(ROOT, 'dist', 'firefox-signed'),
    amoBaseUrl: AMO_API,
    build: false,
    unsigned: false,
  };
  const flags = {
    '--base-url': 'baseUrl',
    '--id': 'id',
    '--out': 'out',
    '--source': 'source',
    '--amo-base-url': 'amoBaseUrl',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--build') args.build = true;
    else if (flag === '--unsigned') args.unsigned = true;
    else if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag in flags) {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new Error(`${flag} needs a value`);
      args[flags[flag]] = value;
    } else throw new Error(`unknown option ${flag}`);
  }
  if (args.help) return args;
  if (!args.baseUrl)
    throw new Error('--base-url is needed: the https folder the .xpi and updates.json are served from');
  let base;
  try {
    base = new URL(args.baseUrl);
  } catch {
    throw new Error(`--base-url: not a URL: ${args.baseUrl}`);
  }
  // Firefox takes an add-on's update_url and update_link over https only.
  if (base.protocol !== 'https:')
    throw new Error(`--base-url: Firefox fetches updates.json and the update over https only: ${args.baseUrl}`);
  if (/\.(json|xpi)$/i.test(base.pathname) || base.search || base.hash)
    throw new Error(`--base-url is the folder the files are served from, not a file: ${args.baseUrl}`);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  args.baseUrl = base.href;
  args.out = resolve(args.out);
  if (args.id !== undefined && !/^([\w.+-]+@[\w.-]+|\{[0-9a-fA-F-]{36}\})$/.test(args.id))
    throw new Error(`--id: not a Firefox add-on id (name@domain or {GUID}): ${args.id}`);
  return args;
}

/** The AMO key and secret from the environment, or the names that are missing. */
export function amoKeys(env = process.env) {
  const missing = KEY_VARIABLES.filter((name) => !env[name]);
  return missing.length ? { missing } : { apiKey: env.WEB_EXT_API_KEY, apiSecret: env.WEB_EXT_API_SECRET };
}

/** Firefox's update manifest with this version added (an entry of the same version is replaced). */
export function updatesJson(previous, { id, version, link, hash }) {
  const addons = previous?.addons && typeof previous.addons === 'object' ? previous.addons : {};
  const updates = (Array.isArray(addons[id]?.updates) ? addons[id].updates : []).filter(
    (entry) => entry?.version !== version,
  );
  updates.push({ version, update_link: link, update_hash: `sha256:${hash}` });
  return { addons: { ...addons, [id]: { updates } } };
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

async function signOnAmo(staging, args, keys) {
  const { default: webExt } = await import('web-ext');
  const artifacts = mkdtempSync(join(tmpdir(), 'mg-sign-out-'));
  const result = await webExt.cmd.sign(
    {
      sourceDir: staging,
      artifactsDir: artifacts,
      apiKey: keys.apiKey,
      apiSecret: keys.apiSecret,
      amoBaseUrl: args.amoBaseUrl,
      channel: 'unlisted',
      timeout: FIFTEEN_MINUTES,
      approvalTimeout: FIFTEEN_MINUTES,
      webextVersion: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'web-ext', 'package.json'), 'utf8')).version,
    },
    { shouldExitProgram: false },
  );
  const file = result?.downloadedFiles?.[0];
  if (!file) throw new Error('AMO returned no signed file');
  const bytes = readFileSync(join(artifacts, file));
  rmSync(artifacts, { recursive: true, force: true });
  return bytes;
}

/** Signs (or packs unsigned) and writes the files; returns what it wrote. Throws with a message for the person. */
export async function signFirefox(args, keys) {
  const source = resolve(args.source);
  if (args.build || (!existsSync(join(source, 'manifest.json')) && source === join(ROOT, 'dist', 'firefox')))
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8'));
  const gecko = manifest.browser_specific_settings?.gecko ?? {};
  const id = args.id ?? gecko.id;
  const { version } = manifest;
  const updateUrl = new URL('updates.json', args.baseUrl).href;
  const xpiName = `meeting-guard-${version}.xpi`;
  const link = new URL(xpiName, args.baseUrl).href;

  const staging = mkdtempSync(join(tmpdir(), 'mg-sign-'));
  try {
    cpSync(source, staging, { recursive: true });
    const shipped = {
      ...manifest,
      browser_specific_settings: {
        ...manifest.browser_specific_settings,
        gecko: { ...gecko, id, update_url: updateUrl },
      },
    };
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(shipped, null, 2));
    const xpi = args.unsigned
      ? Buffer.from(
          zipSync(
            Object.fromEntries(filesUnder(staging).map((file) => [relative(staging, file), readFileSync(file)])),
            { level: 9 },
          ),
        )
      : await signOnAmo(staging, args, keys);
    mkdirSync(args.out, { recursive: true });
    const xpiPath = join(args.out, xpiName);
    writeFileSync(xpiPath, xpi);
    writeFileSync(join(args.out, 'meeting-guard.xpi'), xpi);
    const updatesPath = join(args.out, 'updates.json');
    const previous = existsSync(updatesPath) ? JSON.parse(readFileSync(updatesPath, 'utf8')) : undefined;
    const hash = createHash('sha256').update(xpi).digest('hex');
    writeFileSync(updatesPath, `${JSON.stringify(updatesJson(previous, { id, version, link, hash }), null, 2)}\n`);
    return {
      id,
      version,
      xpiPath,
      updatesPath,
      updateUrl,
      installUrl: new URL('meeting-guard.xpi', args.baseUrl).href,
      signed: !args.unsigned,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function main(argv) {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`sign:firefox: ${error.message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const keys = amoKeys();
  if (!args.unsigned && keys.missing) {
    console.error(
      [
        `sign:firefox: ${keys.missing.join(' and ')} not set: AMO signs only for the holder of an API key.`,
        `AMO の API キーが設定されていません（${keys.missing.join('、')}）。`,
        '  1. https://addons.mozilla.org/developers/addon/api/key/ で「JWT issuer」と「JWT secret」を発行',
        '     (sign in with the organisation\'s AMO account; generate "JWT issuer" and "JWT secret")',
        '  2. export WEB_EXT_API_KEY=<JWT issuer>  WEB_EXT_API_SECRET=<JWT secret>',
        `  3. npm run sign:firefox -- --base-url ${args.baseUrl}`,
      ].join('\n'),
    );
    return 2;
  }
  try {
    const result = await signFirefox(args, keys);
    const show = (path) => relative(process.cwd(), path) || path;
    console.log(
      `sign:firefox: ${show(result.xpiPath)} (${result.signed ? 'signed by AMO, unlisted' : 'UNSIGNED'}, ` +
        `${result.id} ${result.version}), meeting-guard.xpi and ${show(result.updatesPath)}`,
    );
    if (!result.signed)
      console.log(
        '  UNSIGNED: only Firefox ESR or Developer Edition with xpinstall.signatures.required=false installs it.',
      );
    console.log('Next / 次に:');
    console.log(`  1. serve the files of ${show(args.out)} at ${args.baseUrl} (https; a certificate staff PCs trust)`);
    console.log(`     updates.json at ${result.updateUrl} (the package's update_url)`);
    console.log('  2. policies.json ExtensionSettings / 強制インストール:');
    console.log(`     "${result.id}": {"installation_mode": "force_installed", "install_url": "${result.installUrl}"}`);
    console.log('  3. the deployment kit / 配布キット:');
    console.log(
      `     npm run policy:kit -- --firefox-id ${result.id} --firefox-install-url ${result.installUrl} --out ./kit`,
    );
    console.log(
      '  A new version: raise "version", build, run this again with the same --out (updates.json keeps the older ' +
        'entries) and upload the folder; installed copies update from updates.json.',
    );
    return 0;
  } catch (error) {
    console.error(`sign:firefox: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
