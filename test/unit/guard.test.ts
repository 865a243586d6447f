/**
 * The guard on the services' fixtures: pointer, keyboard activation and documented shortcuts, in 'block' and
 * 'confirm', with the page's own handlers counting what reaches them. happy-dom's events are never trusted, so the
 * test tells the guard which events come from the person (the `isTrusted` option); everything else is a page script.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Guard, type GuardDecision } from '../../content/guard';
import type { WarningId } from '../../src/ids';
import type { BackgroundToContent, GuardTrigger } from '../../src/messages';
import { services } from '../../src/services';
import { FIXTURES_DIR } from './fixtures';
import { captureShadowRoots, makeBannerMessage } from './support';

type Mode = BackgroundToContent['guard']['mode'];

function state(mode: Mode, { sensitive = true, on = [] as WarningId[] } = {}): BackgroundToContent {
  return makeBannerMessage({
    warnings: on.map((id) => ({ id, clause: '21-no-e2e-breaking', clauseText: '', title: id, advice: '' })),
    guard: { mode, sensitive },
    guardLabels: {
      confirmTitle: 'confirm?',
      blockTitle: 'blocked',
      proceed: 'go on',
      cancel: 'cancel',
      close: 'close',
    },
  });
}

/** Puts a fixture's body into the test document (the content script sees the real page the same way). */
function mount(service: string, file: string): void {
  const html = readFileSync(join(FIXTURES_DIR, service, file), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...[...parsed.body.childNodes].map((node) => document.importNode(node, true)));
}

const person = new WeakSet<Event>();
let lifetime: AbortController;
let decisions: [WarningId, GuardDecision, GuardTrigger][];
let shadowRoots: ShadowRoot[];

function startGuard(service: string, mode: Mode, options: { sensitive?: boolean; on?: WarningId[] } = {}): Guard {
  const table = services.find((candidate) => candidate.id === service)?.table ?? {};
  const guard = new Guard((...decision) => decisions.push(decision), lifetime.signal, {
    reading: () => ({ service, table }),
    isTrusted: (event) => person.has(event),
  });
  guard.update(state(mode, options));
  return guard;
}

/** Dispatches an event as the person would cause it. */
function byPerson<E extends Event>(target: EventTarget, event: E): E {
  person.add(event);
  target.dispatchEvent(event);
  return event;
}

const POINTER_SEQUENCE = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'] as const;

function pointerGesture(target: Element): void {
  for (const type of POINTER_SEQUENCE) {
    const init = { bubbles: true, cancelable: true, composed: true };
    byPerson(target, type.startsWith('pointer') ? new PointerEvent(type, init) : new MouseEvent(type, init));
  }
}

function key(target: EventTarget, type: 'keydown' | 'keyup', init: KeyboardEventInit): KeyboardEvent {
  return byPerson(target, new KeyboardEvent(type, { bubbles: true, cancelable: true, composed: true, ...init }));
}

/** Everything the page's own handlers (on the document, bubbling) receive. */
function pageLog(): string[] {
  const seen: string[] = [];
  for (const type of [...POINTER_SEQUENCE, 'keydown', 'keyup'])
    document.addEventListener(type, (event) => {
      const keyName = event instanceof KeyboardEvent ? `:${event.key}` : '';
      seen.push(`${type}${keyName}`);
    });
  return seen;
}

const dialogHost = () => document.querySelector('meeting-guard-dialog');
/** The dialog's buttons: its shadow root is closed, so the test keeps the root attachShadow returned. */
function dialogButton(label: string): HTMLElement {
  const root = shadowRoots.at(-1);
  const button = [...(root?.querySelectorAll('button') ?? [])].find((candidate) => candidate.textContent === label);
  if (!button) throw new Error(`no dialog button ${label}`);
  return button;
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  lifetime = new AbortController();
  decisions = [];
  shadowRoots = captureShadowRoots();
});
afterEach(() => {
  lifetime.abort();
  document.body.replaceChildren();
  for (const host of document.querySelectorAll('meeting-guard-dialog')) host.remove();
});

const MEET_CAPTIONS = 'button[jsname="RrG0hf"]';
const ZOOM_RECORD = {
  en: '#wc-footer button[aria-label="Record"]',
  ja: '#wc-footer button[aria-label="レコーディング"]',
};

describe.each(['en', 'ja'] as const)('Meet captions (captions-off.%s)', (locale) => {
  const control = () => document.querySelector(MEET_CAPTIONS) as HTMLElement;
  beforeEach(() => mount('meet', `captions-off.${locale}.html`));

  it("'block' stops the whole pointer gesture, records it and explains", () => {
    const page = pageLog();
    startGuard('meet', 'block');
    pointerGesture(control());
    expect(page).toEqual([]);
    expect(decisions).toEqual([['transcription', 'blocked', 'pointer']]);
    expect(dialogHost()).not.toBeNull();
  });

  it("'confirm' asks; going on sends the gesture to the page once, cancelling sends nothing", async () => {
    const page = pageLog();
    startGuard('meet', 'confirm');
    pointerGesture(control());
    dialogButton('cancel').click();
    await flush();
    expect(page).toEqual([]);
    pointerGesture(control());
    dialogButton('go on').click();
    await flush();
    expect(page).toEqual([...POINTER_SEQUENCE]);
    expect(decisions).toEqual([
      ['transcription', 'cancelled', 'pointer'],
      ['transcription', 'proceeded', 'pointer'],
    ]);
    expect(dialogHost()).toBeNull();
  });

  it('stops Enter on the focused captions button (keyboard activation)', () => {
    const page = pageLog();
    startGuard('meet', 'block');
    control().focus();
    key(control(), 'keydown', { key: 'Enter', code: 'Enter' });
    key(control(), 'keyup', { key: 'Enter', code: 'Enter' });
    expect(page).toEqual([]);
    expect(decisions).toEqual([['transcription', 'blocked', 'keyboard']]);
  });

  it("stops Meet's captions shortcut c, also with Caps Lock or a kana-locked JIS keyboard", () => {
    const page = pageLog();
    startGuard('meet', 'block');
    key(document.body, 'keydown', { key: 'c', code: 'KeyC' });
    dialogHost()?.remove();
    key(document.body, 'keydown', { key: 'C', code: 'KeyC' });
    dialogHost()?.remove();
    key(document.body, 'keydown', { key: 'そ', code: 'KeyC' });
    expect(page).toEqual([]);
    expect(decisions.map(([, , trigger]) => trigger)).toEqual(['shortcut', 'shortcut', 'shortcut']);
  });

  it('lets c through where it is a letter: a text field, an editable region, an IME composing', () => {
    const page = pageLog();
    startGuard('meet', 'block');
    const field = document.createElement('textarea');
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    editable.append(document.createElement('span'));
    document.body.append(field, editable);
    key(field, 'keydown', { key: 'c', code: 'KeyC' });
    key(editable.firstElementChild as Element, 'keydown', { key: 'c', code: 'KeyC' });
    key(document.body, 'keydown', { key: 'c', code: 'KeyC', isComposing: true });
    key(document.body, 'keydown', { key: 'c', code: 'KeyC', shiftKey: true, ctrlKey: true });
    expect(page).toEqual(['keydown:c', 'keydown:c', 'keydown:c', 'keydown:c']);
    expect(decisions).toEqual([]);
  });

  it('stands aside while captions are on: the same key or toggle turns them off', () => {
    const page = pageLog();
    startGuard('meet', 'block', { on: ['transcription'] });
    key(document.body, 'keydown', { key: 'c', code: 'KeyC' });
    pointerGesture(control());
    expect(page).toEqual(['keydown:c', ...POINTER_SEQUENCE]);
    expect(decisions).toEqual([]);
  });

  it('still guards another feature while one is on', () => {
    const page = pageLog();
    startGuard('meet', 'block', { on: ['recording'] });
    pointerGesture(control());
    expect(page).toEqual([]);
    expect(decisions).toEqual([['transcription', 'blocked', 'pointer']]);
  });
});

describe('Meet: when the guard stands aside', () => {
  beforeEach(() => mount('meet', 'captions-off.en.html'));
  const control = () => document.querySelector(MEET_CAPTIONS) as HTMLElement;

  it.each([
    ['warn', true],
    ['block', false],
  ] as const)("mode '%s' at sensitive=%s: the page gets everything", (mode, sensitive) => {
    const page = pageLog();
    startGuard('meet', mode, { sensitive });
    pointerGesture(control());
    key(document.body, 'keydown', { key: 'c', code: 'KeyC' });
    expect(page).toEqual([...POINTER_SEQUENCE, 'keydown:c']);
    expect(decisions).toEqual([]);
  });

  it("a page script's synthetic click (untrusted) is not the person: nothing of ours happens", () => {
    const page = pageLog();
    startGuard('meet', 'block');
    control().click();
    control().dispatchEvent(new KeyboardEvent('keydown', { key: 'c', code: 'KeyC', bubbles: true }));
    expect(page).toEqual(['click', 'keydown:c']);
    expect(decisions).toEqual([]);
    expect(dialogHost()).toBeNull();
  });

  it("reads the frame's current service and table at each event: none guards nothing, a new table applies at once", () => {
    const page = pageLog();
    let reading: { service: string; table: Record<string, readonly string[]> } | undefined;
    const guard = new Guard((...decision) => decisions.push(decision), lifetime.signal, {
      reading: () => reading,
      isTrusted: (event) => person.has(event),
    });
    guard.update(state('block'));
    pointerGesture(control());
    key(document.body, 'keydown', { key: 'c', code: 'KeyC' });
    expect(decisions).toEqual([]);
    expect(page).toEqual([...POINTER_SEQUENCE, 'keydown:c']);
    // The admin's pushed table names the control: the next gesture is stopped, without a new guard.
    reading = { service: 'meet', table: { guardTranscription: [MEET_CAPTIONS] } };
    pointerGesture(control());
    expect(decisions).toEqual([['transcription', 'blocked', 'pointer']]);
  });

  it("by default trusts the browser's isTrusted (happy-dom's events are untrusted, so nothing is stopped)", () => {
    const page = pageLog();
    const table = services.find((service) => service.id === 'meet')?.table ?? {};
    const guard = new Guard((...decision) => decisions.push(decision), lifetime.signal, {
      reading: () => ({ service: 'meet', table }),
    });
    guard.update(state('block'));
    control().click();
    expect(page).toEqual(['click']);
    expect(decisions).toEqual([]);
  });

  it('finds a control inside an open shadow root through the composed path', () => {
    const page = pageLog();
    startGuard('meet', 'block');
    const host = document.createElement('div');
    document.body.append(host);
    host.attachShadow({ mode: 'open' }).append(control());
    const icon = document.createElement('i');
    host.shadowRoot?.querySelector('button')?.append(icon);
    pointerGesture(icon);
    expect(page).toEqual([]);
    expect(decisions).toEqual([['transcription', 'blocked', 'pointer']]);
  });

  it('going on sends the events to the element the person hit (an icon inside the button)', async () => {
    startGuard('meet', 'confirm');
    const icon = document.createElement('i');
    control().append(icon);
    const targets: EventTarget[] = [];
    document.addEventListener('click', (event) => targets.push(event.target as EventTarget));
    pointerGesture(icon);
    dialogButton('go on').click();
    await flush();
    expect(targets).toEqual([icon]);
  });

  it('a page that removes the dialog does not leave the guard stuck: the next attempt asks again', async () => {
    startGuard('meet', 'confirm');
    pointerGesture(control());
    dialogHost()?.remove();
    await flush(); // the removal observer answers "cancelled"
    expect(decisions).toEqual([['transcription', 'cancelled', 'pointer']]);
    pointerGesture(control());
    expect(dialogHost()).not.toBeNull();
    dialogButton('go on').click();
    await flush();
    expect(decisions.at(-1)).toEqual(['transcription', 'proceeded', 'pointer']);
  });

  it('stops listening when its lifetime ends', () => {
    const page = pageLog();
    startGuard('meet', 'block');
    lifetime.abort();
    pointerGesture(control());
    expect(page).toEqual([...POINTER_SEQUENCE]);
    expect(decisions).toEqual([]);
  });
});

describe.each(['en', 'ja'] as const)('Zoom record control (not-recording-host.%s)', (locale) => {
  const control = () => document.querySelector(ZOOM_RECORD[locale]) as HTMLElement;
  beforeEach(() => mount('zoom', `not-recording-host.${locale}.html`));

  it("'block' stops a click on Record", () => {
    const page = pageLog();
    startGuard('zoom', 'block');
    pointerGesture(control());
    expect(page).toEqual([]);
    expect(decisions).toEqual([['recording', 'blocked', 'pointer']]);
  });

  it("'confirm' on Space: going on sends the key press, its release and the button's click, in the browser's order", async () => {
    const page = pageLog();
    startGuard('zoom', 'confirm');
    control().focus();
    key(control(), 'keydown', { key: ' ', code: 'Space' });
    key(control(), 'keyup', { key: ' ', code: 'Space' });
    expect(page).toEqual([]);
    dialogButton('go on').click();
    await flush();
    expect(page).toEqual(['keydown: ', 'keyup: ', 'click']);
    expect(decisions).toEqual([['recording', 'proceeded', 'keyboard']]);
  });

  it.each([
    ['Alt+R', { key: 'r', code: 'KeyR', altKey: true }],
    ['Alt+C', { key: 'c', code: 'KeyC', altKey: true }],
  ])("stops Zoom's recording hot key %s", (_name, init) => {
    const page = pageLog();
    startGuard('zoom', 'block');
    key(document.body, 'keydown', init);
    expect(page).toEqual([]);
    expect(decisions).toEqual([['recording', 'blocked', 'shortcut']]);
  });
});

describe('Meet in Japanese: the recording panel (recording-panel.ja)', () => {
  beforeEach(() => mount('meet', 'recording-panel.ja.html'));
  const labelled = (text: string) =>
    [...document.querySelectorAll('label')].find((label) => label.textContent === text) as HTMLElement;

  it("stops 「録画を開始」 by its name, also when the person hits the words' span or the icon", () => {
    const page = pageLog();
    startGuard('meet', 'block');
    pointerGesture(document.querySelector('button span') as HTMLElement);
    dialogButton('close').click();
    pointerGesture(document.querySelector('button i') as HTMLElement);
    expect(page).toEqual([]);
    expect(decisions).toEqual([
      ['recording', 'blocked', 'pointer'],
      ['recording', 'blocked', 'pointer'],
    ]);
  });

  it('stops the transcript and Gemini checkboxes, on the box or on its label; the captions box passes', () => {
    const page = pageLog();
    startGuard('meet', 'block');
    pointerGesture(document.getElementById('rec-transcript') as HTMLElement);
    dialogButton('close').click();
    pointerGesture(labelled('Gemini によるメモ作成も開始する'));
    dialogButton('close').click();
    expect(page).toEqual([]);
    expect(decisions).toEqual([
      ['transcription', 'blocked', 'pointer'],
      ['ai-notes', 'blocked', 'pointer'],
    ]);
    pointerGesture(labelled('録画に字幕を含める'));
    // The label's gesture reaches the page (and the label then clicks its box): not guarded.
    expect(page.slice(0, POINTER_SEQUENCE.length)).toEqual([...POINTER_SEQUENCE]);
    expect(decisions).toHaveLength(2);
  });

  it('never stops a container that merely holds the words (the panel itself, its title)', () => {
    const page = pageLog();
    startGuard('meet', 'block');
    pointerGesture(document.querySelector('h2') as HTMLElement);
    pointerGesture(document.querySelector('aside') as HTMLElement);
    expect(page).toEqual([...POINTER_SEQUENCE, ...POINTER_SEQUENCE]);
    expect(decisions).toEqual([]);
  });
});

describe('Jitsi, Teams and Webex', () => {
  it("Jitsi: Enter on the menu's 'Start recording' item; going on sends the keys only (no native click)", async () => {
    mount('jitsi', 'overflow-menu.en.html');
    const item = document.querySelector('[aria-label="Start recording"]') as HTMLElement;
    const page = pageLog();
    startGuard('jitsi', 'confirm');
    key(item, 'keydown', { key: 'Enter', code: 'Enter' });
    dialogButton('go on').click();
    await flush();
    expect(page).toEqual(['keydown:Enter', 'keyup:Enter']);
    expect(decisions).toEqual([['recording', 'proceeded', 'keyboard']]);
  });

  it('Jitsi has no shortcut for a guarded feature: c (its chat) passes', () => {
    mount('jitsi', 'overflow-menu.en.html');
    const page = pageLog();
    startGuard('jitsi', 'block');
    key(document.body, 'keydown', { key: 'c', code: 'KeyC' });
    expect(page).toEqual(['keydown:c']);
  });

  it.each([
    ['Alt+Shift+C', { key: 'C', code: 'KeyC', altKey: true, shiftKey: true }],
    ['⌘+Shift+A', { key: 'a', code: 'KeyA', metaKey: true, shiftKey: true }],
  ])('Teams: stops the live-captions shortcut %s in a meeting', (_name, init) => {
    mount('teams', 'meeting.en.html');
    const page = pageLog();
    startGuard('teams', 'block');
    key(document.body, 'keydown', init);
    expect(page).toEqual([]);
    expect(decisions).toEqual([['transcription', 'blocked', 'shortcut']]);
  });

  it('Teams: Alt+Shift+C typed in the chat box is still the shortcut (no letter is typed)', () => {
    mount('teams', 'meeting.en.html');
    const compose = document.createElement('div');
    compose.setAttribute('contenteditable', 'true');
    document.body.append(compose);
    const page = pageLog();
    startGuard('teams', 'block');
    key(compose, 'keydown', { key: 'C', code: 'KeyC', altKey: true, shiftKey: true });
    expect(page).toEqual([]);
    expect(decisions).toEqual([['transcription', 'blocked', 'shortcut']]);
  });

  it('Webex: no documented shortcut is known, so keys pass', () => {
    mount('webex', 'in-meeting.en.html');
    const page = pageLog();
    startGuard('webex', 'block');
    key(document.body, 'keydown', { key: 'c', code: 'KeyC', altKey: true });
    expect(page).toEqual(['keydown:c']);
    expect(decisions).toEqual([]);
  });
});
