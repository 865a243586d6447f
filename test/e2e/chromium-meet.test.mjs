// Real Chromium, real built extension, Meet fixtures served at meet.google.com (issue 2).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  badgeText,
  bannerText,
  extensionPage,
  launchChromium,
  openMeeting,
  openPopup,
  popupState,
  startFixtureServer,
  stopServiceWorker,
  tabIdOf,
  waitFor,
} from './harness.mjs';

const MEETING = 'https://meet.google.com/abc-defg-hij';

const openMeet = (run, server, fixture) => openMeeting(run, server, MEETING, fixture);

describe('Meet in Chromium, no admin policy', () => {
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

  it('warns on recording and captions at the default class 2: badge 2, banner, popup', async () => {
    const { page, tabId } = await openMeet(run, server, 'meet/recording-captions-on.en');
    assert.equal(await waitFor(() => badgeText(run, tabId), { message: 'badge' }), '2');
    const banner = await waitFor(() => bannerText(run, page), { message: 'banner' });
    assert.match(banner, /録画されています/);
    assert.match(banner, /文字起こし・字幕が有効です/);
    assert.match(banner, /21-no-e2e-breaking/);
    // The clause's own words travel with it (folded under its id).
    assert.match(banner, /E2Eの暗号化を利用できなくなる機能を可能な限り使用しないこと/);

    const popup = await openPopup(run, tabId);
    const state = await popupState(popup);
    assert.deepEqual(state.warnings, ['recording', 'transcription']);
    assert.equal(state.checks['21-no-e2e-breaking'], 'ng');
    assert.equal(state.classification, '2');
    assert.equal(state.source, 'policy');
    assert.equal(state.checks['21-device'], 'manual', 'no managed policy: the device is not proven managed');
    await popup.close();
    await page.close();
  });

  it('says unknown, never ok, where nothing about recording can be seen', async () => {
    const { page, tabId } = await openMeet(run, server, 'meet/in-call-bare.ja');
    const popup = await openPopup(run, tabId);
    await waitFor(async () => (await popupState(popup)).checks['21-no-e2e-breaking'], { message: 'checklist' });
    const state = await popupState(popup);
    assert.equal(state.checks['21-no-e2e-breaking'], 'unknown');
    assert.equal(state.checks['21-e2ee'], 'unknown');
    assert.deepEqual(state.warnings, []);
    assert.equal(await badgeText(run, tabId), '');
    assert.match(await popup.textContent('.unreadable'), /録画/);
    await popup.close();
    await page.close();
  });

  it("warns on a Japanese page whose only sign of recording is the indicator's accessible name", async () => {
    const { page, tabId } = await openMeet(run, server, 'meet/recording-indicator.ja');
    assert.equal(await waitFor(() => badgeText(run, tabId), { message: 'badge' }), '1');
    const banner = await waitFor(() => bannerText(run, page), { message: 'banner' });
    assert.match(banner, /録画されています/);
    const popup = await openPopup(run, tabId);
    const state = await popupState(popup);
    assert.deepEqual(state.warnings, ['recording']);
    assert.equal(state.checks['21-no-e2e-breaking'], 'ng');
    await popup.close();
    await page.close();
  });

  it('marking the meeting 機密性1 clears the E2E warnings and the badge, and is remembered', async () => {
    const { page, tabId } = await openMeet(run, server, 'meet/recording-captions-on.en');
    assert.equal(await waitFor(() => badgeText(run, tabId), { message: 'badge' }), '2');
    const popup = await openPopup(run, tabId);
    await popup.check('input[name="classification"][value="1"]');
    await waitFor(async () => (await popupState(popup)).warnings.length === 0, { message: 'warnings cleared' });
    const state = await popupState(popup);
    assert.equal(state.classification, '1');
    assert.equal(state.source, 'user');
    assert.equal(state.checks['21-no-e2e-breaking'], 'na');
    assert.equal(await waitFor(async () => (await badgeText(run, tabId)) === '' && 'empty'), 'empty');
    await waitFor(async () => !(await bannerText(run, page)), { message: 'banner gone' });

    // The mark belongs to the meeting: a new tab on the same meeting keeps it.
    const again = await openMeet(run, server, 'meet/recording-captions-on.en');
    const popupAgain = await openPopup(run, again.tabId);
    assert.equal((await popupState(popupAgain)).classification, '1');
    // Undo, so later tests see the default again.
    await popupAgain.click('button.link');
    await waitFor(async () => (await popupState(popupAgain)).classification === '2', { message: 'mark cleared' });
    for (const p of [popup, popupAgain, page, again.page]) await p.close();
  });

  it('keeps the tab state when the service worker is stopped', async () => {
    const { page, tabId } = await openMeet(run, server, 'meet/recording-captions-on.en');
    assert.equal(await waitFor(() => badgeText(run, tabId), { message: 'badge' }), '2');
    await stopServiceWorker(run, page);
    const popup = await openPopup(run, tabId);
    const state = await popupState(popup);
    assert.deepEqual(state.warnings, ['recording', 'transcription']);
    assert.equal(state.checks['21-no-e2e-breaking'], 'ng');
    await popup.close();
    await page.close();
  });

  it('lets the person dismiss a banner warning for this meeting, and the badge still counts it', async () => {
    const { page, tabId } = await openMeet(run, server, 'meet/recording-captions-on.en');
    await waitFor(() => bannerText(run, page), { message: 'banner' });
    const session = await run.context.newCDPSession(page);
    const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodeId } = await session.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: 'meeting-guard-banner',
    });
    assert.ok(nodeId, 'banner host element is in the page');
    await session.detach();
    // Click "閉じる" of the first warning through the page's coordinates (closed shadow root).
    const box = await waitFor(async () => {
      const s = await run.context.newCDPSession(page);
      const doc = await s.send('DOM.getDocument', { depth: -1, pierce: true });
      let target;
      const walk = (node) => {
        if (target) return;
        if (node.nodeName === 'BUTTON' && node.attributes?.includes('aria-label')) {
          const label = node.attributes[node.attributes.indexOf('aria-label') + 1];
          if (label.includes('録画')) target = node;
        }
        for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
      };
      walk(doc.root);
      const model = target && (await s.send('DOM.getBoxModel', { backendNodeId: target.backendNodeId }));
      await s.detach();
      return model?.model.content;
    });
    await page.mouse.click((box[0] + box[4]) / 2, (box[1] + box[5]) / 2);
    await waitFor(async () => !(await bannerText(run, page)).includes('録画されています'), { message: 'dismissed' });
    assert.match(await bannerText(run, page), /文字起こし・字幕が有効です/);
    assert.equal(await badgeText(run, tabId), '2');
    await page.close();
  });

  it('clears badge and banner when the page leaves the meeting without reloading (single-page app)', async () => {
    const { page, tabId } = await openMeet(run, server, 'meet/recording-captions-on.en');
    assert.equal(await waitFor(() => badgeText(run, tabId), { message: 'badge' }), '2');
    await waitFor(() => bannerText(run, page), { message: 'banner' });
    await page.evaluate(() => {
      history.pushState({}, '', '/landing');
      document.body.replaceChildren(document.createElement('main'));
    });
    await waitFor(async () => (await badgeText(run, tabId)) === '', { message: 'badge cleared' });
    await waitFor(async () => !(await bannerText(run, page)), { message: 'banner cleared' });
    await page.close();
  });

  it('shows a plain message on a page that is not a meeting', async () => {
    const page = await run.context.newPage();
    await page.goto(server.url('https://meet.google.com/landing', 'meet/home.en'));
    const tabId = await tabIdOf(run, page);
    const popup = await openPopup(run, tabId);
    assert.equal(await popup.locator('[data-check]').count(), 0);
    assert.match(await popup.textContent('.empty'), /Web 会議のページではありません/);
    await popup.close();
    await page.close();
  });
});

describe('Meet in Chromium with a managed policy', () => {
  let server;
  let run;
  before(async () => {
    server = await startFixtureServer();
    run = await launchChromium(server, {
      locale: 'ja-JP',
      policy: { defaultClassification: 1, organizationName: 'テスト市', procedureUrl: 'https://example.jp/web-kaigi' },
    });
  });
  after(async () => {
    await run?.close();
    await server?.close();
  });

  it('defaultClassification 1 from /etc/chromium/policies/managed changes the outcome', async () => {
    const { page, tabId } = await openMeet(run, server, 'meet/recording-captions-on.en');
    const popup = await openPopup(run, tabId);
    await waitFor(async () => (await popupState(popup)).classification, { message: 'class' });
    const state = await popupState(popup);
    assert.equal(state.classification, '1');
    assert.equal(state.source, 'policy');
    assert.deepEqual(state.warnings, []);
    assert.equal(state.checks['21-no-e2e-breaking'], 'na');
    assert.equal(state.checks['21-device'], 'ok', 'a managed policy marks the device as organisation-managed');
    assert.match(await popup.textContent('header'), /テスト市/);
    assert.equal(await badgeText(run, tabId), '');

    const options = await extensionPage(run, 'options/index.html');
    await options.waitForSelector('[data-policy-key="defaultClassification"]');
    assert.equal(await options.getAttribute('[data-policy-key="defaultClassification"]', 'data-source'), 'admin');
    assert.equal(await options.getAttribute('[data-policy-key="requirePasscode"]', 'data-source'), 'default');
    for (const p of [options, popup, page]) await p.close();
  });
});
