// Before the tests: the real-browser tests drive the system browsers (tools that download their own
// browser cannot work here). Installs Debian's packages when missing and we are root; otherwise
// says exactly what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const wanted = [
  ['chromium', '/usr/bin/chromium'],
  // Japanese UI strings in Chromium (the tests read the Japanese banner).
  ['chromium-l10n', '/usr/lib/chromium/locales/ja.pak'],
  ['firefox-esr', '/usr/bin/firefox-esr'],
];
const missing = wanted.filter(([, path]) => !existsSync(path)).map(([name]) => name);

if (missing.length) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(`Missing system packages: ${missing.join(' ')}. Install them with:`);
    console.error(`  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(' ')} from Debian...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}
