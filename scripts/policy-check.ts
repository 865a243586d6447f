/**
 * `npm run policy:check -- FILE... [--id EXTENSION_ID]` — reads policy files in any format the kit ships (plain
 * JSON, Linux managed JSON, Google Admin console JSON, Firefox policies.json, .reg, macOS plist/mobileconfig,
 * Intune JSON) and reports, for each Meeting Guard policy found, what the browser drops and what the extension
 * reports (scripts/policy/check.ts); and of the deployment files (force-install .reg/JSON, Firefox ExtensionSettings,
 * Intune's forcelist, ADMX/ADML) what each installs or addresses and whether the browser installs anything
 * (scripts/policy/install.ts). Warnings (the development id, off-store conditions) do not change the exit code.
 * Exit code: 0 no problems, 1 problems, 2 unreadable, unknown format, or nothing of Meeting Guard in the file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CheckReport, checkPolicyBytes } from './policy/check';

export function checkPolicyFile(path: string, onlyId?: string): CheckReport {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const lines = [`File: ${path}`, `cannot read: ${(error as Error).message}`, '結果: ファイルを読み込めません。'];
    return { file: path, exitCode: 2, entries: [], fileProblems: [], lines };
  }
  return checkPolicyBytes(bytes, path, onlyId);
}

const USAGE = 'Usage: npm run policy:check -- FILE... [--id EXTENSION_ID]';

function main(argv: string[]): number {
  const files: string[] = [];
  let onlyId: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--id') onlyId = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else files.push(arg);
  }
  if (!files.length || (argv.includes('--id') && !onlyId)) {
    console.error(USAGE);
    return 2;
  }
  let exitCode = 0;
  files.forEach((file, index) => {
    const result = checkPolicyFile(file, onlyId);
    if (index) console.log('');
    console.log(result.lines.join('\n'));
    exitCode = Math.max(exitCode, result.exitCode);
  });
  return exitCode;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
