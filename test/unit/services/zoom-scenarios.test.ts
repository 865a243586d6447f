/**
 * Zoom scenarios: what a person would see go wrong if the adapter's logic slipped (issue 14). Each test states one
 * situation of the web client or the portal form and pins the snapshot, or the evidence a warning would cite.
 * Inline pages exercise the branches (addresses, attribute combinations); the selectors and words are the table's.
 */
import { describe, expect, it } from 'vitest';
import { mergeTable, type SelectorTable, unknownSignals } from '../../../src/services/service';
import { zoom } from '../../../src/services/zoom';
import { fixtureReader } from './adapter-support';

const ID = '81234567890';
const MEETING_URL = `https://app.zoom.us/wc/${ID}/join`;
const SCHEDULE_URL = 'https://us06web.zoom.us/meeting/schedule';
const EDIT_URL = `https://us06web.zoom.us/meeting/${ID}/edit`;
const FOOTER = '<div id="wc-footer"><button id="audioOptionMenu"></button></div>';

const { readHtml } = fixtureReader(zoom);

/** The evidence every web client page carries: the vendor fact for E2EE and the address for the link. */
const NO_PWD = { on: [], off: [{ key: 'address', match: 'no pwd=' }] };
const BROWSER_NOT_E2EE = { on: [], off: [{ key: 'vendor', match: 'zoom-sdk-lang' }] };

const evidenceOf = (html: string, address = MEETING_URL, table?: SelectorTable) =>
  readHtml(html, address, table)?.evidence;

describe('zoom web client: which page and which meeting', () => {
  it('a Zoom meeting number in the /wc/<n>/join address is the meeting id of a pre-join page', () => {
    expect(readHtml('<p>Loading…</p>', MEETING_URL)).toEqual({
      service: 'zoom',
      meetingId: ID,
      title: null,
      phase: 'prejoin',
      role: 'unknown',
      signals: { ...unknownSignals(), e2ee: 'off', passcodeInLink: 'off' },
      evidence: { passcodeInLink: NO_PWD, e2ee: BROWSER_NOT_E2EE },
    });
  });

  it('takes the number from /wc/<n>/ with a trailing slash and from the classic /wc/join/<n>/', () => {
    expect(readHtml('', `https://app.zoom.us/wc/${ID}/`)?.meetingId).toBe(ID);
    expect(readHtml('', `https://zoom.us/wc/join/${ID}/`)?.meetingId).toBe(ID);
    expect(readHtml('', `https://zoom.us/wc/join/${ID}`)?.meetingId).toBe(ID);
  });

  it('does not take letters after the number for part of a meeting number (/wc/<n>abc is no meeting)', () => {
    expect(readHtml('', `https://app.zoom.us/wc/${ID}abc/join`)).toBeNull();
  });

  it('reads the meeting number only at the start of the path, not from a web client path nested further down', () => {
    expect(readHtml('', `https://app.zoom.us/wc/home/wc/${ID}/join`)).toBeNull();
  });

  it("a start link (/wc/<n>/start), spaced or with a trailing slash, is the host's own", () => {
    for (const path of [`/wc/${ID}/start`, `/wc/${ID}/start/`, '/wc/812 3456 7890/start']) {
      const snapshot = readHtml('', `https://us06web.zoom.us${path}`);
      expect(snapshot?.role, path).toBe('host');
      expect(snapshot?.meetingId, path).toBe(ID);
    }
  });

  it('does not take a page merely named like a start link (/wc/<n>/startup) for the host', () => {
    expect(readHtml('', `https://us06web.zoom.us/wc/${ID}/startup`)?.role).toBe('unknown');
    // A page of the web app with meeting UI but no number of its own: only its own path could make it a start link.
    expect(readHtml(FOOTER, `https://us06web.zoom.us/wc/home/wc/${ID}/start`)?.role).toBe('unknown');
  });

  it('a web client page without a number is still a meeting when it shows any meeting UI', () => {
    const pages = {
      'the waiting room': '<div class="waiting-room-container"></div>',
      'the footer': FOOTER,
      'the passcode field': '<input id="input-for-pwd">',
      'the E2EE refusal':
        '<div role="dialog">End-to-end encrypted meetings are not supported on the browser at the moment</div>',
      'the meeting frame': '<iframe id="webclient" srcdoc=""></iframe>',
      'the join button': '<button class="preview-join-button">Join</button>',
    };
    for (const [what, html] of Object.entries(pages)) {
      const snapshot = readHtml(html, 'https://app.zoom.us/wc/home');
      expect(snapshot, what).not.toBeNull();
      expect(snapshot?.meetingId, what).toBeNull();
    }
    expect(readHtml('<button>Join</button>', 'https://app.zoom.us/wc/home')).toBeNull();
  });

  it('a zoom.us page outside the web client and the portal forms is not a meeting, whatever it shows', () => {
    const html = `<iframe id="webclient" srcdoc=""></iframe>${FOOTER}<div class="waiting-room-container"></div>`;
    for (const address of [
      'https://us06web.zoom.us/profile',
      `https://us06web.zoom.us/j/${ID}`,
      'https://us06web.zoom.us/meeting/scheduled',
      `https://us06web.zoom.us/meeting/${ID}/editor`,
      `https://us06web.zoom.us/meeting/${ID}`,
      `https://us06web.zoom.us/x/wc/${ID}/join`,
      'https://us06web.zoom.us/account/meeting/schedule',
      `https://us06web.zoom.us/account/meeting/${ID}/edit`,
    ])
      expect(readHtml(html, address), address).toBeNull();
  });

  it('a web client page is in the meeting only while the footer shows and neither the waiting room nor a refusal does', () => {
    expect(readHtml(FOOTER, MEETING_URL)?.phase).toBe('meeting');
    expect(readHtml(`${FOOTER}<div class="waiting-room-container"></div>`, MEETING_URL)?.phase).toBe('prejoin');
    const refusal =
      '<div class="zm-modal">End-to-end encrypted meetings are not supported on the browser at the moment</div>';
    expect(readHtml(`${FOOTER}${refusal}`, MEETING_URL)?.phase).toBe('prejoin');
  });

  it('the host keeps the host role while the Security menu shows; a person held in the waiting room is a participant', () => {
    const menu = '<div id="securityOptionMenu"></div>';
    expect(readHtml(`${FOOTER}${menu}`, MEETING_URL)?.role).toBe('host');
    expect(readHtml('<div class="waiting-room-container"></div>', MEETING_URL)?.role).toBe('participant');
    expect(readHtml(FOOTER, MEETING_URL)?.role).toBe('unknown');
  });

  it('lists no notetaker (an empty list) when the open participants panel shows only people', () => {
    const panel = '<span class="participants-item__display-name">Sato Hanako</span>';
    expect(readHtml(`${panel}${FOOTER}`, MEETING_URL)?.notetakers).toEqual([]);
    expect(readHtml(FOOTER, MEETING_URL)).not.toHaveProperty('notetakers');
  });
});

describe('zoom web client: passcode', () => {
  it('a pwd= in the join link says the meeting has a passcode, with the address as evidence', () => {
    const evidence = evidenceOf('', `${MEETING_URL}?pwd=Xy7kQ2abCDef.1`);
    const pwd = { key: 'address', match: 'pwd=' };
    expect(evidence?.passcode).toEqual({ on: [pwd], off: [] });
    expect(evidence?.passcodeInLink).toEqual({ on: [pwd], off: [] });
  });

  it('the pre-join passcode field or a passcode prompt says the meeting has one, each with its own evidence', () => {
    expect(evidenceOf('<input id="input-for-pwd">')?.passcode).toEqual({
      on: [{ key: 'passcodeField', match: '#input-for-pwd' }],
      off: [],
    });
    expect(evidenceOf('<div role="alert">Incorrect passcode</div>')?.passcode).toEqual({
      on: [{ key: 'passcodeAskedText', match: 'Incorrect passcode' }],
      off: [],
    });
  });

  it('does not take the word "passcode" in ordinary page text for a passcode prompt', () => {
    expect(readHtml('<p>Meeting Passcode</p>', MEETING_URL)?.signals.passcode).toBe('unknown');
  });
});

describe('zoom web client: the E2E-breaking features', () => {
  it('cites the recording indicator as the evidence of a running recording', () => {
    const html =
      '<span class="recording-indication__recording-status"><span class="recording-indication__recording-icon"></span></span>';
    expect(evidenceOf(`${html}${FOOTER}`)?.recording?.on).toEqual([
      {
        key: 'recordingIndicator',
        match: '.recording-indication__recording-status .recording-indication__recording-icon',
      },
    ]);
  });

  it('cites the pause/stop controls and the participants-list mark', () => {
    expect(evidenceOf(`<div class="footer-button-pause-stop-recording"></div>${FOOTER}`)?.recording?.on).toEqual([
      { key: 'recordingControls', match: '.footer-button-pause-stop-recording' },
    ]);
    expect(evidenceOf(`<span class="participants-icon__recording-icon"></span>${FOOTER}`)?.recording?.on).toEqual([
      { key: 'recordingMarks', match: '.participants-icon__recording-icon' },
    ]);
  });

  it('reads a recording notice in a dialog as on', () => {
    const notice = '<div role="dialog">This webinar is being recorded</div>';
    expect(evidenceOf(`${notice}${FOOTER}`)?.recording).toEqual({
      on: [{ key: 'recordingOnText', match: 'This webinar is being recorded' }],
      off: [],
    });
  });

  it('reads live captions by the caption box or by the notice, each cited', () => {
    expect(evidenceOf(`<div id="live-transcription-subtitle"></div>${FOOTER}`)?.transcription).toEqual({
      on: [{ key: 'captionBox', match: '#live-transcription-subtitle' }],
      off: [],
    });
    expect(evidenceOf(`<div role="status">Closed Caption is turned on</div>${FOOTER}`)?.transcription).toEqual({
      on: [{ key: 'transcriptionOnText', match: 'Closed Caption is turned on' }],
      off: [],
    });
  });

  it('reads interpretation by the language list or a translation notice, each cited', () => {
    expect(evidenceOf(`<ul id="interpretation-dropdown-list"></ul>${FOOTER}`)?.translation).toEqual({
      on: [{ key: 'interpretation', match: '#interpretation-dropdown-list' }],
      off: [],
    });
    expect(evidenceOf(`<div role="status">Live Translate is turned on</div>${FOOTER}`)?.translation).toEqual({
      on: [{ key: 'translationOnText', match: 'Live Translate is turned on' }],
      off: [],
    });
  });

  it('reads AI Companion by its indicator or its notice, each cited', () => {
    expect(evidenceOf(`<div id="aic-pop-panel"></div>${FOOTER}`)?.aiNotes).toEqual({
      on: [{ key: 'aiIndicator', match: '#aic-pop-panel' }],
      off: [],
    });
    expect(evidenceOf(`<div role="alert">AI Companion has been turned on</div>${FOOTER}`)?.aiNotes).toEqual({
      on: [{ key: 'aiNotesOnText', match: 'AI Companion has been turned on' }],
      off: [],
    });
  });

  it('does not take feature words in ordinary page text (chat, agenda) for notices', () => {
    const chat = `<p>Live Transcription is turned on? Live Translate is turned on? Meeting Summary is on?</p>${FOOTER}`;
    const { signals } = readHtml(chat, MEETING_URL) ?? {};
    expect([signals?.transcription, signals?.translation, signals?.aiNotes]).toEqual(['unknown', 'unknown', 'unknown']);
  });
});

describe('zoom web client: waiting room', () => {
  const menu = (items: string) => `${FOOTER}<ul class="security-option-menu__pop-menu">${items}</ul>`;

  it('a person held in the waiting room is the evidence that the meeting has one', () => {
    expect(evidenceOf('<div class="waiting-room-container"></div>')?.waitingRoom).toEqual({
      on: [{ key: 'heldInWaitingRoom', match: '.waiting-room-container' }],
      off: [],
    });
  });

  it('reads the waiting-room item of the open Security menu: selected is on, unselected is off', () => {
    const on = menu('<li aria-selected="true" aria-label="Enable Waiting Room selected">Enable Waiting Room</li>');
    const off = menu('<li aria-selected="false" aria-label="Enable Waiting Room unselect">Enable Waiting Room</li>');
    const hit = { key: 'waitingRoomItemText', match: 'Enable waiting room' };
    expect(evidenceOf(on)?.waitingRoom).toEqual({ on: [hit], off: [] });
    expect(evidenceOf(off)?.waitingRoom).toEqual({ on: [], off: [hit] });
  });

  it('reads an item drawn checked (the --checked class) without aria-selected as on', () => {
    const html = menu(
      '<li class="security-option-menu__pop-menu--checked" aria-label="待機室を有効にする">待機室を有効にする</li>',
    );
    expect(readHtml(html, MEETING_URL)?.signals.waitingRoom).toBe('on');
  });

  it('does not read an item that shows no selection state as off', () => {
    const html = menu('<li aria-label="Enable Waiting Room">Enable Waiting Room</li>');
    expect(readHtml(html, MEETING_URL)?.signals.waitingRoom).toBe('unknown');
  });

  it('says unknown when the menu shows the item selected but a toast says it was just disabled', () => {
    const html =
      menu('<li aria-selected="true" aria-label="Enable Waiting Room selected">Enable Waiting Room</li>') +
      '<div role="status">You have disabled the waiting room</div>';
    expect(readHtml(html, MEETING_URL)?.signals.waitingRoom).toBe('unknown');
  });

  it('cites the toasts as evidence', () => {
    expect(evidenceOf(`<div role="status">You have enabled the waiting room</div>${FOOTER}`)?.waitingRoom).toEqual({
      on: [{ key: 'waitingRoomOnText', match: 'You have enabled the waiting room' }],
      off: [],
    });
    expect(evidenceOf(`<div role="status">待機室を無効にしました</div>${FOOTER}`)?.waitingRoom).toEqual({
      on: [],
      off: [{ key: 'waitingRoomOffText', match: '待機室を無効にしました' }],
    });
  });
});

describe('zoom web client: E2EE', () => {
  it('the browser refusing an E2EE meeting is cited as the evidence that the meeting is E2EE', () => {
    const html =
      '<div class="zm-modal">End-to-end encrypted meetings are not supported on the browser at the moment</div>';
    expect(evidenceOf(html)?.e2ee).toEqual({
      on: [
        {
          key: 'e2eeRefusedText',
          match: 'End-to-end encrypted meetings are not supported on the browser at the moment',
        },
      ],
      off: [],
    });
  });

  it('a meeting joined in the browser is not E2EE, by the vendor fact', () => {
    expect(evidenceOf(FOOTER)?.e2ee).toEqual(BROWSER_NOT_E2EE);
  });
});

describe('zoom portal form: addresses and title', () => {
  it('the schedule form has no meeting id yet; the edit form takes it from /meeting/<n>/edit', () => {
    const form = '<input id="topic" value="Weekly sync">';
    expect(readHtml(form, SCHEDULE_URL)).toEqual({
      service: 'zoom',
      meetingId: null,
      title: 'Weekly sync',
      phase: 'schedule',
      role: 'host',
      signals: unknownSignals(),
      evidence: {},
    });
    expect(readHtml(form, `${EDIT_URL}/`)?.meetingId).toBe(ID);
    expect(readHtml(form, `${SCHEDULE_URL}/`)?.phase).toBe('schedule');
  });

  it('takes the title from a topic shown as text, trimmed, and gives none for a blank or missing topic', () => {
    expect(readHtml('<div id="topic">  Budget review </div>', SCHEDULE_URL)?.title).toBe('Budget review');
    expect(readHtml('<input id="topic" value="   ">', SCHEDULE_URL)?.title).toBeNull();
    expect(readHtml('<form></form>', SCHEDULE_URL)?.title).toBeNull();
  });
});

describe('zoom portal form: checkboxes found by their label', () => {
  it('reads a ticked box whose label points to it, citing the label word', () => {
    const html = '<input type="checkbox" id="wr" checked><label for="wr">Waiting Room</label>';
    expect(evidenceOf(html, SCHEDULE_URL)?.waitingRoom).toEqual({
      on: [{ key: 'portalWaitingRoomText', match: 'Waiting Room' }],
      off: [],
    });
  });

  it('reads a box wrapped in its label, and an unticked one as off', () => {
    const html = '<label><input type="checkbox"> Waiting Room</label>';
    expect(evidenceOf(html, SCHEDULE_URL)?.waitingRoom).toEqual({
      on: [],
      off: [{ key: 'portalWaitingRoomText', match: 'Waiting Room' }],
    });
  });

  it('reads a box written type="CHECKBOX" (HTML attribute values are case-insensitive)', () => {
    const html = '<input type="CHECKBOX" id="wr" checked><label for="wr">Waiting Room</label>';
    expect(readHtml(html, SCHEDULE_URL)?.signals.waitingRoom).toBe('on');
  });

  it('reads a box named only by its aria-label', () => {
    const html = '<input type="checkbox" aria-label="Waiting Room" checked>';
    expect(readHtml(html, SCHEDULE_URL)?.signals.waitingRoom).toBe('on');
  });

  it('reads ARIA switches and checkboxes, wrapped in a label or standing alone', () => {
    expect(
      readHtml('<div role="switch" aria-checked="true">Waiting Room</div>', SCHEDULE_URL)?.signals.waitingRoom,
    ).toBe('on');
    const wrapped = '<label>Waiting Room <span role="checkbox" aria-checked="false"></span></label>';
    expect(readHtml(wrapped, SCHEDULE_URL)?.signals.waitingRoom).toBe('off');
    const wrappedSwitch = '<label>Waiting Room <span role="switch" aria-checked="true"></span></label>';
    expect(readHtml(wrappedSwitch, SCHEDULE_URL)?.signals.waitingRoom).toBe('on');
  });

  it('does not read a switch that shows no state as off', () => {
    expect(readHtml('<div role="switch">Waiting Room</div>', SCHEDULE_URL)?.signals.waitingRoom).toBe('unknown');
  });

  it('ignores a label that points to a missing element or to a text field', () => {
    const missing = '<label for="nowhere">Waiting Room</label>';
    expect(readHtml(missing, SCHEDULE_URL)?.signals.waitingRoom).toBe('unknown');
    const text = '<label for="wr">Waiting Room</label><input id="wr" value="x">';
    expect(readHtml(text, SCHEDULE_URL)?.signals.waitingRoom).toBe('unknown');
    const noType = '<label>Waiting Room <input></label>';
    expect(readHtml(noType, SCHEDULE_URL)?.signals.waitingRoom).toBe('unknown');
  });

  it('does not take a radio choice that mentions the waiting room for the waiting-room checkbox', () => {
    const html = '<label><input type="radio" checked> Waiting Room for guests only</label>';
    expect(readHtml(html, SCHEDULE_URL)?.signals.waitingRoom).toBe('unknown');
    expect(
      readHtml('<div role="radio" aria-checked="true">Waiting Room</div>', SCHEDULE_URL)?.signals.waitingRoom,
    ).toBe('unknown');
  });

  it('cites a box once when both its aria-label and its label name it', () => {
    const html =
      '<input type="checkbox" id="wr" aria-label="Waiting Room" checked><label for="wr">Waiting Room</label>';
    expect(evidenceOf(html, SCHEDULE_URL)?.waitingRoom?.on).toEqual([
      { key: 'portalWaitingRoomText', match: 'Waiting Room' },
    ]);
  });

  it('a table that lacks the waiting-room words reads no waiting room from the labels, and does not fail', () => {
    const { portalWaitingRoomText: _dropped, ...table } = zoom.table;
    const html = '<input type="checkbox" id="wr" checked><label for="wr">Waiting Room</label>';
    expect(readHtml(html, SCHEDULE_URL, table)?.signals.waitingRoom).toBe('unknown');
  });

  it('a blank word added by policy does not make every checkbox the waiting room', () => {
    const table = mergeTable(zoom.table, { portalWaitingRoomText: { replace: [' '] } });
    const html = '<input type="checkbox" id="p" checked><label for="p">Passcode</label>';
    expect(readHtml(html, SCHEDULE_URL, table)?.signals.waitingRoom).toBe('unknown');
  });
});

describe('zoom portal form: automatic recording named by policy', () => {
  // The table has no wording for this box (no public source shows it); a policy can add the portal's label.
  const words = ['ミーティングを自動的にレコーディング'];
  const table = mergeTable(zoom.table, { portalAutoRecordText: { add: words } });

  it('a ticked automatic-recording box found by the policy label is recording on, cited by the label word', () => {
    const html = `<div role="checkbox" aria-checked="true">${words[0]}</div>`;
    expect(evidenceOf(html, EDIT_URL, table)?.recording).toEqual({
      on: [{ key: 'portalAutoRecordText', match: words[0] }],
      off: [],
    });
  });

  it('an unticked one is no off: anyone allowed can still start a recording', () => {
    const html = `<div role="checkbox" aria-checked="false">${words[0]}</div>`;
    expect(readHtml(html, EDIT_URL, table)?.signals.recording).toBe('unknown');
  });
});

describe('zoom portal form: encryption radios', () => {
  it('the chosen end-to-end encryption radio is E2EE on, cited', () => {
    const html =
      '<label><input type="radio" name="e" checked> End-to-end encryption</label>' +
      '<label><input type="radio" name="e"> Enhanced encryption</label>';
    expect(evidenceOf(html, EDIT_URL)?.e2ee).toEqual({
      on: [{ key: 'portalE2eeText', match: 'End-to-end encryption' }],
      off: [],
    });
  });

  it('says nothing when no encryption radio is chosen', () => {
    const html =
      '<label><input type="radio" name="e"> End-to-end encryption</label>' +
      '<label><input type="radio" name="e"> Enhanced encryption</label>';
    expect(readHtml(html, EDIT_URL)?.signals.e2ee).toBe('unknown');
  });

  it('does not take a checkbox labelled like the encryption choice for the radio', () => {
    const html = '<label><input type="checkbox" checked> Enhanced encryption</label>';
    expect(readHtml(html, EDIT_URL)?.signals.e2ee).toBe('unknown');
  });

  it('does not take a pressed toggle button labelled "End-to-end encryption" for the chosen radio', () => {
    const html = '<label for="e">End-to-end encryption</label><input id="e" type="button" aria-pressed="true">';
    expect(readHtml(html, EDIT_URL)?.signals.e2ee).toBe('unknown');
  });
});

describe('zoom portal form: passcode named by policy', () => {
  const table = mergeTable(zoom.table, {
    portalPasscodeInput: { add: ['#meeting_pass'] },
    portalPasscodeCheckbox: { add: ['#option_pass'] },
  });
  const passcode = (html: string) => readHtml(html, SCHEDULE_URL, table);

  it('a filled, enabled passcode field is a passcode, cited by its selector', () => {
    expect(passcode('<input id="meeting_pass" value="9QzT1x">')?.evidence?.passcode).toEqual({
      on: [{ key: 'portalPasscodeInput', match: '#meeting_pass' }],
      off: [],
    });
  });

  it('a blank, disabled or non-input passcode field says nothing', () => {
    for (const html of [
      '<input id="meeting_pass" value="">',
      '<input id="meeting_pass" value="   ">',
      '<input id="meeting_pass" value="9QzT1x" disabled>',
      '<div id="meeting_pass">9QzT1x</div>',
    ])
      expect(passcode(html)?.signals.passcode, html).toBe('unknown');
  });

  it('reads the passcode box by its id, ticked on and unticked off, cited by its selector', () => {
    const hit = { key: 'portalPasscodeCheckbox', match: '#option_pass' };
    expect(passcode('<input type="checkbox" id="option_pass" checked>')?.evidence?.passcode).toEqual({
      on: [hit],
      off: [],
    });
    expect(passcode('<input type="checkbox" id="option_pass">')?.evidence?.passcode).toEqual({ on: [], off: [hit] });
  });

  it('prefers the box found by id over a label that disagrees', () => {
    const html =
      '<input type="checkbox" id="option_pass" checked><input type="checkbox" id="other"><label for="other">Passcode</label>';
    expect(passcode(html)?.signals.passcode).toBe('on');
  });

  it('says unknown when a filled field sits beside an unticked passcode box', () => {
    const html = '<input type="checkbox" id="option_pass"><input id="meeting_pass" value="9QzT1x">';
    expect(passcode(html)?.signals.passcode).toBe('unknown');
  });
});
