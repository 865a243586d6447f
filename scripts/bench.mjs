// Benchmarks: adapter read cost, observer overhead on a busy page, bundle sizes. Speed is measured here and
// never by a timed assertion in a test (timings depend on the machine). Usage:
//   npm run bench                 print the tables
//   npm run bench -- --write      also write docs/performance.md
//   npm run bench -- --build      rebuild dist/ first (otherwise only when dist/chrome is missing)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
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

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist', 'chrome');
const DOC = join(ROOT, 'docs', 'performance.md');
const args = new Set(process.argv.slice(2));
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

// ---- what is measured (kept together so the doc can state it) ----
/** Timed samples per fixture; the median and p95 are taken over these. */
const SAMPLES = 41;
/** Untimed reads first, so the JIT has compiled the adapter as it would be in a long meeting. */
const WARMUP_READS = 30;
const LARGE = { tiles: 2000, captions: 500 };
const BUSY = { mutationsPerSecond: 200, seconds: 5, repeats: 3, meeting: 'https://meet.google.com/abc-defg-hij' };
const BUSY_FIXTURE = 'meet/recording-captions-on.ja';
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
  return html.slice(0, at + marker.length) + addition + html.slice(at + marker.length);
}

/** Each case pads a fixture so its read must still give the same snapshot (checked below). */
const LARGE_CASES = [
  {
    base: 'meet/recording-captions-on.ja',
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
      return insertAfter(insertAfter(html, '<body>', tiles), 'aria-label="字幕">', lines);
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

// ---- b. observer overhead on a busy page (the real built extension) ----
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
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve(count);
      }
    }, 5);
  });
}

/** A persistent Chromium like harness.mjs's launchChromium, but without the extension: the baseline. */
async function launchWithoutExtension(server) {
  const profile = mkdtempSync(join(tmpdir(), 'mg-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'ja-JP',
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

/** One busy run: with `extension` set, counts reads (V8 call counts) and snapshots (heard in the worker). */
async function busyRun(server, extension) {
  const run = extension ? await launchChromium(server, { locale: 'ja-JP' }) : await launchWithoutExtension(server);
  try {
    if (extension) {
      // Heard in the service worker: every snapshot the content script sends.
      await run.worker().evaluate(() => {
        globalThis.mgBenchSnapshots = 0;
        chrome.runtime.onMessage.addListener((message) => {
          if (message?.type === 'snapshot') globalThis.mgBenchSnapshots += 1;
        });
      });
    }
    const page = await run.context.newPage();
    await page.goto(server.url(BUSY.meeting, BUSY_FIXTURE));
    if (extension) {
      const tabId = await tabIdOf(run, page);
      await waitFor(async () => (await badgeText(run, tabId)) === '2', { message: 'badge 2 before the busy window' });
    }
    const snapshots = () => run.worker().evaluate(() => globalThis.mgBenchSnapshots);
    const cdp = await run.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    // Precise call counts say how often observe.ts's read ran; taking coverage resets the counters.
    await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    await cdp.send('Profiler.takePreciseCoverage');
    const snapshotsAtLoad = extension ? await snapshots() : 0;
    const before = (await cdp.send('Performance.getMetrics')).metrics;
    await cdp.send('Profiler.start');
    const mutations = await page.evaluate(churn, { rate: BUSY.mutationsPerSecond, seconds: BUSY.seconds });
    await page.waitForTimeout(SETTLE_MS);
    const { profile } = await cdp.send('Profiler.stop');
    const after = (await cdp.send('Performance.getMetrics')).metrics;
    const { result: coverage } = await cdp.send('Profiler.takePreciseCoverage');
    const delta = (name) => (metric(after, name) - metric(before, name)) * 1000;
    const out = {
      mutations,
      scriptMs: delta('ScriptDuration'),
      taskMs: delta('TaskDuration'),
      layoutMs: delta('LayoutDuration') + delta('RecalcStyleDuration'),
    };
    if (extension) {
      const url = `chrome-extension://${EXTENSION_ID}/content/index.js`;
      out.snapshotsAtLoad = snapshotsAtLoad;
      out.snapshots = (await snapshots()) - snapshotsAtLoad;
      out.reads = readCount(coverage, url);
      out.ownMs = profileTime(profile, url);
    }
    return out;
  } finally {
    await run.close();
  }
}

/**
 * observe.ts's read() is the smallest function of the content script that calls `.read(document`
 * (the adapter) and JSON.stringify (to compare snapshots); its call count is the number of adapter
 * reads. Found in the built file by those, since minifying renames everything but properties.
 */
function readCount(coverage, url) {
  const source = readFileSync(join(DIST, 'content', 'index.js'), 'utf8');
  const script = coverage.find((entry) => entry.url === url);
  const ranges = (script?.functions ?? []).map((fn) => fn.ranges[0]);
  const body = (range) => source.slice(range.startOffset, range.endOffset);
  const candidates = ranges
    .filter((range) => body(range).includes('.read(document') && body(range).includes('JSON.stringify('))
    .sort((a, b) => a.endOffset - a.startOffset - (b.endOffset - b.startOffset));
  return candidates[0]?.count ?? NaN;
}

/** Runs alternate with and without the extension so that drift in the machine's load hits both alike. */
async function benchObserver() {
  const server = await startFixtureServer();
  const runs = { withExtension: [], without: [] };
  try {
    for (let i = 0; i < BUSY.repeats; i++) {
      runs.withExtension.push(await busyRun(server, true));
      runs.without.push(await busyRun(server, false));
      log(`  busy run ${i + 1}/${BUSY.repeats} done`);
    }
  } finally {
    await server.close();
  }
  return runs;
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
    ['content script', manifest.content_scripts[0].js[0]],
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
function report({ adapters, observer, sizes, info }) {
  const out = [];
  const regular = adapters.filter((row) => !row.name.endsWith(' LARGE'));
  const isolated = adapters.every((row) => row.isolated);
  out.push('## a. Adapter read cost\n');
  out.push(
    `\`service.read(document, url, service.table)\` in headless Chromium ${info.chromium} on each fixture page ` +
      `(the adapters bundled from src/ with esbuild, run in the page). After ${WARMUP_READS} warm-up reads, ` +
      `${SAMPLES} samples; each sample is the mean of n back-to-back reads, n chosen so a sample outlasts the ` +
      `page's timer granularity (${isolated ? 'cross-origin isolated: 5 µs' : '100 µs'}). ` +
      'Median and p95 are over the samples, in microseconds.\n',
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

  const { withExtension: w, without: wo } = observer;
  const median = (runs, key) =>
    percentile(
      runs.map((run) => run[key]).sort((a, b) => a - b),
      0.5,
    );
  /** Median, then each run: the spread shows how much of a difference is noise. */
  const cell = (runs, key, digits = 1) =>
    `${median(runs, key).toFixed(digits)} (${runs.map((run) => run[key].toFixed(digits)).join(', ')})`;
  out.push('## b. Observer overhead on a busy page\n');
  out.push(
    `The built extension (dist/chrome) in headless Chromium, ${BUSY_FIXTURE} served at ${BUSY.meeting}. ` +
      `The page appends caption text ${BUSY.mutationsPerSecond} times a second (a new line every 20) for ` +
      `${BUSY.seconds} s; measured over that window plus ${SETTLE_MS} ms for the last scheduled read. ` +
      `${BUSY.repeats} runs with and ${BUSY.repeats} without the extension, alternating; each cell is the median ` +
      '(then every run). Reads: V8 call count of observe.ts read(). Snapshots: counted in the service worker ' +
      '(the one sent at page load is not in the window). Main-thread times: DevTools Performance.getMetrics on the ' +
      'same page with and without the extension; "content script" is the CPU-profile time (100 µs sampling) of ' +
      'stacks inside content/index.js, the DOM calls it makes included.\n',
  );
  const perRead = w.map((run) => ({ ...run, perRead: run.ownMs / Math.max(1, run.reads) }));
  out.push(
    table(
      ['measure', 'with extension', 'without'],
      [
        ['text mutations made', cell(w, 'mutations', 0), cell(wo, 'mutations', 0)],
        ['adapter reads in the window', cell(w, 'reads', 0), '—'],
        [
          'snapshots sent at load / in the window',
          `${cell(w, 'snapshotsAtLoad', 0)} / ${cell(w, 'snapshots', 0)}`,
          '—',
        ],
        ['content script main-thread time, ms', cell(w, 'ownMs'), '—'],
        ['content script time per read (observer callbacks included), ms', cell(perRead, 'perRead', 2), '—'],
        ['ScriptDuration (all scripts), ms', cell(w, 'scriptMs'), cell(wo, 'scriptMs')],
        ['TaskDuration, ms', cell(w, 'taskMs'), cell(wo, 'taskMs')],
        ['Layout + RecalcStyle, ms', cell(w, 'layoutMs'), cell(wo, 'layoutMs')],
      ],
      ['l', 'r', 'r'],
    ),
  );
  out.push('');

  out.push('## c. Bundle sizes (dist/chrome)\n');
  out.push(
    table(
      ['script', 'entry file', 'bytes', 'gzip', 'with imported chunks', 'gzip', 'files'],
      sizes.map((s) => [s.what, s.file, s.own.bytes, s.own.gzip, s.total.bytes, s.total.gzip, s.chunks]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push(`\nSizes in bytes (gzip -9); dist/chrome built ${info.distBuilt}.`);
  return out.join('\n');
}

async function main() {
  ensureBuild();
  const info = {
    ...machine(),
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    distBuilt: statSync(join(DIST, 'manifest.json'))
      .mtime.toISOString()
      .replace(/\.\d+Z$/, 'Z'),
  };
  log('a. adapter reads');
  const { rows: adapters, chromium: version } = await benchAdapters();
  info.chromium = version;
  log('b. observer on a busy page (with and without the extension)');
  const observer = await benchObserver();
  log('c. bundle sizes');
  const sizes = bundleSizes();
  const body = report({ adapters, observer, sizes, info });
  const header =
    `Measured ${info.date} on ${info.nproc} CPUs (${info.model}), Node ${info.node}, Chromium ${info.chromium}. ` +
    `Run time ${((Date.now() - started) / 1000).toFixed(0)} s.`;
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
