// Demo: the built extension (dist/chrome) in the system Chromium, in Japanese, on local copies of meeting pages
// served at the services' real addresses (test/e2e/harness.mjs). Usage: npm run demo
//   with a display ($DISPLAY or $WAYLAND_DISPLAY): one tab per page, headful, until Ctrl-C
//   without one: headless screenshots of each page (with the banner) and of its popup into demo-screenshots/
// The Japanese text needs Debian's chromium-l10n and fonts-noto-cjk; scripts/ensure-browsers.mjs installs them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * What to show of each service: a page where something is on, in Japanese, with what to look at. Meet twice:
 * warnings, and a page where nothing can be read (要確認, never OK).
 */
const PICKS = [
  ['meet', 'recording-captions-on.ja', '字幕が有効な会議: バナーと、ツールバーのバッジ（警告の数）'],
  ['meet', 'in-call-bare.ja', '何も読み取れない会議: バナーなし、ポップアップは「要確認」（OK とは言わない）'],
  // Zoom's web client runs the meeting in an iframe of its page, as the real one does.
  ['zoom', 'shell.ja', 'Zoom の「レコーディング中」表示: 録画の警告', 'zoom/recording-participant.ja'],
  ['teams', 'meeting-captions.ja', 'Teams のライブキャプション: 文字起こし・字幕の警告'],
  ['webex', 'in-meeting.ja', 'Webex の会議画面'],
  ['jitsi', 'recording.ja', 'Jitsi の録画中ラベル: 録画の警告'],
];

function demoPages() {
  const pages = [];
  for (const [service, file, look, frame] of PICKS) {
    if (!existsSync(join(FIXTURES, service, `${file}.html`))) {
      console.log(`(${service}: test/fixtures/${service}/${file}.html is missing, not shown)`);
      continue;
    }
    pages.push({ service, fixture: `${service}/${file}`, look, frame });
  }
  return pages.map((page, i) => ({ ...page, address: addressOf(page.fixture, i) }));
}

/**
 * A look for each service's saved page, so that someone evaluating the extension recognises the screen the banner
 * reacts to: the service's dark meeting stage, its control bar, round buttons, the red leave button, captions at
 * the bottom. Style only: no element is added, hidden, shrunk or re-worded, since the adapters read what is
 * rendered (an icon drawn at font-size 0 stopped Meet's recording from being read; measured with npm run demo).
 * Colours follow each service's own dark theme, by eye.
 */
const SKINS = {
  meet: { stage: '#202124', bar: '#202124', button: '#3c4043', text: '#e8eaed', accent: '#8ab4f8', leave: '#ea4335' },
  zoom: { stage: '#1a1a1a', bar: '#242424', button: '#2e2e2e', text: '#ffffff', accent: '#0b5cff', leave: '#e02828' },
  teams: { stage: '#1f1f1f', bar: '#292929', button: '#3d3d3d', text: '#ffffff', accent: '#7f85f5', leave: '#c4314b' },
  webex: { stage: '#000000', bar: '#121212', button: '#262626', text: '#ffffff', accent: '#64b4fa', leave: '#db1f2e' },
  jitsi: { stage: '#040404', bar: '#131519', button: '#292929', text: '#ffffff', accent: '#4687ed', leave: '#cb2233' },
};

/** Where each service puts its main controls (by eye, from the vendors' own screenshots and help pages). */
const SERVICE_CSS = {
  // Meet: captions and leave side by side in the centre of the bottom bar.
  meet: `
    [jsname="RrG0hf"] { position: fixed; bottom: 16px; left: calc(50% - 150px); }
    [jsname="CQylAd"] { position: fixed; bottom: 16px; left: calc(50% + 10px); }
`,
  // Teams: the call controls sit top right, Leave last.
  teams: `
    #hangup-button { position: fixed; top: 12px; right: 24px; }
    #hangup-button::after { content: "退出"; }
    #callingButtons-showMoreBtn { position: fixed; top: 12px; right: 120px; }
    #callingButtons-showMoreBtn::after { content: "…"; }`,
};

function demoSkin(service) {
  const c = SKINS[service] ?? SKINS.meet;
  return `
    html { background: ${c.stage}; color: ${c.text}; font: 15px/1.5 "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", sans-serif; }
    body { margin: 0; min-height: 100vh; padding: 20px 28px 104px; box-sizing: border-box; }
    /* The video stage: one participant tile, as a meeting with the camera off shows it. */
    body::before { content: "参加者"; position: fixed; inset: 64px 28px 100px; z-index: -1; border-radius: 12px;
      box-sizing: border-box; padding-top: 150px; display: grid; place-items: center; font-size: 20px; color: #9aa0a6;
      background: radial-gradient(circle at 50% 42%, #5f6368 0 64px, transparent 65px), #2d2e30; }
    /* The control bar along the bottom. */
    body::after { content: ""; position: fixed; left: 0; right: 0; bottom: 0; height: 84px; z-index: -1; background: ${c.bar}; }
    /* Zoom's and Webex's meeting iframe fills the stage. */
    iframe { position: fixed; left: 28px; top: 64px; width: calc(100vw - 56px); height: calc(100vh - 164px); border: 0; }
    button, [role="button"] { display: inline-flex; align-items: center; justify-content: center; gap: 6px;
      min-width: 48px; height: 48px; margin: 6px; padding: 0 16px; border: 0; border-radius: 24px;
      background: ${c.button}; color: ${c.text}; font: inherit; vertical-align: middle; }
    [aria-pressed="true"], [aria-checked="true"] { background: ${c.accent}; color: #111; }
    /* Leave / hang up. */
    [aria-label*="退出"], [aria-label*="Leave"], [aria-label*="leave"], [id*="hangup"], [aria-label*="終了"] {
      background: ${c.leave}; color: #fff; min-width: 72px; }
    /* Icon-font ligatures (closed_caption, call_end) stay in the page, drawn small and dim without the icon font. */
    .google-symbols, .google-material-icons, i[aria-hidden="true"] { font-size: 11px; opacity: 0.75; font-style: normal; }
    /* Meeting titles. */
    .u6vdEc, [data-tid="calling-title"], .meeting-info-container, [class*="subject"], [class*="Subject"] {
      font-size: 16px; font-weight: 600; }
    /* Live captions: white on a dark box, low on the stage. */
    [role="region"], [data-tid="closed-caption-renderer-wrapper"], [class*="caption"], [class*="subtitle"] {
      display: block; max-width: 720px; margin: 24px auto; padding: 12px 16px; border-radius: 8px;
      background: rgba(0, 0, 0, 0.72); color: #fff; font-size: 18px; }
    [role="region"], [data-tid="closed-caption-renderer-wrapper"] {
      position: fixed; left: 50%; bottom: 112px; width: min(720px, 60vw); margin: 0; transform: translateX(-30%); }
    ${SERVICE_CSS[service] ?? ''}
    /* Recording indicators: the red pill every service shows. */
    [class*="recording-indication"], [data-auto-collapse="true"], [class*="recording-label"], [class*="RecordingLabel"] {
      display: inline-flex; align-items: center; gap: 6px; padding: 4px 12px; border-radius: 16px;
      background: rgba(234, 67, 53, 0.18); color: #f28b82; font-weight: 600; }
    [class*="recording-indication"]::before, [data-auto-collapse="true"]::before, [class*="recording-label"]::before {
      content: ""; width: 10px; height: 10px; border-radius: 50%; background: #ea4335; }
  `;
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
  await tab.goto(server.url(page.address, page.fixture, page.frame));
  // Zoom and Webex run their meeting in a same-origin iframe: it gets the look too.
  for (const frame of tab.frames()) await frame.addStyleTag({ content: demoSkin(page.service) });
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

// The browsers and a Japanese font (scripts/ensure-browsers.mjs): without one, the screenshots' Japanese is boxes.
try {
  execFileSync('node', [join(ROOT, 'scripts', 'ensure-browsers.mjs')], { stdio: 'inherit' });
} catch {
  process.exit(1); // ensure-browsers.mjs has said what to install
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
