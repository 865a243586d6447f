// axe-core (WCAG rules, as the browser renders them) on the popup, with warnings and their evidence shown, and on
// the options page: no violations. The console's pages are checked the same way in console.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { extensionPage, launchChromium, openMeeting, popupWhen, startFixtureServer } from './harness.mjs';

const AXE = readFileSync(join(new URL('../..', import.meta.url).pathname, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function violations(page) {
  // Evaluated through the DevTools protocol: the page's own Content-Security-Policy (no inline scripts) stays on.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

let server;
let run;
before(async () => {
  server = await startFixtureServer();
  run = await launchChromium(server, { locale: 'ja-JP' });
});
after(async () => {
  await run?.close();
  await server?.close();
});

it('the popup with warnings has no axe violations', async () => {
  const { page, tabId } = await openMeeting(
    run,
    server,
    'https://meet.google.com/abc-defg-hij',
    'meet/recording-captions-on.en',
  );
  const { popup, state } = await popupWhen(run, tabId, (s) => s.warnings.length >= 2);
  assert.ok(state.warnings.includes('recording'));
  assert.deepEqual(await violations(popup), []);
  for (const p of [popup, page]) await p.close();
});

it('the options page has no axe violations', async () => {
  const options = await extensionPage(run, 'options/index.html');
  await options.waitForSelector('[data-policy-key="e2eBreakingFeatures"] pre');
  assert.deepEqual(await violations(options), []);
  await options.close();
});
