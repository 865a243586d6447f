// Demo: the built extension (dist/chrome) in the system Chromium, in Japanese, on local copies of meeting pages
// served at the services' real addresses (test/e2e/harness.mjs). Usage: npm run demo
//   with a display ($DISPLAY or $WAYLAND_DISPLAY): one tab per page, headful, until Ctrl-C
//   without one: headless screenshots of each page (with the banner) and of its popup into demo-screenshots/
// The Japanese text needs Debian's chromium-l10n and fonts-noto-cjk (or the distribution's equivalents).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium } from 'playwright-core';
import {
  badgeText,
  bannerText,
  EXTENSION_ID,
  FIXTURES,
  HOSTS,
  launchChromium,
  openPopup,
  startFixtureServer,
  tabIdOf,
  waitFor,
} from '../test/e2e/harness.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const SHOTS = join(ROOT, 'demo-screenshots');
const headful = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

/** Meet twice (warnings, and a page where nothing can be read), then every other service's recording page. */
function demoPages() {
  const pages = [
    { fixture: 'meet/recording-captions-on.ja', look: '録画と字幕: 左端にバナー、ツールバーのバッジ 2' },
    {
      fixture: 'meet/in-call-bare.ja',
      look: '何も読み取れない会議: バナーなし、ポップアップは「不明」（OKとは言わない）',
    },
  ];
  for (const service of readdirSync(FIXTURES).sort()) {
    if (service === 'meet') continue;
    const files = readdirSync(join(FIXTURES, service)).filter((file) => /^recording[.-].*\.html$/.test(file));
    // The plain recording page, in Japanese when there is one.
    const rank = (file) => (file.startsWith('recording.') ? 0 : 2) + (file.includes('.ja.') ? 0 : 1);
    const file = files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0];
    if (!file) {
      console.log(`(${service}: no recording fixture in test/fixtures/${service}/, not shown)`);
      continue;
    }
    pages.push({ fixture: `${service}/${file.replace(/\.html$/, '')}`, look: '録画中: 左端にバナー' });
  }
  return pages.map((page, i) => ({ ...page, address: addressOf(page.fixture, i) }));
}

/** The fixture's own page URL, on a host the fixture server answers for (harness.mjs HOSTS). */
function addressOf(fixture, index) {
  const html = readFileSync(join(FIXTURES, `${fixture}.html`), 'utf8');
  const url = new URL(/^\s*url:\s*(\S+)/m.exec(html)[1]);
  if (!HOSTS.includes(url.hostname)) {
    // e.g. us06web.zoom.us, which the server does not answer for; another tenant of the service reads alike.
    const stand = HOSTS.find(
      (host) => host.startsWith('city-example.') && url.hostname.endsWith(host.slice('city-example'.length)),
    );
    if (!stand) throw new Error(`${fixture}: no fixture host for ${url.hostname}`);
    url.hostname = stand;
  }
  // Tabs are found by URL: two demo pages at the same address must still differ.
  url.searchParams.set('demo', String(index + 1));
  return url.href;
}

function ensureBuild() {
  if (existsSync(join(ROOT, 'dist', 'chrome', 'manifest.json'))) return;
  console.log('dist/chrome is missing: npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * launchChromium always starts headless (tests need no display). For a person watching, the same launch runs
 * headful: every launch option but that one stays the harness's, so the demo shows what the tests test.
 */
async function launchHeadful(server) {
  const launch = chromium.launchPersistentContext;
  chromium.launchPersistentContext = (profile, options) =>
    launch.call(chromium, profile, { ...options, headless: false });
  try {
    return await launchChromium(server, { locale: 'ja-JP' });
  } finally {
    chromium.launchPersistentContext = launch;
  }
}

async function open(run, server, page) {
  const tab = await run.context.newPage();
  await tab.goto(server.url(page.address, page.fixture));
  return { tab, tabId: await tabIdOf(run, tab) };
}

async function showHeadful(server, pages) {
  const run = await launchHeadful(server);
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await run.close().catch(() => {});
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', close);
  run.context.on('close', close);
  console.log('\nWeb会議ガード デモ — Chromium のタブ:');
  for (const page of pages) {
    const { tabId } = await open(run, server, page);
    console.log(`  ${page.fixture}  ${page.address}\n    見る点: ${page.look}`);
    console.log(`    ポップアップ: 拡張機能アイコン（パズルのアイコンから固定）、または`);
    console.log(`    chrome-extension://${EXTENSION_ID}/popup/index.html?tab=${tabId}`);
  }
  for (const blank of run.context.pages().filter((tab) => tab.url() === 'about:blank')) await blank.close();
  console.log('\nCtrl-C で終了します。');
  await new Promise(() => {}); // until Ctrl-C or the window is closed
}

async function screenshots(server, pages) {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  const run = await launchChromium(server, { locale: 'ja-JP' });
  const written = [];
  try {
    for (const [i, page] of pages.entries()) {
      const { tab, tabId } = await open(run, server, page);
      await tab.setViewportSize({ width: 1280, height: 720 });
      // The popup waits for the tab's state; with it shown, background has the page's snapshot.
      const popup = await openPopup(run, tabId);
      await waitFor(() => popup.$('[data-check]'), { message: `${page.fixture}: checklist in the popup` });
      const banner = await waitFor(() => bannerText(run, tab), { timeout: 3000 }).catch(() => '');
      const name = `${String(i + 1).padStart(2, '0')}-${page.fixture.replace('/', '-')}`;
      const pageShot = join(SHOTS, `${name}-page.png`);
      const popupShot = join(SHOTS, `${name}-popup.png`);
      await tab.bringToFront();
      await tab.screenshot({ path: pageShot });
      // The toolbar popup is the body's width (popup.css); its height follows the content.
      await popup.setViewportSize({ width: 380, height: 600 });
      await popup.screenshot({ path: popupShot, fullPage: true });
      const badge = await badgeText(run, tabId);
      console.log(`${page.fixture}: badge "${badge}", banner ${banner ? `"${banner.slice(0, 60)}…"` : 'none'}`);
      written.push(pageShot, popupShot);
      await popup.close();
      await tab.close();
    }
  } finally {
    await run.close();
  }
  console.log(`\nScreenshots (${written.length}):`);
  for (const file of written) console.log(`  ${relative(process.cwd(), file)}`);
}

ensureBuild();
const server = await startFixtureServer();
const pages = demoPages();
if (headful) {
  await showHeadful(server, pages);
} else {
  console.log('No display ($DISPLAY / $WAYLAND_DISPLAY): headless, screenshots only.');
  try {
    await screenshots(server, pages);
  } finally {
    await server.close();
  }
}
