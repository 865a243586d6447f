// Builds dist/chrome and dist/firefox from the one manifest, then a zip of each (for the stores and
// for admins who self-host). Usage: npm run build
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const browser of ['chrome', 'firefox']) {
  execFileSync('npx', ['vite', 'build', '--mode', browser, '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  const dir = join(root, 'dist', browser);
  const entries = Object.fromEntries(filesUnder(dir).map((file) => [relative(dir, file), readFileSync(file)]));
  const zipPath = join(root, 'dist', `meeting-guard-${browser}-${version}.zip`);
  writeFileSync(zipPath, zipSync(entries, { level: 9 }));
  console.log(`built dist/${browser} and ${relative(root, zipPath)}`);
}
