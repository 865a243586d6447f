// Benchmarks: adapter read cost, the extension's overhead on a busy and a heavy meeting page, notice → badge
// latency, popup time to a drawn checklist, the service worker's cost per snapshot, the first reading and badge
// on a fresh profile before managed storage answers, content-script heap and bundle sizes. Speed is measured here and never by a timed assertion in a test (timings depend on the
// machine). Usage:
//   npm run bench                 print the tables
//   npm run bench -- --write      also write docs/performance.md
//   npm run bench -- --build      rebuild dist/ first (otherwise only when dist/chrome is missing)
//   npm run bench -- --from [F]   no measuring: the tables again from the raw figures of the last full run
//   npm run bench -- --console    only section h, the collector console's queries on 2,000,000 generated records
//                                 (PostgreSQL and PGlite); with --write only that section of the doc changes;
//                                 --pglite-rows N fills PGlite with N records instead (its fill is the slow part)
//   npm run bench -- --quick      every section with a few samples (test/e2e/bench.test.mjs runs it so that the
//                                 bench cannot rot); its figures mean nothing and it never writes the doc
// The real-browser parts write a managed policy to /etc/chromium/policies/managed (as the e2e tests do):
// run as root, under the e2e lock when others share the machine (flock /tmp/e2e.lock npm run bench).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os, { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { chromium } from 'playwright-core';
import {
  badgeText,
  CHROMIUM,
  EXTENSION_ID,
  FIXTURES,
  HOSTS,
  launchChromium,
  startFixtureServer,
  tabIdOf,
  waitFor,
} from '../test/e2e/harness.mjs';
import { benchConsole, consoleReport } from './bench-console.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist', 'chrome');
const DOC = join(ROOT, 'docs', 'performance.md');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
if (QUICK && args.has('--write')) throw new Error('--quick figures are not for the doc: drop --write');
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

// ---- what is measured (kept together so the doc can state it) ----
/** Timed samples per fixture; the median and p95 are taken over these. */
const SAMPLES = QUICK ? 3 : 41;
/** Untimed reads first, so the JIT has compiled the adapter as it would be in a long meeting. */
const WARMUP_READS = QUICK ? 2 : 30;
const LARGE = QUICK ? { tiles: 100, captions: 20 } : { tiles: 2000, captions: 500 };
const BUSY = {
  mutationsPerSecond: 200,
  seconds: QUICK ? 1 : 5,
  /** Rounds of the busy-page arms (without, with, banner copy, no banner), in turn. */
  repeats: QUICK ? 1 : 5,
  /** Rounds of the heavy-page arms (without, with), in turn; and of the profiled pair. */
  heavyRepeats: QUICK ? 1 : 9,
  profiledRepeats: QUICK ? 1 : 3,
  meeting: 'https://meet.google.com/abc-defg-hij',
};
/** Notice → badge trials per condition, popup openings, snapshots timed in the service worker. */
const TRIALS = QUICK ? 3 : 24;
const BUSY_FIXTURE = 'meet/recording-captions-on.en';
/** content/observe.ts's read interval, read from the source so the numbers here follow it. */
const READ_INTERVAL_MS = Number(
  /READ_INTERVAL_MS\s*=\s*(\d+)/.exec(readFileSync(join(ROOT, 'content', 'observe.ts'), 'utf8'))?.[1] ?? NaN,
);
if (!Number.isFinite(READ_INTERVAL_MS)) throw new Error('READ_INTERVAL_MS not found in content/observe.ts');
/** After the busy window: the last mutation's read is due up to READ_INTERVAL_MS later. */
const SETTLE_MS = READ_INTERVAL_MS + 400;

const started = Date.now();
const log = (line) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);

// ---- helpers ----
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** A markdown table: readable on the console and in the doc alike. `align` has 'l' or 'r' per column. */
function table(headers, rows, align) {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, i) => Math.max(3, ...cells.map((row) => [...row[i]].length)));
  const pad = (text, i) => (align[i] === 'r' ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (row) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

const us = (ms) => (ms * 1000).toFixed(ms < 0.1 ? 1 : 0);

function ensureBuild() {
  if (!args.has('--build') && existsSync(join(DIST, 'manifest.json'))) return;
  log('building dist/ (npm run build)');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  return { nproc: execFileSync('nproc', { encoding: 'utf8' }).trim(), model };
}

/** Every fixture with the page URL and service from its header comment. */
function fixtures() {
  const list = [];
  for (const service of readdirSync(FIXTURES).sort()) {
    for (const file of readdirSync(join(FIXTURES, service)).sort()) {
      if (!file.endsWith('.html')) continue;
      const html = readFileSync(join(FIXTURES, service, file), 'utf8');
      const url = /^\s*url:\s*(\S+)/m.exec(html)?.[1];
      const declared = /service:\s*(\S+)/.exec(html)?.[1];
      if (!url || declared !== service) throw new Error(`fixture ${service}/${file}: header lacks url or service`);
      list.push({ service, name: file.replace(/\.html$/, ''), url, html });
    }
  }
  return list;
}

// ---- large meetings: real fixtures padded with noise DOM ----
const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const GIVEN = ['花子', '一郎', '美咲', '健太', '由美', '翔', '陽菜', '大輔', 'さくら', '直樹'];
const SAID = [
  '資料の三ページ目をご覧ください。',
  '次の議題に移ります。',
  '予算の内訳を確認します。',
  '質問はありますか。',
];
const person = (i) => `${FAMILY[i % 10]} ${GIVEN[Math.floor(i / 10) % 10]} ${i}`;
const repeat = (count, render) => Array.from({ length: count }, (_, i) => render(i)).join('');

function insertAfter(html, marker, addition) {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`large case: marker ${marker} not in fixture`);
  // A marker may stop inside its tag (`<div role="region" tabindex="0"`): insert after the tag's end.
  const end = marker.endsWith('>') ? at + marker.length : html.indexOf('>', at + marker.length) + 1;
  return html.slice(0, end) + addition + html.slice(end);
}

/** Each case pads a fixture so its read must still give the same snapshot (checked below). */
const LARGE_CASES = [
  {
    base: 'meet/recording-captions-on.en',
    label: `${LARGE.tiles} tiles + ${LARGE.captions} caption lines`,
    pad: (html) => {
      const tiles = repeat(
        LARGE.tiles,
        (i) =>
          `<div class="oZRSLe" data-participant-id="spaces/x/devices/${i}"><div class="zWGUib">${person(i)}</div>` +
          '<i class="google-symbols" aria-hidden="true">mic_off</i>' +
          '<button aria-label="その他の操作"><i class="google-symbols" aria-hidden="true">more_vert</i></button></div>',
      );
      const lines = repeat(
        LARGE.captions,
        (i) =>
          `<div class="nMcdL"><div class="KcIKyf">${person(i)}</div><div jsname="tgaKEf">${SAID[i % 4]}</div></div>`,
      );
      return insertAfter(insertAfter(html, '<body>', tiles), '<div role="region" tabindex="0"', lines);
    },
  },
  {
    base: 'zoom/participants.ja',
    label: `${LARGE.tiles} participants in the open panel + ${LARGE.tiles} tiles + ${LARGE.captions} chat lines`,
    pad: (html) => {
      const names = repeat(
        LARGE.tiles,
        (i) => `<li class="participants-li"><span class="participants-item__display-name">${person(i)}</span></li>`,
      );
      const tiles = repeat(
        LARGE.tiles,
        (i) =>
          `<div class="video-avatar__avatar"><span class="video-avatar__avatar-name">${person(i)}</span>` +
          '<i class="zm-icon-muted" aria-label="ミュート"></i></div>',
      );
      const chat = repeat(
        LARGE.captions,
        (i) => `<div class="chat-item__chat-info"><span>${person(i)}</span><pre>${SAID[i % 4]}</pre></div>`,
      );
      return insertAfter(
        insertAfter(html, '<ul id="participants-ul">', names),
        '<div class="meeting-app">',
        tiles + chat,
      );
    },
  },
  {
    base: 'teams/meeting-captions.en',
    label: `${LARGE.tiles} roster rows + ${LARGE.tiles} tiles + ${LARGE.captions} caption lines`,
    pad: (html) => {
      const rows = repeat(
        LARGE.tiles,
        (i) => `<div role="treeitem" data-tid="participantsInCall-${person(i)}"><span>${person(i)}</span></div>`,
      );
      const tiles = repeat(
        LARGE.tiles,
        (i) => `<div data-tid="video-tile" data-stream-type="Video"><span>${person(i)}</span></div>`,
      );
      const lines = repeat(
        LARGE.captions,
        (i) =>
          `<div class="fui-ChatMessageCompact"><span data-tid="author">${person(i)}</span>` +
          `<span data-tid="closed-caption-text">${SAID[i % 4]}</span></div>`,
      );
      return insertAfter(
        insertAfter(
          insertAfter(html, 'aria-label="Attendees">', rows),
          '<div data-tid="app-layout-area--main">',
          tiles,
        ),
        '<div data-tid="closed-captions-v2-items-renderer">',
        lines,
      );
    },
  },
];

// ---- a. adapter read cost ----
/** The adapters as the page runs them: bundled from src/ (always the current source, not dist/). */
async function adapterBundle() {
  const result = await build({
    entryPoints: [join(ROOT, 'src', 'services', 'index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'MeetingGuardBench',
    // page.evaluate may run the text inside a function, where the `var` would stay local.
    footer: { js: 'globalThis.MeetingGuardBench = MeetingGuardBench;' },
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Runs in the page. Page timers are coarse (5 µs cross-origin isolated, else 100 µs), so a sample times n reads. */
function timeReads({ id, href, samples, warmup }) {
  const service = globalThis.MeetingGuardBench.services.find((candidate) => candidate.id === id);
  const url = new URL(href);
  const read = () => service.read(document, url, service.table);
  let snapshot;
  for (let i = 0; i < warmup; i++) snapshot = read();
  // Enough reads per sample that the timer's granularity is under ~3 % of the sample.
  const minSampleMs = globalThis.crossOriginIsolated ? 0.2 : 3;
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) read();
    if (performance.now() - t0 >= minSampleMs || n >= 65536) break;
    n *= 2;
  }
  const times = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) read();
    times.push((performance.now() - t0) / n);
  }
  return { times, n, snapshot: JSON.stringify(snapshot), isolated: globalThis.crossOriginIsolated };
}

/** Serves each case at its own path, cross-origin isolated so that the page's timer resolution is 5 µs. */
async function startCaseServer(pages) {
  const server = createServer((request, response) => {
    const html = pages.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (html === undefined) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      })
      .end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function benchAdapters() {
  const list = fixtures();
  const byName = new Map(list.map((fixture) => [`${fixture.service}/${fixture.name}`, fixture]));
  const cases = list.map((fixture) => ({ ...fixture, label: fixture.name }));
  for (const large of LARGE_CASES) {
    const base = byName.get(large.base);
    cases.push({
      ...base,
      name: `${base.name} LARGE`,
      label: `${base.name}, ${large.label}`,
      html: large.pad(base.html),
    });
  }
  const pages = new Map(cases.map((c, i) => [`/case/${i}`, c.html]));
  const bundle = await adapterBundle();
  const server = await startCaseServer(pages);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const rows = [];
  const version = browser.version();
  try {
    const page = await browser.newPage();
    for (const [i, c] of cases.entries()) {
      await page.goto(`${server.origin}/case/${i}`);
      await page.evaluate(bundle);
      const result = await page.evaluate(timeReads, {
        id: c.service,
        href: c.url,
        samples: SAMPLES,
        warmup: WARMUP_READS,
      });
      const sorted = result.times.sort((a, b) => a - b);
      rows.push({
        ...c,
        median: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        n: result.n,
        snapshot: result.snapshot,
        isolated: result.isolated,
        elements: await page.evaluate(() => document.getElementsByTagName('*').length),
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  // Noise must not change what the page says: a large case reads exactly as its base fixture.
  for (const row of rows.filter((r) => r.name.endsWith(' LARGE'))) {
    const base = rows.find((r) => r.service === row.service && `${r.name} LARGE` === row.name);
    row.same = row.snapshot === base.snapshot;
    row.base = base;
  }
  return { rows, chromium: version };
}

// ---- b. the extension's overhead on a busy and a heavy meeting page (the real built extension) ----
/** Runs in the page: live-caption-like churn, `rate` text mutations a second, a new line every 20. */
function churn({ rate, seconds }) {
  const region = document.querySelector('[role="region"]') ?? document.body;
  let line;
  let count = 0;
  const t0 = performance.now();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - t0;
      // Catch up to the target rate whatever the timer's jitter.
      const due = Math.floor((Math.min(elapsed, seconds * 1000) * rate) / 1000);
      for (; count < due; count++) {
        if (!line || count % 20 === 0) {
          line = document.createElement('div');
          line.append(document.createTextNode(''));
          region.append(line);
          if (region.children.length > 30) region.firstElementChild.remove();
        }
        line.firstChild.data += 'あ';
      }
      if (elapsed >= seconds * 1000 || globalThis.mgBenchStop) {
        clearInterval(timer);
        resolve(count);
      }
    }, 5);
  });
}

/** The heavy page: the busy fixture padded to LARGE.tiles video tiles and LARGE.captions caption lines. */
const HEAVY = LARGE_CASES.find((c) => c.base === BUSY_FIXTURE);
const HEAVY_URL = `${BUSY.meeting}?mg-heavy=1`;
const heavyHtml = () => HEAVY.pad(readFileSync(join(FIXTURES, `${BUSY_FIXTURE}.html`), 'utf8'));

/** A persistent Chromium like harness.mjs's launchChromium, but without the extension: the baseline. */
async function launchWithoutExtension(server, { machineLocale = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'mg-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'ja-JP',
    // As launchChromium does, so that the two arms differ only by the extension. The environment's
    // locale changes how Chromium lays out Japanese text (b2 shows by how much).
    env: machineLocale ? process.env : { ...process.env, LANGUAGE: 'ja_JP', LANG: 'ja_JP.UTF-8' },
    ignoreHTTPSErrors: true,
    args: [
      ...BROWSER_ARGS,
      '--lang=ja-JP',
      `--host-resolver-rules=${HOSTS.map((host) => `MAP ${host} 127.0.0.1:${server.port}`).join(',')}`,
      '--ignore-certificate-errors',
      '--disable-quic',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The banner as the in-page UI script builds it, bundled from content/banner.ts to run in a page without the extension. */
async function bannerBundle() {
  const result = await build({
    entryPoints: [join(ROOT, 'content', 'banner.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'MeetingGuardBanner',
    footer: { js: 'globalThis.MeetingGuardBanner = MeetingGuardBanner;' },
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'silent',
    plugins: [inlineCss],
  });
  return result.outputFiles[0].text;
}

/** `import STYLE from './banner.css?inline'` as vite builds it: the stylesheet's text, minified. */
const inlineCss = {
  name: 'inline-css',
  setup(build) {
    build.onResolve({ filter: /\.css\?inline$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\?inline$/, '')),
      namespace: 'inline-css',
    }));
    build.onLoad({ filter: /.*/, namespace: 'inline-css' }, async (args) => ({
      contents: (await transform(readFileSync(args.path, 'utf8'), { loader: 'css', minify: true })).code,
      loader: 'text',
    }));
  },
};

/** What background sends for the busy page (recording and captions at class 2), in the locale's words. */
function bannerState() {
  const ja = JSON.parse(readFileSync(join(ROOT, '_locales', 'ja', 'messages.json'), 'utf8'));
  const say = (key) => ja[key]?.message ?? key;
  return {
    type: 'warnings',
    locale: 'ja',
    warnings: ['recording', 'transcription'].map((id) => ({
      id,
      clause: '21-no-e2e-breaking',
      title: say(`warning_${id}_title`),
      advice: say(`warning_${id}_advice`),
    })),
    dismissed: [],
    labels: {
      heading: say('heading_warnings'),
      dismiss: say('dismiss'),
      procedure: say('procedureLink'),
      clause: say('clause'),
      minimize: say('minimize'),
    },
    procedureUrl: '',
    guard: { mode: 'warn', sensitive: true },
    guardLabels: {},
    featureNames: {},
  };
}

const ARMS = {
  without: { label: 'without the extension', extension: false },
  with: { label: 'with the extension (banner shown)', extension: true, badge: '2' },
  noBanner: {
    label: 'with the extension, policy class 1 (no warnings, no banner)',
    extension: true,
    badge: '',
    policy: { defaultClassification: 1 },
  },
  bannerCopy: {
    label: "without the extension, a copy of our banner put in the page's DOM",
    extension: false,
    copy: true,
  },
  withoutAgain: {
    label: 'without the extension, again (the same arm as the first: the noise floor)',
    extension: false,
  },
  machineLocale: {
    label: `without the extension, browser in the machine's locale (LANG=${process.env.LANG ?? 'unset'})`,
    extension: false,
    machineLocale: true,
  },
};

const shuffled = (list) =>
  list
    .map((item) => [Math.random(), item])
    .sort((a, b) => a[0] - b[0])
    .map(([, item]) => item);

const BUSY_ARMS = ['without', 'with', 'noBanner', 'bannerCopy', 'machineLocale', 'withoutAgain'];

async function launchArm(server, arm) {
  return arm.extension
    ? launchChromium(server, { locale: 'ja-JP', ...(arm.policy ? { policy: arm.policy } : {}) })
    : launchWithoutExtension(server, { machineLocale: arm.machineLocale });
}

/** Opens the busy fixture or the heavy page at the meeting's real address (the heavy one fulfilled from memory). */
async function openMeetingPage(run, server, kind) {
  const page = await run.context.newPage();
  if (kind === 'heavy') {
    const body = heavyHtml();
    await page.route(HEAVY_URL, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
    );
    await page.goto(HEAVY_URL);
  } else await page.goto(server.url(BUSY.meeting, BUSY_FIXTURE));
  return page;
}

const metric = (metrics, name) => metrics.find((m) => m.name === name)?.value ?? 0;

/** Milliseconds of CPU-profile samples whose stack passes through a script whose URL is `url`. */
function profileTime(profile, url) {
  const parent = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ours = new Map();
  const isOurs = (id) => {
    if (ours.has(id)) return ours.get(id);
    const node = byId.get(id);
    const result = node.callFrame.url === url || (parent.has(id) && isOurs(parent.get(id)));
    ours.set(id, result);
    return result;
  };
  let micros = 0;
  profile.samples.forEach((id, i) => {
    if (isOurs(id)) micros += profile.timeDeltas[i + 1] ?? 0;
  });
  return micros / 1000;
}

const MEET_SCRIPT = 'content/entries/meet.js';

/**
 * observe.ts's read() is the smallest function of the content script that calls `.read(document`
 * (the adapter) and JSON.stringify (to compare snapshots); its call count is the number of adapter
 * reads. Found in the built file by those, since minifying renames everything but properties.
 */
function readCount(coverage, url) {
  const source = readFileSync(join(DIST, MEET_SCRIPT), 'utf8');
  const script = coverage.find((entry) => entry.url === url);
  const ranges = (script?.functions ?? []).map((fn) => fn.ranges[0]);
  const body = (range) => source.slice(range.startOffset, range.endOffset);
  const candidates = ranges
    .filter((range) => body(range).includes('.read(document') && body(range).includes('JSON.stringify('))
    .sort((a, b) => a.endOffset - a.startOffset - (b.endOffset - b.startOffset));
  return candidates[0]?.count ?? NaN;
}

/**
 * One measured window on a fresh browser: the page settles, then the caption stream runs for BUSY.seconds
 * plus SETTLE_MS. Main-thread figures are DevTools Performance.getMetrics deltas of the page's renderer;
 * ThreadTime is its main thread's CPU time (what the machine's other load cannot inflate, unlike
 * TaskDuration, which is wall time). With `profiled`, the V8 sampling profiler and precise call counts run
 * in the window (the caller uses it in both arms or in neither).
 */
async function overheadRun(server, arm, kind, { profiled = false } = {}) {
  const run = await launchArm(server, arm);
  try {
    const page = await openMeetingPage(run, server, kind);
    if (arm.extension) {
      const tabId = await tabIdOf(run, page);
      await waitFor(async () => (await badgeText(run, tabId)) === arm.badge, { message: `badge "${arm.badge}"` });
    }
    if (arm.copy) {
      await page.evaluate(await bannerBundle());
      await page.evaluate(
        (state) => new globalThis.MeetingGuardBanner.Banner(() => undefined).update(state),
        bannerState(),
      );
    }
    // Past the page's load work and the content script's first read in every arm alike.
    await page.waitForTimeout(1000);
    const cdp = await run.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (profiled) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      // Precise call counts say how often observe.ts's read ran; taking coverage resets the counters.
      await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
      await cdp.send('Profiler.takePreciseCoverage');
      await cdp.send('Profiler.start');
    }
    const before = (await cdp.send('Performance.getMetrics')).metrics;
    const mutations = await page.evaluate(churn, { rate: BUSY.mutationsPerSecond, seconds: BUSY.seconds });
    await page.waitForTimeout(SETTLE_MS);
    const after = (await cdp.send('Performance.getMetrics')).metrics;
    const delta = (name) => (metric(after, name) - metric(before, name)) * 1000;
    const out = {
      mutations,
      taskMs: delta('TaskDuration'),
      threadMs: delta('ThreadTime'),
      scriptMs: delta('ScriptDuration'),
      layoutMs: delta('LayoutDuration') + delta('RecalcStyleDuration'),
      layouts: metric(after, 'LayoutCount') - metric(before, 'LayoutCount'),
    };
    if (profiled) {
      const { profile } = await cdp.send('Profiler.stop');
      const { result: coverage } = await cdp.send('Profiler.takePreciseCoverage');
      const url = `chrome-extension://${EXTENSION_ID}/${MEET_SCRIPT}`;
      out.ownMs = arm.extension ? profileTime(profile, url) : 0;
      out.reads = arm.extension ? readCount(coverage, url) : 0;
      await cdp.send('Profiler.stopPreciseCoverage');
    }
    if (kind === 'heavy' && !profiled) {
      // The page's isolate holds the content script's isolated world too: with − without is ours.
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      out.heapBytes = metric((await cdp.send('Performance.getMetrics')).metrics, 'JSHeapUsedSize');
    }
    return out;
  } finally {
    await run.close();
  }
}

/**
 * Arms in turn, round after round, so that drift in the machine's load hits every arm alike; the order
 * is shuffled each round, so that no arm always runs first (the previous browser's teardown can overlap
 * the next run's window). A round's ratios pair its own runs.
 */
async function alternate(server, armNames, kind, rounds, options) {
  const runs = { ...Object.fromEntries(armNames.map((name) => [name, []])), orders: [] };
  for (let round = 0; round < rounds; round++) {
    const order = shuffled(armNames);
    runs.orders.push(order);
    for (const name of order) runs[name].push(await overheadRun(server, ARMS[name], kind, options));
    log(`  ${kind}${options?.profiled ? ' (profiled)' : ''} round ${round + 1}/${rounds} done`);
  }
  return runs;
}

async function benchOverhead() {
  const server = await startFixtureServer();
  try {
    log('b. overhead: heavy page, with and without (no profiler in either arm)');
    const heavy = await alternate(server, ['without', 'with'], 'heavy', BUSY.heavyRepeats);
    log('b. overhead: heavy page, profiled in both arms');
    const profiled = await alternate(server, ['without', 'with'], 'heavy', BUSY.profiledRepeats, { profiled: true });
    log('b. overhead: busy page, four arms');
    const busy = await alternate(server, BUSY_ARMS, 'busy', BUSY.repeats);
    return { heavy, profiled, busy };
  } finally {
    await server.close();
  }
}

// ---- d. notice → badge, e. popup, f. service-worker cost of a snapshot ----
/** Runs in the page: takes the recording notice out (Meet's banner at the top), keeping it to put back. */
function takeNoticeOut() {
  const pill = document.querySelector('[role="banner"]');
  globalThis.mgBenchNotice = { pill, parent: pill.parentNode };
  pill.remove();
}

/** Counts storage calls and times each snapshot from its arrival to the end of background's refresh. */
function instrumentWorker() {
  if (globalThis.mgBench) return;
  const bench = { reads: 0, writes: 0, snapshots: [], current: null };
  globalThis.mgBench = bench;
  const apis = [...new Set([globalThis.chrome, globalThis.browser].filter(Boolean))];
  const wrap = (object, method, count) => {
    const original = object?.[method];
    if (typeof original !== 'function' || original.mgBench) return;
    const wrapped = function (...args) {
      count();
      return original.apply(this, args);
    };
    wrapped.mgBench = true;
    object[method] = wrapped;
  };
  for (const api of apis) {
    for (const area of ['session', 'local', 'managed']) {
      wrap(api.storage?.[area], 'get', () => bench.reads++);
      for (const method of ['set', 'remove']) wrap(api.storage?.[area], method, () => bench.writes++);
    }
    // refreshTab ends by telling an open popup 'tab-view-changed': the end of one snapshot's work.
    const send = api.runtime.sendMessage;
    if (send.mgBench) continue;
    api.runtime.sendMessage = function (message, ...rest) {
      if (message?.type === 'tab-view-changed' && bench.current) {
        const { t, reads, writes } = bench.current;
        bench.snapshots.push({ ms: performance.now() - t, reads: bench.reads - reads, writes: bench.writes - writes });
        bench.current = null;
      }
      return send.call(this, message, ...rest);
    };
    api.runtime.sendMessage.mgBench = true;
  }
  chrome.runtime.onMessage.addListener((message) => {
    if (message?.type === 'snapshot')
      bench.current = { t: performance.now(), reads: bench.reads, writes: bench.writes };
  });
}

/** Starts polling the badge in the service worker; resolves once the poller has seen `from`. */
function startBadgePoll({ tabId, from, timeout }) {
  globalThis.mgBenchPoll = (async () => {
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      const text = await chrome.action.getBadgeText({ tabId });
      if (text !== from) return { at: Date.now(), text };
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return null;
  })();
  return chrome.action.getBadgeText({ tabId }).then((text) => text === from);
}

/** One trial: the notice goes back in at t0 (page clock); the badge's change is seen at t1 (worker clock). */
async function noticeTrial(run, page, tabId, from) {
  const worker = run.worker();
  const ready = await worker.evaluate(startBadgePoll, { tabId, from, timeout: 10_000 });
  if (!ready) throw new Error(`badge was not "${from}" before the trial`);
  const t0 = await page.evaluate(() => {
    globalThis.mgBenchNotice.parent.append(globalThis.mgBenchNotice.pill);
    return Date.now();
  });
  const seen = await worker.evaluate(() => globalThis.mgBenchPoll);
  if (!seen) throw new Error('the badge did not change within 10 s of the notice');
  // Take it out again and wait for the badge to follow, ready for the next trial.
  await page.evaluate(() => globalThis.mgBenchNotice.pill.remove());
  await waitFor(async () => (await badgeText(run, tabId)) === from, { message: `badge back to "${from}"` });
  return { ms: seen.at - t0, to: seen.text };
}

async function latencyTrials(run, page, tabId, { busy }) {
  await waitFor(async () => (await badgeText(run, tabId)) === '2', { message: 'badge 2 with the notice' });
  await page.evaluate(takeNoticeOut);
  const from = await waitFor(
    async () => {
      const text = await badgeText(run, tabId);
      return text !== '2' && text;
    },
    { message: 'badge without the notice' },
  );
  // Kept and awaited below: a churn still running when the browser closes would reject unhandled.
  const churning = busy ? page.evaluate(churn, { rate: BUSY.mutationsPerSecond, seconds: 3600 }) : undefined;
  churning?.catch(() => undefined); // if a trial fails first, its error is the one to report
  const trials = [];
  for (let i = 0; i < TRIALS; i++) {
    // Quiet: past the read interval, so a change meets no read pending. Busy: any moment of the interval.
    await page.waitForTimeout(busy ? Math.random() * READ_INTERVAL_MS : READ_INTERVAL_MS + 300);
    trials.push(await noticeTrial(run, page, tabId, from));
  }
  if (churning) {
    await page.evaluate(() => (globalThis.mgBenchStop = true));
    await churning;
  }
  return { from, trials };
}

/** Runs in the popup page: first animation frame with the checklist in the DOM, ms from navigation start. */
const checklistDrawn = () => (document.querySelector('main:not([aria-busy]) [data-check]') ? performance.now() : false);

async function benchInteractive() {
  const server = await startFixtureServer();
  const run = await launchChromium(server, { locale: 'ja-JP' });
  try {
    log('d. notice → badge (quiet page)');
    const page = await run.context.newPage();
    await page.goto(server.url(BUSY.meeting, BUSY_FIXTURE));
    const tabId = await tabIdOf(run, page);
    await waitFor(async () => (await badgeText(run, tabId)) === '2', { message: 'badge 2' });
    await run.worker().evaluate(instrumentWorker);
    const quiet = await latencyTrials(run, page, tabId, { busy: false });
    const worker = await run.worker().evaluate(() => globalThis.mgBench.snapshots);

    log('e. popup open → checklist drawn');
    await page.evaluate(() => globalThis.mgBenchNotice.parent.append(globalThis.mgBenchNotice.pill));
    await waitFor(async () => (await badgeText(run, tabId)) === '2', { message: 'badge 2 for the popup' });
    const popup = [];
    for (let i = 0; i < TRIALS; i++) {
      const view = await run.context.newPage();
      await view.goto(`chrome-extension://${EXTENSION_ID}/popup/index.html?tab=${tabId}`, { waitUntil: 'commit' });
      popup.push(await (await view.waitForFunction(checklistDrawn, undefined, { polling: 'raf' })).jsonValue());
      await view.close();
    }
    await page.close();

    log('d. notice → badge (heavy page with a live caption stream)');
    const heavy = await openMeetingPage(run, server, 'heavy');
    const heavyTab = await tabIdOf(run, heavy);
    const busy = await latencyTrials(run, heavy, heavyTab, { busy: true });
    return { quiet, busy, popup, worker };
  } finally {
    await run.close();
    await server.close();
  }
}

// ---- g. first start: meeting markup → first reading and badge, before managed storage answers ----
/**
 * Fresh browsers (a new profile each, so the extension's first start after install) under an admin policy that
 * adds a warning of its own: Meet is permitted only at 機密性1, so at the default class 2 the admin's policy
 * shows 3 warnings where the built-in defaults show 2. The first badge says whether the page was read before the
 * policy answered (2) or only after (3); the badge then going to 3 shows the admin's policy applied when it came.
 */
const FIRST_START = {
  runs: QUICK ? 1 : 8,
  policy: { permittedServices: [{ service: 'meet', maxClassification: 1 }] },
  defaultsBadge: '2',
  policyBadge: '3',
};

/** Runs in the service worker at once: notes when managed storage first answers, the first reading and each badge. */
function watchFirstStart() {
  const watch = { managedAt: null, readingAt: null, tabId: null, badges: [] };
  globalThis.mgFirstStart = watch;
  chrome.storage.managed.get().then(
    () => (watch.managedAt = Date.now()),
    () => (watch.managedAt = Date.now()),
  );
  chrome.runtime.onMessage.addListener((message, sender) => {
    if (message?.type !== 'snapshot' || !message.snapshot || watch.readingAt) return;
    watch.readingAt = Date.now();
    watch.tabId = sender.tab.id;
  });
  (async () => {
    const end = Date.now() + 30_000;
    while (Date.now() < end) {
      if (watch.tabId !== null) {
        const text = await chrome.action.getBadgeText({ tabId: watch.tabId });
        if (text !== (watch.badges.at(-1)?.text ?? '')) watch.badges.push({ at: Date.now(), text });
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  return performance.timeOrigin;
}

async function firstStartRun(server) {
  const run = await launchChromium(server, { locale: 'ja-JP', policy: FIRST_START.policy, awaitPolicy: false });
  try {
    const workerStart = await run.worker().evaluate(watchFirstStart);
    const page = await run.context.newPage();
    await page.goto(server.url(BUSY.meeting, BUSY_FIXTURE));
    // The meeting's markup is the fixture's own HTML: it is in the DOM once the parser is through it.
    const markupAt = await page.evaluate(
      () => performance.timeOrigin + performance.getEntriesByType('navigation')[0].domInteractive,
    );
    const watch = await waitFor(
      async () => {
        const seen = await run.worker().evaluate(() => globalThis.mgFirstStart);
        return seen.managedAt && seen.badges.some((badge) => badge.text === FIRST_START.policyBadge) && seen;
      },
      { timeout: 30_000, message: `badge ${FIRST_START.policyBadge} under the admin's policy` },
    );
    const since = (at) => (at === null || at === undefined ? null : Math.round(at - markupAt));
    return {
      managedAfterStart: Math.round(watch.managedAt - workerStart),
      markupAfterStart: Math.round(markupAt - workerStart),
      reading: since(watch.readingAt),
      firstBadge: { ms: since(watch.badges[0]?.at), text: watch.badges[0]?.text },
      policyBadge: since(watch.badges.find((badge) => badge.text === FIRST_START.policyBadge)?.at),
      managed: since(watch.managedAt),
    };
  } finally {
    await run.close();
  }
}

async function benchFirstStart() {
  const server = await startFixtureServer();
  try {
    const runs = [];
    for (let i = 0; i < FIRST_START.runs; i++) {
      log(`g. first start, fresh profile ${i + 1}/${FIRST_START.runs}`);
      runs.push(await firstStartRun(server));
    }
    return runs;
  } finally {
    await server.close();
  }
}

// ---- c. bundle sizes ----
/** The file and the chunks it imports statically, relative to dist/chrome. */
function withImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(join(DIST, file), 'utf8');
  for (const [, spec] of source.matchAll(
    /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'`]([./][^"'`]+\.js)["'`]/g,
  )) {
    const target = spec.startsWith('/') ? spec.slice(1) : relative(DIST, join(DIST, dirname(file), spec));
    withImports(target, seen);
  }
  return seen;
}

function scriptOf(htmlPath) {
  const html = readFileSync(join(DIST, htmlPath), 'utf8');
  const src = /<script[^>]*\ssrc="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error(`no script in ${htmlPath}`);
  return src.startsWith('/') ? src.slice(1) : relative(DIST, join(DIST, dirname(htmlPath), src));
}

function bundleSizes() {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  const entries = [
    ...manifest.content_scripts.map((script) => [
      `content script: ${/entries\/(\w+)\.js$/.exec(script.js[0])?.[1] ?? script.js[0]}`,
      script.js[0],
    ]),
    ['content script: custom services (registered at run time)', 'content/entries/custom.js'],
    ['in-page UI: banner and guard (injected where needed)', 'content/entries/ui.js'],
    ['popup', scriptOf(manifest.action.default_popup)],
    ['options page', scriptOf(manifest.options_ui.page)],
    ['service worker', manifest.background.service_worker],
  ];
  const size = (files) => {
    const bytes = Buffer.concat([...files].map((file) => readFileSync(join(DIST, file))));
    return { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  return entries.map(([what, file]) => {
    const all = withImports(file);
    return { what, file, own: size([file]), total: size(all), chunks: all.size };
  });
}

// ---- report ----
const sortedOf = (values) => [...values].sort((a, b) => a - b);
const medianOf = (values) => percentile(sortedOf(values), 0.5);
const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
/** Median, then the range of the runs: the spread shows how much of a difference is noise. */
const spread = (values, digits = 1) =>
  `${fixed(medianOf(values), digits)} (${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)})`;

/** Per-round ratios with/without (each round's pair ran back to back): median and range. */
function ratios(runs, key, arm = 'with', base = 'without') {
  return runs[arm].map((run, i) => run[key] / runs[base][i][key]);
}

const OVERHEAD_METRICS = [
  ['TaskDuration, ms (wall time of the main thread’s tasks)', 'taskMs'],
  ['ThreadTime, ms (main thread CPU time)', 'threadMs'],
  ['ScriptDuration, ms (all scripts)', 'scriptMs'],
  ['Layout + RecalcStyle, ms', 'layoutMs'],
  ['layouts', 'layouts'],
];

function report({ adapters, overhead, interactive, firstStart, sizes, info, consoleBench }) {
  const out = [];
  const stamp = `Run ${info.date} on ${info.machine}, Chromium ${info.chromium}.`;
  const regular = adapters.filter((row) => !row.name.endsWith(' LARGE'));
  const isolated = adapters.every((row) => row.isolated);
  out.push('## a. Adapter read cost\n');
  out.push(
    `\`service.read(document, url, service.table)\` in headless Chromium on each fixture page ` +
      `(the adapters bundled from src/ with esbuild, run in the page). After ${WARMUP_READS} warm-up reads, ` +
      `${SAMPLES} samples; each sample is the mean of n back-to-back reads, n chosen so a sample outlasts the ` +
      `page's timer granularity (${isolated ? 'cross-origin isolated: 5 µs' : '100 µs'}). ` +
      `Median and p95 are over the samples, in microseconds. ${stamp}\n`,
  );
  for (const service of [...new Set(regular.map((row) => row.service))]) {
    const rows = regular.filter((row) => row.service === service);
    out.push(`### ${service}\n`);
    out.push(
      table(
        ['fixture', 'elements', 'median µs', 'p95 µs', 'n'],
        rows.map((row) => [row.name, row.elements, us(row.median), us(row.p95), row.n]),
        ['l', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push('');
  }
  out.push('### Large meetings (fixtures padded with noise DOM)\n');
  out.push(
    table(
      ['case', 'elements', 'median µs', 'p95 µs', 'base median µs', 'busy-page main-thread share', 'same snapshot'],
      adapters
        .filter((row) => row.name.endsWith(' LARGE'))
        .map((row) => [
          `${row.service}/${row.label}`,
          row.elements,
          us(row.median),
          us(row.p95),
          us(row.base.median),
          `${((100 * row.median) / READ_INTERVAL_MS).toFixed(1)} %`,
          row.same ? 'yes' : 'NO',
        ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  out.push(
    `\nBusy-page share: the median read's part of the main thread when the page changes all the time and ` +
      `observe.ts reads once per ${READ_INTERVAL_MS} ms. "Same snapshot": the padded page reads exactly as its ` +
      'base fixture.\n',
  );

  const { heavy, profiled, busy } = overhead;
  const heap = heavy.with.map((run, i) => (run.heapBytes - heavy.without[i].heapBytes) / 1024);
  out.push('## b. Overhead on a heavy meeting page\n');
  out.push(
    `The built extension (dist/chrome) in headless Chromium, ${HEAVY.base} padded to ${HEAVY.label} ` +
      `(the large Meet case of table a) at ${BUSY.meeting}, with a live caption stream: ` +
      `the page appends caption text ${BUSY.mutationsPerSecond} times a second (a new line every 20) for ${BUSY.seconds} s; ` +
      `measured over that window plus ${SETTLE_MS} ms for the last scheduled read, after the page settled ` +
      `(with the extension: once the badge showed its 2 warnings and the banner was up). ` +
      `${BUSY.heavyRepeats} rounds; each round runs a fresh browser without and a fresh browser with the ` +
      'extension, back to back, so that drift in the machine’s load hits both ' +
      (heavy.orders ? '(in a shuffled order). ' : '(in this run: without first, every round). ') +
      'No profiler in either arm. ' +
      'Figures: DevTools Performance.getMetrics deltas of the page’s renderer; cells are the median (min–max); ' +
      `the ratio is the median of the rounds’ with/without ratios (min–max). ${stamp}\n`,
  );
  out.push(
    table(
      ['measure', 'without', 'with', 'ratio with/without'],
      OVERHEAD_METRICS.map(([label, key]) => [
        label,
        spread(
          heavy.without.map((run) => run[key]),
          key === 'layouts' ? 0 : 1,
        ),
        spread(
          heavy.with.map((run) => run[key]),
          key === 'layouts' ? 0 : 1,
        ),
        spread(ratios(heavy, key), 3),
      ]),
      ['l', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push(
    `Content-script heap on this page: ${spread(heap, 0)} KiB — JSHeapUsedSize after a forced garbage ` +
      'collection at the end of the window, with minus without, per round (the page’s isolate holds the content ' +
      'script’s isolated world, so the difference is ours: the script, its adapter table, the last snapshot, the ' +
      'banner’s closed shadow root and the isolated world itself).\n',
  );
  out.push(`### Profiled in both arms (${BUSY.profiledRepeats} rounds)\n`);
  out.push(
    'The same heavy page and window with the V8 sampling profiler (100 µs) and precise call counts running in ' +
      'both arms: the profile says how much of the main thread is the content script itself, the call counts how ' +
      `often observe.ts read the page. "Content script" is the CPU-profile time of stacks inside ${MEET_SCRIPT}, ` +
      `the DOM calls it makes included. ${stamp}\n`,
  );
  out.push(
    table(
      ['measure', 'without', 'with'],
      [
        ['TaskDuration, ms', spread(profiled.without.map((r) => r.taskMs)), spread(profiled.with.map((r) => r.taskMs))],
        ['content script main-thread time, ms', '—', spread(profiled.with.map((r) => r.ownMs))],
        [
          'adapter reads in the window',
          '—',
          spread(
            profiled.with.map((r) => r.reads),
            0,
          ),
        ],
        [
          'content script time per read (observer callbacks included), ms',
          '—',
          spread(
            profiled.with.map((r) => r.ownMs / Math.max(1, r.reads)),
            2,
          ),
        ],
      ],
      ['l', 'r', 'r'],
    ),
  );
  out.push('');

  // Arms in this run's figures (a run from before an arm was added renders without it).
  const busyArms = BUSY_ARMS.filter((name) => busy[name]);
  out.push('## b2. Where the overhead on the small busy page comes from\n');
  out.push(
    `The busy fixture itself (${BUSY_FIXTURE}, ${regular.find((r) => `${r.service}/${r.name}` === BUSY_FIXTURE)?.elements ?? '?'} ` +
      `elements) with the same caption stream and window, in ${busyArms.length} arms per round: without the ` +
      'extension; with it (banner shown); with it under a managed policy of class 1 (no warnings, so no banner: ' +
      'the reading alone); without it but with a copy of our banner (content/banner.ts bundled into the page, the ' +
      'same two warnings): the banner alone; and without it in a browser started in the machine’s own locale ' +
      'instead of ja_JP, as the baseline of the earlier version of this table was; and the first arm again, ' +
      'to show how far two identical arms differ on this machine. Arms in a shuffled order each round. No profiler. ' +
      `${BUSY.repeats} rounds; cells are the median (min–max). ${stamp}\n`,
  );
  out.push(
    table(
      ['measure', ...busyArms.map((name) => ARMS[name].label)],
      OVERHEAD_METRICS.map(([label, key]) => [
        label,
        ...busyArms.map((name) =>
          spread(
            busy[name].map((run) => run[key]),
            key === 'layouts' ? 0 : 1,
          ),
        ),
      ]),
      ['l', ...busyArms.map(() => 'r')],
    ),
  );
  out.push('');
  const others = busyArms.filter((name) => name !== 'without');
  out.push(
    table(
      ['ratio to "without" (median of rounds, min–max)', ...others],
      OVERHEAD_METRICS.filter(([, key]) => key !== 'layouts').map(([label, key]) => [
        label.replace(/, ms.*$/, ''),
        ...others.map((name) => spread(ratios(busy, key, name), 3)),
      ]),
      ['l', ...others.map(() => 'r')],
    ),
  );
  out.push('');
  out.push(overheadFindings({ overhead, adapters }));
  out.push('');

  const { quiet, busy: busyLatency, popup, worker } = interactive;
  const latencyRow = (label, { trials, from }, goal) => {
    const ms = sortedOf(trials.map((trial) => trial.ms));
    return [
      label,
      ms.length,
      `${from} → ${trials[0]?.to ?? '?'}`,
      fixed(percentile(ms, 0.5), 0),
      fixed(percentile(ms, 0.95), 0),
      `${fixed(ms[0], 0)}–${fixed(ms.at(-1), 0)}`,
      goal,
    ];
  };
  out.push('## d. Notice → badge\n');
  out.push(
    `The built extension in headless Chromium at ${BUSY.meeting}. Meet's recording pill is taken out of the page, ` +
      'then put back: t0 is the page’s clock right after it is back in the DOM, t1 the service worker’s clock when ' +
      'chrome.action.getBadgeText for the tab (polled every 2 ms in the worker) first differs. Both are Date.now() on ' +
      'the same machine (1 ms). After each trial the pill goes out again and the badge returns. Quiet: the fixture ' +
      `page, nothing else changing, each trial after ${READ_INTERVAL_MS + 300} ms of calm. Busy: the heavy page of b ` +
      `with the caption stream running throughout, each trial at a random moment of the ${READ_INTERVAL_MS} ms read ` +
      `interval. ${stamp}\n`,
  );
  out.push(
    table(
      ['page', 'trials', 'badge', 'p50 ms', 'p95 ms', 'min–max ms', 'goal'],
      [
        latencyRow('quiet', quiet, 'median ≤ 100, p95 ≤ 200'),
        latencyRow('busy (heavy page, caption stream)', busyLatency, '≤ 1000'),
      ],
      ['l', 'r', 'l', 'r', 'r', 'r', 'l'],
    ),
  );
  out.push('');

  const popupMs = sortedOf(popup);
  out.push('## e. Popup open → checklist drawn\n');
  out.push(
    'popup/index.html?tab=<the quiet meeting’s tab> opened as a page; time from its navigation start ' +
      '(performance.now()) to the first animation frame whose DOM has the checklist (`main:not([aria-busy]) ' +
      `[data-check]\`): the popup’s load, its get-tab-view round trip to the service worker, and Preact’s render. ` +
      `${stamp}\n`,
  );
  out.push(
    table(
      ['openings', 'p50 ms', 'p95 ms', 'min–max ms'],
      [
        [
          popupMs.length,
          fixed(percentile(popupMs, 0.5), 0),
          fixed(percentile(popupMs, 0.95), 0),
          `${fixed(popupMs[0], 0)}–${fixed(popupMs.at(-1), 0)}`,
        ],
      ],
      ['r', 'r', 'r', 'r'],
    ),
  );
  out.push('');

  out.push('## f. Service-worker cost of one snapshot\n');
  out.push(
    'In the service worker, during the quiet trials of d (each pill in or out is one changed snapshot): ' +
      'chrome.storage get (reads) and set/remove (writes) calls counted by wrapping the storage areas, and the time ' +
      'from the snapshot message’s arrival to the end of background’s refresh (badge, banner message, record, ' +
      `popup notice). ${stamp}\n`,
  );
  const ms = sortedOf(worker.map((w) => w.ms));
  out.push(
    table(
      ['snapshots', 'median ms', 'p95 ms', 'storage reads per snapshot', 'storage writes per snapshot'],
      [
        [
          worker.length,
          fixed(percentile(ms, 0.5), 1),
          fixed(percentile(ms, 0.95), 1),
          spread(
            worker.map((w) => w.reads),
            0,
          ),
          spread(
            worker.map((w) => w.writes),
            0,
          ),
        ],
      ],
      ['r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('\nReads and writes: median (min–max) over the snapshots.\n');

  if (firstStart) out.push(firstStartReport(firstStart, stamp));

  out.push('## c. Bundle sizes (dist/chrome)\n');
  out.push(
    table(
      ['script', 'entry file', 'bytes', 'gzip', 'with imported chunks', 'gzip', 'files'],
      sizes.map((s) => [s.what, s.file, s.own.bytes, s.own.gzip, s.total.bytes, s.total.gzip, s.chunks]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push(
    `\nSizes in bytes (gzip -9); dist/chrome built ${info.distBuilt}. Budget (issue 10): each service's content ` +
      'script ≤ 8 KB (8192 bytes) gzip, checked by test/e2e/build.test.mjs. The banner and the guard are the ' +
      'in-page UI script, which background injects only into frames with warnings to show or a guard that acts ' +
      '(docs/content-script-size.md); it has its own ceiling there. The custom services’ script carries every ' +
      'adapter (a custom service may read with one as its base) and runs only on sites someone granted.',
  );
  if (consoleBench) out.push('', consoleReport(consoleBench));
  return out.join('\n');
}

function firstStartReport(runs, stamp) {
  const out = ['## g. First start: meeting markup → first reading and badge (fresh profile, slow policy)\n'];
  out.push(
    `${runs.length} fresh browsers, each a new profile with the built extension just installed, under a managed ` +
      `policy in /etc/chromium/policies/managed that permits Meet only at 機密性1 (${JSON.stringify(FIRST_START.policy)}). ` +
      'Managed storage is slow on such a first start by itself: its first answer is timed in the service worker ' +
      '(chrome.storage.managed.get called as the worker comes up). The meeting page is the fixture ' +
      `${BUSY_FIXTURE} at ${BUSY.meeting}, opened at once; t0 is its markup in the DOM (the page's ` +
      'domInteractive), then: the first reading at the service worker (its first snapshot message), the first ' +
      `badge (${FIRST_START.defaultsBadge}: the built-in defaults' warnings; ${FIRST_START.policyBadge}: with the ` +
      "admin's own 'unpermitted-service'), and the badge under the admin's policy. Clocks: Date.now() in the page " +
      `and the worker, same machine. Goal: first reading and badge within 1500 ms of t0. ${stamp}\n`,
  );
  out.push(
    table(
      [
        'run',
        'policy answered, ms after worker start',
        'markup, ms after worker start',
        'first reading, ms after markup',
        'first badge, ms after markup',
        "admin's badge, ms after markup",
      ],
      runs.map((run, i) => [
        i + 1,
        run.managedAfterStart,
        run.markupAfterStart,
        fixed(run.reading, 0),
        `${fixed(run.firstBadge.ms, 0)} (${run.firstBadge.text})`,
        `${fixed(run.policyBadge, 0)} (${FIRST_START.policyBadge})`,
      ]),
      ['r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  const badge = sortedOf(runs.map((run) => run.firstBadge.ms));
  const before = runs.filter((run) => run.firstBadge.ms < run.managed).length;
  out.push(
    `\nFirst badge: median ${fixed(percentile(badge, 0.5), 0)} ms, max ${fixed(badge.at(-1), 0)} ms after the ` +
      `markup; in ${before} of ${runs.length} runs it came before managed storage answered. Before the pending ` +
      'policy (src/policy/pending.ts; until 2026-12-07 the first reading waited for managed storage’s first ' +
      'answer), this section measured, in 8 runs on the same machine: first reading and badge median 2289 ms, max ' +
      '5724 ms after the markup, never before the answer.\n',
  );
  return out.join('\n');
}

/** What the figures say about the overhead, in numbers of this run (the reasoning is in the words). */
function overheadFindings({ overhead, adapters }) {
  const { heavy, profiled, busy } = overhead;
  const range = (values, digits = 3) =>
    `${fixed(medianOf(values), digits)} (rounds ${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)})`;
  const task = ratios(heavy, 'taskMs');
  const thread = ratios(heavy, 'threadMs');
  const own = medianOf(profiled.with.map((run) => run.ownMs));
  const window = medianOf(profiled.with.map((run) => run.taskMs));
  const reads = medianOf(profiled.with.map((run) => run.reads));
  const large = adapters.find(
    (row) => row.name.endsWith(' LARGE') && `${row.service}/${row.base.name}` === BUSY_FIXTURE,
  );
  const readMs = large ? large.median : NaN;
  const crossing = ['with', 'noBanner', 'bannerCopy'].every((name) => {
    const values = ratios(busy, 'layoutMs', name);
    return Math.min(...values) < 1 && Math.max(...values) > 1;
  });
  const layoutPerSecond =
    medianOf(busy.without.map((run) => run.layoutMs)) / ((BUSY.seconds * 1000 + SETTLE_MS) / 1000);
  const busyRatio = (name, key) => (busy[name] ? range(ratios(busy, key, name), 2) : '—');
  const lines = [
    '### Findings',
    '',
    `- **Heavy page, TaskDuration with/without ${range(task)}; ThreadTime ${range(thread)}.** ` +
      (medianOf(task) <= 1.02
        ? 'The TaskDuration median is within the 1.02 goal, '
        : 'The TaskDuration median is above the 1.02 goal, ') +
      `though single rounds range ${fixed(Math.min(...task), 2)}–${fixed(Math.max(...task), 2)} on this shared ` +
      'machine. What is ours, measured: the profile puts the content script at ' +
      `${fixed(own)} ms of a ${fixed(window, 0)} ms window (${fixed((100 * own) / window, 1)} %, the profiler's ` +
      `own overhead on our frames included) for ${reads} reads; unprofiled, a read of this page costs ` +
      `${fixed(readMs, 1)} ms (table a), so ${reads} reads are ${fixed(reads * readMs, 0)} ms ` +
      `(${fixed((100 * reads * readMs) / window, 1)} %).` +
      (Math.min(...thread) > 1
        ? ` ThreadTime (CPU time, less disturbed by the machine's load) is above 1 in every round, by ` +
          `${fixed(100 * (medianOf(thread) - 1), 0)} % in the median: more than our script's share. The rest ` +
          'runs outside our script’s frames and is not attributed by this run. Candidates: our banner being ' +
          'painted and composited over a tall page (a fixed panel with a shadow over 2,000 tiles; ours, and ' +
          'fixable), and Chromium’s upkeep of an extension’s isolated world in the page (not ours).' +
          // Said of the 2026-12-02 figures, whose heavy rounds all ran without-then-with (no `orders`).
          (heavy.orders
            ? ''
            : ' But a separate 4-round check of the same page in shuffled order (without, with, with but no ' +
              'banner; run after this one) gave ThreadTime with/without 0.76–1.00 per round, and the runs above ' +
              'went without-then-with in every round: the excess is not established.')
        : ' The rest of the medians’ distance from 1 is within the spread of the rounds and cannot be attributed ' +
          'on this machine.'),
    `- **The earlier 1.19× TaskDuration and 1.38× Layout+RecalcStyle on the small busy page** compared unlike ` +
      'browsers: the extension arm ran with LANG=ja_JP (as the e2e harness starts Chromium), the baseline in the ' +
      `machine's locale (C.UTF-8). Started that way, the baseline's Layout+RecalcStyle is ` +
      `${busyRatio('machineLocale', 'layoutMs')} of the ja_JP baseline here (a separate 4-round check while ` +
      'writing this bench: medians 142 vs 214 ms). Most likely Chromium lays out the Japanese caption ' +
      'text differently by locale (font fallback), and the caption stream is nothing but Japanese text. Both arms ' +
      'now run in ja_JP. The profiler was in both arms then too (it is in neither now).',
    `- **Banner and reading on the small page.** Layout+RecalcStyle ratios: with the extension ` +
      `${busyRatio('with', 'layoutMs')}, with it but no banner ${busyRatio('noBanner', 'layoutMs')}, a copy of the ` +
      `banner alone ${busyRatio('bannerCopy', 'layoutMs')}` +
      (busy.withoutAgain ? `, and the baseline against itself ${busyRatio('withoutAgain', 'layoutMs')}` : '') +
      `. On a page of 25 elements whose layout costs about ${fixed(layoutPerSecond, 0)} ms a second, ` +
      `these differences are a few ms a second and ${crossing ? 'every spread crosses 1' : 'the spreads are wide'}: ` +
      'the small page cannot tell banner from reading from noise, which is why the heavy page is the figure to ' +
      'use. Fixed on our side meanwhile: the observer used to wake at ' +
      'every caption word (a MutationObserver callback per mutation batch, about 1,000 in this window); it now ' +
      'disconnects while a read is due and wakes about twice per read.',
  ];
  return lines.join('\n');
}

/** The raw figures of the last full run, so that the doc can be written again from them (--from). */
const RAW = join(tmpdir(), 'meeting-guard-bench-results.json');

async function measure() {
  ensureBuild();
  const info = {
    ...machine(),
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    load: os.loadavg()[0].toFixed(1),
    distBuilt: statSync(join(DIST, 'manifest.json'))
      .mtime.toISOString()
      .replace(/\.\d+Z$/, 'Z'),
  };
  info.machine = `${info.nproc} CPUs (${info.model})`;
  log('a. adapter reads');
  const { rows: adapters, chromium: version } = await benchAdapters();
  info.chromium = version;
  const overhead = await benchOverhead();
  const interactive = await benchInteractive();
  const firstStart = await benchFirstStart();
  log('c. bundle sizes');
  const sizes = bundleSizes();
  const consoleBench = await benchConsole({ quick: QUICK, log });
  info.loadEnd = os.loadavg()[0].toFixed(1);
  info.seconds = ((Date.now() - started) / 1000).toFixed(0);
  const results = { adapters, overhead, interactive, firstStart, sizes, info, consoleBench };
  if (!QUICK) writeFileSync(RAW, JSON.stringify(results));
  return results;
}

/** `--console`: only section h (the collector console's queries); with --write, only that section of the doc changes. */
async function consoleOnly() {
  const argv = process.argv.slice(2);
  const pgliteRows = argv.includes('--pglite-rows') ? Number(argv[argv.indexOf('--pglite-rows') + 1]) : undefined;
  const consoleBench = await benchConsole({ quick: QUICK, log, pgliteRows });
  const section = consoleReport(consoleBench);
  const stamp = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().nproc} CPUs (${machine().model}), Node ${process.version}; 1-minute load average ${os.loadavg()[0].toFixed(1)} at the end.`;
  const text = `${section}\n\n${stamp}`;
  console.log(text);
  if (!args.has('--write')) return;
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf('## h. Collector console');
  const next = start < 0 ? -1 : doc.indexOf('\n## ', start + 1);
  const updated =
    start < 0 ? `${doc.trimEnd()}\n\n${text}\n` : `${doc.slice(0, start)}${text}\n${next < 0 ? '' : doc.slice(next)}`;
  writeFileSync(DOC, updated);
  log(`wrote section h of ${relative(ROOT, DOC)}`);
}

async function main() {
  if (args.has('--console')) return consoleOnly();
  const from = process.argv.indexOf('--from');
  const file = process.argv[from + 1]?.startsWith('--') ? RAW : (process.argv[from + 1] ?? RAW);
  const results = from > 0 ? JSON.parse(readFileSync(file, 'utf8')) : await measure();
  const { info } = results;
  const body = report(results);
  const header =
    `Measured ${info.date} on ${info.machine}, Node ${info.node}, Chromium ${info.chromium}. ` +
    `Run time ${info.seconds} s. The machine is shared (other work ran on its 2 cores during the run): 1-minute ` +
    `load average ${info.load} at the start and ${info.loadEnd} at the end` +
    `${QUICK ? ' (--quick: a few samples each, figures mean nothing)' : ''}. Wall-time figures (TaskDuration, ` +
    'latencies) suffer from that load; ThreadTime (CPU time) much less.';
  console.log(`${header}\n\n${body}`);
  if (args.has('--write')) {
    const doc = [
      '# Performance',
      '',
      'Written by `npm run bench -- --write` (scripts/bench.mjs); do not edit by hand. Speed is measured by',
      'this benchmark, never by a timed assertion in a test. Numbers vary with the machine and its load;',
      'compare runs on the same machine.',
      '',
      header,
      '',
      body,
      '',
    ].join('\n');
    writeFileSync(DOC, doc);
    log(`wrote ${relative(ROOT, DOC)}`);
  }
}

await main();
