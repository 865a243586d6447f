/**
 * Scenarios of the Jitsi adapter's logic, each stating what a person would see go wrong: addresses, the screens
 * before the conference, the security button and dialog, subtitles and the participants pane. Inline pages keep
 * only what a branch needs; the structure follows the fixtures in test/fixtures/jitsi/ (sources there).
 */
import { describe, expect, it } from 'vitest';
import { jitsi } from '../../../src/services/jitsi';
import type { Evidence } from '../../../src/services/read';
import type { SelectorTable } from '../../../src/services/service';
import { fixtureReader } from './adapter-support';

const { readHtml } = fixtureReader(jitsi);

const ROOM = 'https://meet.jit.si/WeeklyBudgetReview';
const CONFERENCE = '<div id="videoconference_page"><div id="videospace"></div></div>';
const ev = (key: string, match: string): Evidence => ({ key, match });

/** A main-toolbar button (ToolboxItem.web.tsx): aria-pressed is its toggled state. */
const toolbarButton = (label: string, pressed?: boolean) =>
  `<div aria-label="${label}" class="toolbox-button" role="button" tabindex="0"` +
  `${pressed === undefined ? '' : ` aria-pressed="${pressed}"`}><div class="toolbox-icon"></div></div>`;
const toolbar = (...buttons: string[]) => `${CONFERENCE}<div class="toolbox-content-items">${buttons.join('')}</div>`;
/** An overflow-menu item (ContextMenuItem.tsx): role button, no aria-pressed. */
const overflowItem = (label: string) =>
  `<div id="overflow-context-menu"><div aria-label="${label}" role="button" tabindex="0"><span>${label}</span></div></div>`;

/** The security dialog: lobby section and switch, password section, E2EE section (see the security-* fixtures). */
function securityDialog({
  lobby,
  password = '',
  e2ee,
  e2eeText = 'End-to-End Encryption is currently EXPERIMENTAL.',
}: {
  lobby?: boolean;
  password?: string;
  e2ee?: boolean;
  e2eeText?: string;
}): string {
  const checkbox = (id: string, on: boolean) => `<input type="checkbox" id="${id}"${on ? ' checked' : ''}>`;
  const lobbySection =
    lobby === undefined ? '' : `<div id="lobby-section">${checkbox('lobby-section-switch', lobby)}</div>`;
  const e2eeSection =
    e2ee === undefined
      ? ''
      : `<div id="e2ee-section"><p id="e2ee-section-description">${e2eeText}</p>${checkbox('e2ee-section-switch', e2ee)}</div>`;
  return (
    `${CONFERENCE}<div aria-label="Security Options" aria-modal="true" role="dialog"><div class="security-dialog">` +
    `${lobbySection}<div class="security-dialog password-section">${password}</div>${e2eeSection}</div></div>`
  );
}
/** dialog.e2eeDisabledDueToMaxModeDescription and dialog.e2eeWarning (lang/main.json). */
const MAX_MODE = 'Cannot enable End-to-End Encryption due to large number of participants in the conference.';
const NOT_EVERYONE =
  "WARNING: Not all participants in this meeting seem to have support for End-to-End encryption. If you enable it they won't be able to see nor hear you.";
const PASSWORD_SHOWN = '<div class="info-password-local">kX9#2mQa</div>';
const ADD_PASSWORD =
  '<div class="password-actions"><button class="add-password" type="button">Add password</button></div>';
const NO_ACTIONS = '<div class="security-dialog password-actions"></div>';

describe('jitsi scenarios: the room address', () => {
  it('a room address that ends in a slash still names the room', () => {
    expect(readHtml(CONFERENCE, 'https://meet.jit.si/WeeklyBudgetReview/')?.meetingId).toBe('WeeklyBudgetReview');
  });

  it("Jitsi's own files (scripts, styles, sounds, icons) are no meeting, in any letter case", () => {
    for (const file of [
      'static/close2.htm',
      'libs/app.bundle.min.js',
      'css/all.css',
      'manifest.json',
      'images/watermark.png',
      'images/watermark.svg',
      'favicon.ico',
      'libs/tflite-simd.wasm',
      'robots.txt',
      'sounds/ring.mp3',
      'sounds/outgoingRinging.wav',
      'static/CLOSE.HTML',
    ]) {
      expect(readHtml(CONFERENCE, `https://meet.jit.si/${file}`), file).toBeNull();
    }
  });

  it('a room named after a file type in the middle of its name (node.js-study) is still a meeting', () => {
    for (const room of ['node.js-study', 'team.html5', 'a.jsonb-demo', 'x.css3', 'budget.txt2026']) {
      expect(readHtml(CONFERENCE, `https://meet.jit.si/${room}`)?.meetingId, room).toBe(room);
    }
  });

  it('a room whose name only ends in the letters of a file type, without the dot, is a meeting', () => {
    for (const room of ['planhtml', 'teamjs', 'Wavs', 'notetxt']) {
      expect(readHtml(CONFERENCE, `https://meet.jit.si/${room}`)?.meetingId, room).toBe(room);
    }
  });

  it('a link with a jwt token is not read as "no password in the link", a plain one is', () => {
    const plain = readHtml(CONFERENCE, `${ROOM}?lang=ja`);
    expect(plain?.signals.passcodeInLink).toBe('off');
    expect(plain?.evidence?.passcodeInLink).toEqual({ on: [], off: [ev('roomAddress', 'no jwt')] });
    expect(readHtml(CONFERENCE, `${ROOM}?jwt=eyJ0eXAi&lang=ja`)?.signals.passcodeInLink).toBe('unknown');
  });
});

describe('jitsi scenarios: before the conference', () => {
  it('the conference page alone is the meeting; each screen before it keeps the person before joining', () => {
    expect(readHtml(CONFERENCE, ROOM)?.phase).toBe('meeting');
    expect(readHtml('<div class="toolbox-content-items"></div>', ROOM)?.phase).toBe('meeting');
    expect(readHtml('<div id="react" role="main"></div>', ROOM)?.phase).toBe('prejoin');
    const screens = {
      prejoin: '<div data-testid="prejoin.screen"></div>',
      lobby: '<div class="lobby-screen"></div>',
      lobbyText: '<h1>Asking to join meeting…</h1>',
      waitForModerator:
        '<h1>Asking to join meeting…</h1><span class="joining-message">…no moderators have yet arrived…</span>',
      moderatorLogin: '<button data-testid="lobby.loginButton" type="button">I am the host</button>',
      passwordInput: '<input type="password" name="lockKey">',
      passwordDialog: '<div aria-label="Password required" role="dialog"><p>Locked</p></div>',
    };
    for (const [name, screen] of Object.entries(screens)) {
      expect(readHtml(`${CONFERENCE}${screen}`, ROOM)?.phase, name).toBe('prejoin');
    }
  });

  it('a "Password required" dialog without its input field still says the room has a password', () => {
    const result = readHtml(`${CONFERENCE}<div aria-label="Password required" role="dialog"><p>Locked</p></div>`, ROOM);
    expect(result?.signals.passcode).toBe('on');
    expect(result?.evidence?.passcode?.on).toEqual([ev('passwordRequiredLabel', 'Password required')]);
    const other = readHtml(`${CONFERENCE}<div aria-label="Share video" role="dialog"></div>`, ROOM);
    expect(other?.signals.passcode).toBe('unknown');
  });

  it('a knocking person in the lobby is a participant and the room has a waiting room', () => {
    const result = readHtml('<div class="lobby-screen"><h1>Asking to join meeting…</h1></div>', ROOM);
    expect(result?.role).toBe('participant');
    expect(result?.signals.waitingRoom).toBe('on');
    expect(result?.evidence?.waitingRoom?.on).toEqual([ev('lobbyScreen', '.lobby-screen')]);
  });

  it('the lobby text alone, without the lobby classes, also makes a knocking participant', () => {
    const result = readHtml('<h1>Asking to join meeting…</h1>', ROOM);
    expect(result?.role).toBe('participant');
    expect(result?.signals.waitingRoom).toBe('on');
    expect(result?.evidence?.waitingRoom?.on).toEqual([ev('lobbyText', 'Asking to join meeting…')]);
  });

  it('the lobby text outside its title and message (e.g. a chat line) is no lobby', () => {
    const result = readHtml(`${CONFERENCE}<p class="chat-message">Asking to join meeting, see you</p>`, ROOM);
    expect(result?.phase).toBe('meeting');
    expect(result?.signals.waitingRoom).toBe('unknown');
    expect(result?.role).toBe('unknown');
  });

  it('waiting for the first moderator is no waiting room and nobody is known to be a participant yet', () => {
    for (const screen of [
      `<div class="lobby-screen"><h1>Asking to join meeting…</h1><span class="joining-message">${jitsi.table.waitForModeratorText?.[0]}</span></div>`,
      '<div class="lobby-screen"><button data-testid="lobby.loginButton" type="button">I am the host</button></div>',
    ]) {
      const result = readHtml(screen, ROOM);
      expect(result?.signals.waitingRoom).toBe('unknown');
      expect(result?.evidence).not.toHaveProperty('waitingRoom');
      expect(result?.role).toBe('unknown');
      expect(result?.phase).toBe('prejoin');
    }
  });

  it('a lobby-enabled toast still counts while knocking; a lobby-disabled one beside the lobby screen is a conflict', () => {
    const knockAndToast = readHtml(
      '<div class="lobby-screen"></div><div data-testid="lobby.notificationLobbyEnabled"></div>',
      ROOM,
    );
    expect(knockAndToast?.evidence?.waitingRoom?.on).toEqual([
      ev('lobbyScreen', '.lobby-screen'),
      ev('lobbyOnToast', '[data-testid="lobby.notificationLobbyEnabled"]'),
    ]);
    const conflict = readHtml(
      '<div class="lobby-screen"></div><div data-testid="lobby.notificationLobbyDisabled"></div>',
      ROOM,
    );
    expect(conflict?.signals.waitingRoom).toBe('unknown');
  });
});

describe('jitsi scenarios: the security button in a custom main toolbar', () => {
  it('an unpressed security button means neither a password nor a lobby', () => {
    const result = readHtml(toolbar(toolbarButton('Security options', false)), ROOM);
    expect(result?.signals.passcode).toBe('off');
    expect(result?.signals.waitingRoom).toBe('off');
    expect(result?.evidence?.passcode?.off).toEqual([ev('securityLabel', 'Security options')]);
  });

  it('a pressed security button says one of them is on, so neither is claimed off', () => {
    const result = readHtml(toolbar(toolbarButton('Security options', true)), ROOM);
    expect(result?.signals.passcode).toBe('unknown');
    expect(result?.signals.waitingRoom).toBe('unknown');
    expect(result?.evidence).not.toHaveProperty('passcode');
    expect(result?.evidence).not.toHaveProperty('waitingRoom');
  });

  it('a pressed and an unpressed security button together (toolbar and its copy) claim nothing', () => {
    const result = readHtml(
      toolbar(toolbarButton('Security options', false), toolbarButton('Security options', true)),
      ROOM,
    );
    expect(result?.signals.passcode).toBe('unknown');
    expect(result?.signals.waitingRoom).toBe('unknown');
  });

  it('a security button without aria-pressed, or the overflow-menu item, says nothing', () => {
    for (const html of [
      toolbar(toolbarButton('Security options')),
      `${CONFERENCE}${overflowItem('Security options')}`,
    ]) {
      const result = readHtml(html, ROOM);
      expect(result?.signals.passcode).toBe('unknown');
      expect(result?.signals.waitingRoom).toBe('unknown');
      expect(result?.evidence).toEqual({ passcodeInLink: { on: [], off: [ev('roomAddress', 'no jwt')] } });
    }
  });

  it('an unpressed security button disagrees with a "password set" toast: unknown, not off', () => {
    const html = `${toolbar(toolbarButton('Security options', false))}<div data-testid="notify.passwordSetRemotely"></div>`;
    expect(readHtml(html, ROOM)?.signals.passcode).toBe('unknown');
  });

  it('password toasts without the dialog: set is on, removed is off', () => {
    const set = readHtml(`${CONFERENCE}<div data-testid="notify.passwordSetRemotely"></div>`, ROOM);
    expect(set?.signals.passcode).toBe('on');
    const removed = readHtml(`${CONFERENCE}<div data-testid="notify.passwordRemovedRemotely"></div>`, ROOM);
    expect(removed?.signals.passcode).toBe('off');
    expect(removed?.evidence?.passcode?.off).toEqual([
      ev('passwordRemovedToast', '[data-testid="notify.passwordRemovedRemotely"]'),
    ]);
  });

  it('a pressed CC button in the toolbar is transcription on, even beside an unpressed copy', () => {
    const result = readHtml(
      toolbar(toolbarButton('Toggle subtitles', false), toolbarButton('Toggle subtitles', true)),
      ROOM,
    );
    expect(result?.signals.transcription).toBe('on');
    expect(result?.evidence?.transcription).toEqual({ on: [ev('captionsLabel', 'Toggle subtitles')], off: [] });
    const unpressed = readHtml(toolbar(toolbarButton('Toggle subtitles', false)), ROOM);
    expect(unpressed?.signals.transcription).toBe('unknown');
    expect(unpressed?.evidence).not.toHaveProperty('transcription');
  });
});

describe('jitsi scenarios: the security dialog', () => {
  it('the lobby switch decides over a lobby toast that says otherwise, in both directions', () => {
    const on = readHtml(
      `${securityDialog({ lobby: true })}<div data-testid="lobby.notificationLobbyDisabled"></div>`,
      ROOM,
    );
    expect(on?.signals.waitingRoom).toBe('on');
    expect(on?.evidence?.waitingRoom).toEqual({ on: [ev('lobbySwitch', 'checked')], off: [] });
    const off = readHtml(
      `${securityDialog({ lobby: false })}<div data-testid="lobby.notificationLobbyEnabled"></div>`,
      ROOM,
    );
    expect(off?.signals.waitingRoom).toBe('off');
    expect(off?.evidence?.waitingRoom).toEqual({ on: [], off: [ev('lobbySwitch', 'unchecked')] });
  });

  it('the lobby switch decides over an unpressed security button seen before the change', () => {
    const html = `${securityDialog({ lobby: true })}<div class="toolbox-content-items">${toolbarButton('Security options', false)}</div>`;
    expect(readHtml(html, ROOM)?.signals.waitingRoom).toBe('on');
  });

  it('a lobby-switch selector that lands on something other than a checkbox says nothing', () => {
    const table: SelectorTable = { ...jitsi.table, lobbySwitch: ['#lobby-section'] };
    const html = `${CONFERENCE}<div id="lobby-section"><span>Enable lobby</span></div>`;
    const result = readHtml(html, ROOM, table);
    expect(result?.signals.waitingRoom).toBe('unknown');
    expect(result?.evidence).not.toHaveProperty('waitingRoom');
  });

  it('the shown password decides over a "password removed" toast; "Add password" decides over a "set" toast', () => {
    const shown = readHtml(
      `${securityDialog({ password: PASSWORD_SHOWN })}<div data-testid="notify.passwordRemovedRemotely"></div>`,
      ROOM,
    );
    expect(shown?.signals.passcode).toBe('on');
    expect(shown?.evidence?.passcode).toEqual({ on: [ev('passwordSet', '.info-password-local')], off: [] });
    const unset = readHtml(
      `${securityDialog({ password: ADD_PASSWORD })}<div data-testid="notify.passwordSetRemotely"></div>`,
      ROOM,
    );
    expect(unset?.signals.passcode).toBe('off');
    expect(unset?.evidence?.passcode).toEqual({ on: [], off: [ev('passwordUnset', 'button.add-password')] });
  });

  it('a moderator sees the lobby switch or the password buttons: host', () => {
    expect(readHtml(securityDialog({ lobby: false }), ROOM)?.role).toBe('host');
    expect(readHtml(securityDialog({ password: ADD_PASSWORD }), ROOM)?.role).toBe('host');
  });

  it('a password section without any action is what a participant sees; nothing at all leaves the role unknown', () => {
    expect(readHtml(securityDialog({ password: NO_ACTIONS }), ROOM)?.role).toBe('participant');
    expect(readHtml(securityDialog({}), ROOM)?.role).toBe('unknown');
  });

  it('an enabled E2EE switch alone is unknown, with the E2EE label on; a disabled one is off', () => {
    const alone = readHtml(securityDialog({ e2ee: true }), ROOM);
    expect(alone?.signals.e2ee).toBe('unknown');
    expect(alone?.evidence).not.toHaveProperty('e2ee');
    const label = '<div class="details-container"><div class="tss-1x-label-green"></div></div>';
    const on = readHtml(securityDialog({ e2ee: true }) + label, ROOM);
    expect(on?.signals.e2ee).toBe('on');
    expect(on?.evidence?.e2ee).toEqual({
      on: [ev('e2eeIndicator', '.details-container [class$="-label-green"]')],
      off: [],
    });
    // Green elsewhere, or a label of another colour, is not the E2EE label.
    expect(readHtml(`${CONFERENCE}<div class="tss-1x-label-green"></div>`, ROOM)?.signals.e2ee).toBe('unknown');
    const white = '<div class="details-container"><div class="tss-1x-label-white"></div></div>';
    expect(readHtml(CONFERENCE + white, ROOM)?.signals.e2ee).toBe('unknown');
    const off = readHtml(securityDialog({ e2ee: false }), ROOM);
    expect(off?.signals.e2ee).toBe('off');
    expect(off?.evidence?.e2ee).toEqual({ on: [], off: [ev('e2eeSwitch', 'unchecked')] });
  });

  it('E2EE switched on but too many participants for it: off, never on', () => {
    const result = readHtml(securityDialog({ e2ee: true, e2eeText: MAX_MODE }), ROOM);
    expect(result?.signals.e2ee).toBe('off');
    expect(result?.evidence?.e2ee).toEqual({
      on: [],
      off: [ev('e2eeMaxModeText', MAX_MODE)],
    });
  });

  it('E2EE switched on while not everyone supports it: off, the warning as evidence', () => {
    const result = readHtml(
      securityDialog({ e2ee: true, e2eeText: `End-to-End Encryption is currently EXPERIMENTAL.<br>${NOT_EVERYONE}` }),
      ROOM,
    );
    expect(result?.signals.e2ee).toBe('off');
    expect(result?.evidence?.e2ee).toEqual({
      on: [],
      off: [ev('e2eeNotEveryoneText', NOT_EVERYONE)],
    });
  });
});

describe('jitsi scenarios: subtitles and translation', () => {
  const selector = (...values: string[]) =>
    `${CONFERENCE}<select id="subtitles-language-select">${values.map((v) => `<option value="${v}">${v}</option>`).join('')}</select>`;

  it('a target language chosen in the subtitle selector is a translation, with the chosen value as evidence', () => {
    const result = readHtml(selector('translation-languages:ja', 'transcribing.original'), ROOM);
    expect(result?.signals.translation).toBe('on');
    expect(result?.evidence?.translation).toEqual({
      on: [ev('translationValueText', 'translation-languages:ja')],
      off: [],
    });
  });

  it('"Original" chosen, a value with no language after the prefix, or the prefix not at its start is no translation', () => {
    for (const value of ['transcribing.original', 'translation-languages:', 'x-translation-languages:ja']) {
      const result = readHtml(selector(value), ROOM);
      expect(result?.signals.translation, value).toBe('unknown');
      expect(result?.evidence, value).not.toHaveProperty('translation');
      expect(result?.signals.transcription, value).toBe('on');
    }
  });

  it('a select with no options at all says nothing about translation', () => {
    const result = readHtml(`${CONFERENCE}<select id="subtitles-language-select"></select>`, ROOM);
    expect(result?.signals.translation).toBe('unknown');
  });

  it('a policy that blanks or drops the translation prefix does not make every subtitle choice a translation', () => {
    const html = selector('transcribing.original');
    for (const translationValueText of [[''], ['  '], []]) {
      const table: SelectorTable = { ...jitsi.table, translationValueText };
      expect(readHtml(html, ROOM, table)?.signals.translation).toBe('unknown');
    }
    const { translationValueText: _dropped, ...withoutPrefix } = jitsi.table;
    expect(readHtml(selector('translation-languages:ja'), ROOM, withoutPrefix)?.signals.translation).toBe('unknown');
  });

  it('the prefix matches however the policy writes its case and spacing', () => {
    const table: SelectorTable = { ...jitsi.table, translationValueText: ['  Translation-Languages:  '] };
    expect(readHtml(selector('translation-languages:de'), ROOM, table)?.signals.translation).toBe('on');
  });
});

describe('jitsi scenarios: the conference subject', () => {
  it('the subject is the title, without the white space around it; a blank subject is no title', () => {
    const subject = (text: string) => `${CONFERENCE}<div class="subject-text--content">${text}</div>`;
    expect(readHtml(subject('\n  Weekly budget review  \n'), ROOM)?.title).toBe('Weekly budget review');
    expect(readHtml(subject('   '), ROOM)?.title).toBeNull();
    expect(readHtml(CONFERENCE, ROOM)?.title).toBeNull();
  });
});

describe('jitsi scenarios: AI analysis notice', () => {
  it('"recorded and analyzed by AI" counts only inside a dialog', () => {
    const inDialog = readHtml(
      `${CONFERENCE}<div role="dialog" aria-label="Recording in progress"><p>${jitsi.table.aiAnalysisText?.[0]}</p></div>`,
      ROOM,
    );
    expect(inDialog?.signals.aiNotes).toBe('on');
    const inChat = readHtml(`${CONFERENCE}<p>Is this recorded and analyzed by AI?</p>`, ROOM);
    expect(inChat?.signals.aiNotes).toBe('unknown');
  });
});

describe('jitsi scenarios: the participants pane', () => {
  const row = (id: string, name: string) =>
    `<div id="participant-item-${id}"><div><div class="avatar">XX</div></div>` +
    `<div><div><div class="css-1-nameContainer"><div>${name}</div></div></div></div></div>`;

  it('without a default-name list, only the notetaker names decide', () => {
    const { defaultNameText: _dropped, ...table } = jitsi.table;
    const html = `${CONFERENCE}<div id="participants-pane">${row('a', 'Fathom Notetaker')}</div>`;
    expect(readHtml(html, ROOM, table)?.notetakers).toEqual(['Fathom Notetaker']);
  });

  it("Jitsi's default name is left out whatever its case or spacing", () => {
    const html = `${CONFERENCE}<div id="participants-pane">${row('a', 'fellow   JITSTER')}${row('b', 'Avoma Assistant')}</div>`;
    expect(readHtml(html, ROOM)?.notetakers).toEqual(['Avoma Assistant']);
  });

  it('an open pane with people only lists no notetakers', () => {
    const html = `${CONFERENCE}<div id="participants-pane">${row('a', 'Sato Hanako')}</div>`;
    expect(readHtml(html, ROOM)?.notetakers).toEqual([]);
  });
});
