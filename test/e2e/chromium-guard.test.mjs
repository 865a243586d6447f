// Real Chromium, real built extension: the guard (issue 12) on Meet and on Zoom inside iframe#webclient. 'block'
// stops a click, Enter on the focused control and the service's shortcut (Meet: c for captions; Zoom documents no
// captions key, so its recording hot key Alt+R); 'confirm' asks and lets the person go on; a page script's
// synthetic click is left alone. The page's own handlers (main world) count what reaches them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  dialogText as dialogTextOf,
  extensionPage,
  launchChromium,
  openMeeting,
  popupWhen,
  setGuardMode as setGuardModeOf,
  startFixtureServer,
  uiFrames,
  waitFor,
} from './harness.mjs';

const MEET = 'https://meet.google.com/abc-defg-hij';
const ZOOM = 'https://app.zoom.us/wc/81234567890/join';
const CAPTIONS = 'button[jsname="RrG0hf"]';
const RECORD = '#wc-footer button[aria-label="Record"]';

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

const setGuardMode = (mode) => setGuardModeOf(run, mode);
const dialogText = (page) => dialogTextOf(run, page);

/** The page's own listeners, in the main world: every click, pointerdown and key that reaches the document. */
function countPageEvents(frame, selector) {
  return frame.evaluate((control) => {
    window.seen = { click: 0, pointerdown: 0, keys: [] };
    const button = document.querySelector(control);
    button.addEventListener('click', () => window.seen.click++);
    button.addEventListener('pointerdown', () => window.seen.pointerdown++);
    document.addEventListener('keydown', (event) => window.seen.keys.push(event.key));
  }, selector);
}
const seen = (frame) => frame.evaluate(() => window.seen);

/** Waits for the dialog, checks its words, closes it with Escape and waits until it is gone. */
async function expectDialog(page, pattern) {
  assert.match(await waitFor(() => dialogText(page), { message: 'dialog' }), pattern);
  await page.keyboard.press('Escape');
  await waitFor(async () => !(await dialogText(page)), { message: 'dialog closed' });
}

async function guardRecords() {
  const options = await extensionPage(run, 'options/index.html');
  await options.waitForSelector('[data-record="guard"]');
  const rows = await options.$$eval('[data-record="guard"]', (list) => list.map((row) => row.textContent));
  await options.close();
  return rows.join('\n');
}

describe('guard on Meet captions (captions-off.en) at class 2', () => {
  let page;
  let tabId;
  before(async () => {
    await setGuardMode('block');
    ({ page, tabId } = await openMeeting(run, server, MEET, 'meet/captions-off.en'));
    await page.waitForSelector(CAPTIONS);
    // The guard is background's injected UI: there once background has put it into the page's frame.
    await waitFor(async () => (await uiFrames(run, tabId)).includes('0'), { message: 'guard injected' });
    await countPageEvents(page.mainFrame(), CAPTIONS);
  });
  after(() => page?.close());

  it("'block' stops a click: the page's button never sees it", async () => {
    await page.click(CAPTIONS);
    await expectDialog(page, /ポリシーで止められています/);
    assert.deepEqual(await seen(page), { click: 0, pointerdown: 0, keys: [] });
  });

  it("'block' stops Enter on the focused captions button", async () => {
    await page.focus(CAPTIONS);
    await page.keyboard.press('Enter');
    await expectDialog(page, /文字起こし・字幕/);
    const { click, keys } = await seen(page);
    assert.equal(click, 0);
    assert.ok(!keys.includes('Enter'), `page saw ${keys}`);
  });

  it("'block' stops Meet's captions shortcut c, and lets c through in a text field", async () => {
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('c');
    await expectDialog(page, /文字起こし・字幕/);
    assert.ok(!(await seen(page)).keys.includes('c'));
    await page.evaluate(() => {
      const field = document.createElement('textarea');
      field.id = 'typing';
      document.body.append(field);
    });
    await page.focus('#typing');
    await page.keyboard.press('c');
    assert.equal(await page.inputValue('#typing'), 'c');
    assert.ok((await seen(page)).keys.includes('c'));
  });

  it("a page script's synthetic click passes untouched and opens nothing of ours", async () => {
    const before = (await seen(page)).click;
    // The dialog would be appended during the dispatch itself, so its absence right after is the answer.
    const dialogOpened = await page.evaluate((control) => {
      document.querySelector(control).click();
      return document.querySelector('meeting-guard-dialog') !== null;
    }, CAPTIONS);
    assert.equal(dialogOpened, false);
    assert.equal((await seen(page)).click, before + 1);
  });

  it("'confirm' asks, and going on lets the click through once", async () => {
    await setGuardMode('confirm');
    const before = await seen(page);
    await page.click(CAPTIONS);
    assert.match(await waitFor(() => dialogText(page), { message: 'dialog' }), /本当に始めますか/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // 確認のうえ続行する
    await waitFor(async () => (await seen(page)).click === before.click + 1, { message: 'click let through' });
    assert.equal((await seen(page)).pointerdown, before.pointerdown + 1);
  });

  it('the popup says what the guard stops here and what it cannot', async () => {
    const { popup } = await popupWhen(run, tabId);
    await popup.waitForSelector('[data-guard-stops]');
    // Meet's recording and Gemini notes start controls are known by name (Japanese too), so the guard stops them.
    assert.equal(await popup.getAttribute('[data-guard-stops]', 'data-guard-stops'), 'recording transcription aiNotes');
    assert.match(await popup.textContent('[data-guard-stops]'), /ショートカット C/);
    assert.match(await popup.getAttribute('[data-guard-cannot]', 'data-guard-cannot'), /translation/);
    await popup.close();
  });

  it('records each decision with the way it was triggered', async () => {
    const records = await guardRecords();
    for (const expected of ['blocked (pointer)', 'blocked (keyboard)', 'blocked (shortcut)', 'proceeded (pointer)'])
      assert.ok(records.includes(expected), `${expected} in ${records}`);
  });
});

describe('guard on Zoom inside iframe#webclient (not-recording-host.en) at class 2', () => {
  let page;
  let frame;
  before(async () => {
    await setGuardMode('block');
    let tabId;
    ({ page, tabId } = await openMeeting(run, server, ZOOM, 'zoom/shell.ja', 'zoom/not-recording-host.en'));
    frame = await waitFor(() => page.frames().find((f) => f.url().includes('mg-fixture=zoom%2Fnot-recording-host')));
    await frame.waitForSelector(RECORD);
    // Into the shell and its meeting iframe: the guard acts where the control is.
    await waitFor(async () => (await uiFrames(run, tabId)).length >= 2, { message: 'guard injected in both frames' });
    await countPageEvents(frame, RECORD);
  });
  after(() => page?.close());

  it("'block' stops a click on Record", async () => {
    await frame.click(RECORD);
    await expectDialog(page, /ポリシーで止められています/);
    assert.deepEqual(await seen(frame), { click: 0, pointerdown: 0, keys: [] });
  });

  it("'block' stops Enter on the focused Record button", async () => {
    await frame.focus(RECORD);
    await page.keyboard.press('Enter');
    await expectDialog(page, /録画/);
    const { click, keys } = await seen(frame);
    assert.equal(click, 0);
    assert.ok(!keys.includes('Enter'), `page saw ${keys}`);
  });

  it("'block' stops Zoom's recording hot key Alt+R", async () => {
    await frame.focus(RECORD); // focus inside the meeting frame, not on a text field
    await page.keyboard.press('Alt+r');
    await expectDialog(page, /録画/);
    assert.ok(!(await seen(frame)).keys.includes('r'));
  });

  it("a page script's synthetic click passes untouched", async () => {
    const before = (await seen(frame)).click;
    const dialogOpened = await frame.evaluate((control) => {
      document.querySelector(control).click();
      return document.querySelector('meeting-guard-dialog') !== null;
    }, RECORD);
    assert.equal(dialogOpened, false);
    assert.equal((await seen(frame)).click, before + 1);
  });

  it("'confirm' asks, and going on lets the click through once", async () => {
    await setGuardMode('confirm');
    const before = (await seen(frame)).click;
    await frame.click(RECORD);
    assert.match(await waitFor(() => dialogText(page), { message: 'dialog' }), /本当に始めますか/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await seen(frame)).click === before + 1, { message: 'click let through' });
    await setGuardMode('warn');
  });
});
