import { describe, expect, it } from 'vitest';
import { matchesPattern, mergeTable, type Snapshot } from '../../../src/services/service';
import { zoom } from '../../../src/services/zoom';
import { loadFixture } from '../fixtures';
import {
  describeEveryFixture,
  type Expectations,
  fixtureReader,
  type SnapshotOverrides,
  snapshotFactory,
} from './adapter-support';

const ID = '81234567890';

const { read, readHtml } = fixtureReader(zoom);

/** The web client: a browser cannot be in an E2EE meeting, and these addresses carry no pwd= unless said. */
const meeting = snapshotFactory('zoom', {
  meetingId: ID,
  phase: 'meeting',
  signals: { e2ee: 'off', passcodeInLink: 'off' },
});

const prejoin = (overrides: SnapshotOverrides): Snapshot => meeting({ phase: 'prejoin', ...overrides });

/** The portal's schedule and edit forms, the host's: nothing is known until the form is read. */
const schedule = snapshotFactory('zoom', { meetingId: null, phase: 'schedule', role: 'host' });

const withPwd = { passcode: 'on', passcodeInLink: 'on' } as const;

/** Every fixture in test/fixtures/zoom/ and the whole snapshot the adapter must read from it. */

const expectations: Expectations = {
  'home.en.html': null,
  'shell-pwd.en.html': prejoin({ signals: withPwd }),
  'shell.ja.html': prejoin({}),
  'prejoin-passcode.en.html': prejoin({ signals: { passcode: 'on' } }),
  'prejoin-passcode.ja.html': prejoin({ signals: { passcode: 'on' } }),
  // No passcode field and no pwd=: nothing says whether the meeting has a passcode.
  'prejoin.en.html': prejoin({}),
  'prejoin-link-pwd.ja.html': prejoin({ signals: withPwd }),
  'in-meeting.en.html': meeting({}),
  'in-meeting.ja.html': meeting({}),
  'recording.ja.html': meeting({ signals: { recording: 'on', ...withPwd } }),
  'recording.en.html': meeting({ signals: { recording: 'on' } }),
  'recording-paused-host.ja.html': meeting({
    role: 'host',
    signals: { recording: 'on' },
  }),
  'recording-paused-host.en.html': meeting({
    role: 'host',
    signals: { recording: 'on' },
  }),
  'host-not-recording.en.html': meeting({
    role: 'host',
    signals: { recording: 'off' },
  }),
  'host-not-recording.ja.html': meeting({
    role: 'host',
    signals: { recording: 'off' },
  }),
  'consent-ai.ja.html': meeting({
    signals: { recording: 'on', transcription: 'on', aiNotes: 'on' },
  }),
  'consent.en.html': meeting({ signals: { recording: 'on' } }),
  'ai-companion.en.html': meeting({ signals: { aiNotes: 'on' } }),
  'ai-companion.ja.html': meeting({ signals: { aiNotes: 'on' } }),
  'captions.ja.html': meeting({ signals: { transcription: 'on' } }),
  'captions-hidden.en.html': meeting({ signals: { transcription: 'on' } }),
  'interpretation.en.html': meeting({ signals: { translation: 'on' } }),
  'translation.ja.html': meeting({ signals: { translation: 'on' } }),
  'security-menu-on.ja.html': meeting({
    role: 'host',
    signals: { waitingRoom: 'on' },
  }),
  'security-menu-off.en.html': meeting({
    role: 'host',
    signals: { waitingRoom: 'off' },
  }),
  'waiting-room.en.html': prejoin({
    role: 'participant',
    signals: { waitingRoom: 'on' },
  }),
  'waiting-room.ja.html': prejoin({
    role: 'participant',
    signals: { waitingRoom: 'on', ...withPwd },
  }),
  'e2ee-refused.ja.html': prejoin({ signals: { e2ee: 'on' } }),
  'e2ee-refused.en.html': prejoin({ signals: { e2ee: 'on', ...withPwd } }),
  'participants-notetaker.en.html': meeting({
    notetakers: ['Otter.ai Notetaker'],
  }),
  'participants.ja.html': meeting({ notetakers: [] }),
  'schedule-legacy.en.html': schedule({
    title: 'Weekly sync',
    signals: { passcode: 'on', waitingRoom: 'on', recording: 'off' },
  }),
  // An empty passcode field without a checkbox is neither on nor off.
  'schedule-legacy.ja.html': schedule({
    title: '定例会議',
    signals: { waitingRoom: 'off', recording: 'on' },
  }),
  'edit-e2ee.ja.html': schedule({
    meetingId: ID,
    title: '個人情報を含む打合せ',
    signals: {
      passcode: 'on',
      waitingRoom: 'on',
      recording: 'off',
      e2ee: 'on',
    },
  }),
  'edit-enhanced.en.html': schedule({
    meetingId: ID,
    title: 'Budget review',
    signals: { passcode: 'off', waitingRoom: 'off', e2ee: 'off' },
  }),
};

describeEveryFixture(zoom, expectations);

const FOOTER = '<div id="wc-footer"><button id="audioOptionMenu"></button></div>';
const MEETING_URL = `https://app.zoom.us/wc/${ID}/join`;

describe('zoom recording traps', () => {
  it('does not take the host-only indicator container for a running recording', () => {
    const { doc, url } = loadFixture('zoom', 'host-not-recording.en.html');
    for (const button of doc.querySelectorAll('button[aria-label="Record"]')) button.remove();
    // Without the start control nothing is seen either way: the empty container alone is no evidence.
    expect(zoom.read(doc, url, zoom.table)?.signals.recording).toBe('unknown');
  });

  it('counts a paused recording as on, and "Resume/Stop Recording" is not a start control', () => {
    expect(read('recording-paused-host.en.html')?.signals.recording).toBe('on');
    const html = `<div id="wc-footer"><button aria-label="Resume/Stop Recording"></button></div>`;
    expect(readHtml(html, MEETING_URL)?.signals.recording).toBe('unknown');
  });

  it('reads a paused status even without text', () => {
    const paused = 'recording-indication__recording-status recording-indication__recording-status--paused';
    const html = `<span class="${paused}"></span>${FOOTER}`;
    expect(readHtml(html, MEETING_URL)?.signals.recording).toBe('on');
  });

  it('says unknown when a running recording and a start control are both seen', () => {
    const html = `<span class="recording-indication__recording-status">Recording...</span>
      <div id="wc-footer"><button aria-label="Record"></button></div>`;
    expect(readHtml(html, MEETING_URL)?.signals.recording).toBe('unknown');
  });

  it('does not take chat text for a recording notice', () => {
    // in-meeting.ja has 「このミーティングはレコーディングされていますか？」 typed in the chat.
    expect(read('in-meeting.ja.html')?.signals.recording).toBe('unknown');
  });
});

describe('zoom waiting room and passcode', () => {
  it('does not take the locked meeting for the waiting room', () => {
    // security-menu-off.en: "Lock Meeting" is selected, "Enable Waiting Room" is not.
    expect(read('security-menu-off.en.html')?.signals.waitingRoom).toBe('off');
  });

  it('reads the open security menu without its toasts', () => {
    for (const [file, expected] of [
      ['security-menu-off.en.html', 'off'],
      ['security-menu-on.ja.html', 'on'],
    ] as const) {
      const { doc, url } = loadFixture('zoom', file);
      for (const toast of doc.querySelectorAll('[role="status"]')) toast.remove();
      expect(zoom.read(doc, url, zoom.table)?.signals.waitingRoom, file).toBe(expected);
    }
  });

  it('reads the host toasts alone', () => {
    const on = `<div role="status">待機室を有効にしました</div>${FOOTER}`;
    const off = `<div role="status">You have disabled the waiting room</div>${FOOTER}`;
    expect(readHtml(on, MEETING_URL)?.signals.waitingRoom).toBe('on');
    expect(readHtml(off, MEETING_URL)?.signals.waitingRoom).toBe('off');
  });

  it('reads a passcode prompt by its label when the field is renamed', () => {
    const html = '<label for="pw">ミーティング パスコード</label><input id="pw" type="password">';
    expect(readHtml(html, MEETING_URL)?.signals.passcode).toBe('on');
  });

  it('never says the web client meeting has no passcode', () => {
    for (const file of ['prejoin.en.html', 'in-meeting.en.html', 'shell.ja.html']) {
      expect(read(file)?.signals.passcode).toBe('unknown');
    }
  });
});

describe('zoom passcodeInLink and the address', () => {
  const bare = '<html><body></body></html>';

  it('is on when the join link carries pwd=, off for a /wc/ address without it', () => {
    expect(readHtml(bare, `${MEETING_URL}?pwd=abc.1`)?.signals.passcodeInLink).toBe('on');
    expect(readHtml(bare, `${MEETING_URL}?fromPWA=1`)?.signals.passcodeInLink).toBe('off');
    expect(readHtml(bare, `${MEETING_URL}?pwd=`)?.signals.passcodeInLink).toBe('off');
  });

  it('is unknown on the portal, which shows no link', () => {
    expect(read('schedule-legacy.en.html')?.signals.passcodeInLink).toBe('unknown');
  });

  it('takes the meeting number from every web client address form', () => {
    expect(readHtml(bare, 'https://zoom.us/wc/join/81234567890')?.meetingId).toBe(ID);
    expect(readHtml(bare, 'https://us06web.zoom.us/wc/812%203456%207890/join')?.meetingId).toBe(ID);
    // A malformed escape is read raw, not thrown: no number, no meeting UI, so not a meeting.
    expect(readHtml(bare, 'https://us06web.zoom.us/wc/812%E0%A4%A/join')).toBeNull();
  });

  it('takes a start link for the host', () => {
    expect(readHtml(bare, `https://app.zoom.us/wc/${ID}/start`)?.role).toBe('host');
    expect(readHtml(bare, MEETING_URL)?.role).toBe('unknown');
  });

  it('returns null for web app pages that are not meetings', () => {
    expect(readHtml(bare, 'https://app.zoom.us/wc/home')).toBeNull();
    expect(readHtml(bare, 'https://us06web.zoom.us/meeting#/upcoming')).toBeNull();
  });

  it('matches the web client and the portal pages, not the launcher', () => {
    const matched = (address: string) => zoom.matches.some((pattern) => matchesPattern(pattern, new URL(address)));
    expect(matched(MEETING_URL)).toBe(true);
    expect(matched('https://us06web.zoom.us/wc/join/81234567890')).toBe(true);
    expect(matched('https://us06web.zoom.us/meeting/schedule')).toBe(true);
    expect(matched(`https://us06web.zoom.us/meeting/${ID}/edit`)).toBe(true);
    expect(matched(`https://us06web.zoom.us/j/${ID}?pwd=abc`)).toBe(false);
  });
});

describe('zoom e2ee and participants', () => {
  it('is off in the web client by vendor fact, on when the browser refuses an E2EE meeting', () => {
    expect(read('in-meeting.en.html')?.signals.e2ee).toBe('off');
    expect(read('e2ee-refused.ja.html')?.signals.e2ee).toBe('on');
    expect(read('e2ee-refused.ja.html')?.phase).toBe('prejoin');
  });

  it('lists notetakers only when the participants panel is open, whole words only', () => {
    expect(read('participants-notetaker.en.html')?.notetakers).toEqual(['Otter.ai Notetaker']);
    expect(read('in-meeting.en.html')).not.toHaveProperty('notetakers');
  });
});

describe('zoom portal form', () => {
  it('says unknown when two checkboxes labelled "Passcode" disagree', () => {
    const html = `<input type="checkbox" id="a" checked><label for="a">Passcode</label>
      <input type="checkbox" id="b"><label for="b">Embed passcode in invite link</label>`;
    expect(readHtml(html, 'https://zoom.us/meeting/schedule')?.signals.passcode).toBe('unknown');
  });

  it('reads the legacy ids even without a label', () => {
    const html = '<input type="checkbox" id="option_waiting_room" checked><input type="checkbox" id="option_autorec">';
    const result = readHtml(html, 'https://zoom.us/meeting/schedule');
    expect(result?.signals.waitingRoom).toBe('on');
    expect(result?.signals.recording).toBe('off');
  });

  it('does not read a disabled passcode field as a passcode', () => {
    const html = '<input id="meeting_pass" value="123456" disabled>';
    expect(readHtml(html, 'https://zoom.us/meeting/schedule')?.signals.passcode).toBe('unknown');
  });
});

describe('zoom table as data', () => {
  it('can be repaired by a policy override after a redesign', () => {
    const html = `<div class="rec-badge"><span class="rec-badge__status">Recording...</span></div>${FOOTER}`;
    const renamed = mergeTable(zoom.table, {
      recordingStatus: { replace: ['.rec-badge__status'] },
    });
    expect(readHtml(html, MEETING_URL, renamed)?.signals.recording).toBe('on');
    expect(readHtml(html, MEETING_URL)?.signals.recording).toBe('unknown');
  });

  it('ignores an unparsable override instead of throwing', () => {
    const broken = mergeTable(zoom.table, {
      inMeeting: { add: ['div[[['] },
      securityItemChecked: { replace: ['li[[['] },
      portalLabels: { add: [':::'] },
    });
    expect(read('in-meeting.en.html', broken)?.phase).toBe('meeting');
    expect(read('security-menu-on.ja.html', broken)?.signals.waitingRoom).toBe('on');
    expect(read('edit-enhanced.en.html', broken)?.signals.e2ee).toBe('off');
  });
});
