// Before the tests and the demo: the real-browser tests drive the system browsers (tools that download their own
// browser cannot work here), and the screenshots need a Japanese font. Installs Debian's packages when missing and
// we are root; otherwise says exactly what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** True when fontconfig knows a font that covers Japanese (any vendor's, not only Noto). */
function hasJapaneseFont() {
  if (existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')) return true;
  try {
    return execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false; // no fontconfig: Chromium would find no font either
  }
}

const wanted = [
  ['chromium', () => existsSync('/usr/bin/chromium')],
  // Japanese UI strings in Chromium (the tests read the Japanese banner).
  ['chromium-l10n', () => existsSync('/usr/lib/chromium/locales/ja.pak')],
  ['firefox-esr', () => existsSync('/usr/bin/firefox-esr')],
  // Without a CJK font, Japanese in the demo's screenshots is drawn as empty boxes.
  ['fonts-noto-cjk', hasJapaneseFont],
  // test:clock runs the unit tier at a clock years ahead, to catch a test that reads the real date.
  ['faketime', () => existsSync('/usr/bin/faketime')],
  // The console test prints the monthly report to PDF and reads its text back.
  ['poppler-utils', () => existsSync('/usr/bin/pdftotext')],
  // certutil: the self-hosted install test makes Chromium trust its test CA through an NSS database.
  ['libnss3-tools', () => existsSync('/usr/bin/certutil')],
];
const missing = wanted.filter(([, present]) => !present()).map(([name]) => name);

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
