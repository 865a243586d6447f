import { describe, expect, it } from 'vitest';
import { evaluateChecklist } from '../../../src/checklist';
import { defaultPolicy } from '../../../src/policy/policy';
import { computeWarnings } from '../../../src/rules';
import { type MeetingService, matchesPattern, mergeTable, type Snapshot } from '../../../src/services/service';
import { zoom } from '../../../src/services/zoom';
import { fixtureFiles, loadFixture } from '../fixtures';
import {
  describeEveryFixture,
  type Expectations,
  fixtureReader,
  type SnapshotOverrides,
  snapshotFactory,
} from './adapter-support';

const ID = '81234567890';

const { read, readHtml } = fixtureReader(zoom);

/** The whole-snapshot suite compares everything but the evidence, which the tests below check where it matters. */
const withoutEvidence: MeetingService = {
  ...zoom,
  read(doc, url, table) {
    const snapshot = zoom.read(doc, url, table);
    if (!snapshot) return snapshot;
    const { evidence: _evidence, ...rest } = snapshot;
    return rest;
  },
};

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
  // Recording, rebuilt from the SDK's recording-indication module: participant and host, running, paused, nothing,
  // someone recording locally. The footer's "Record" is offered to participants in every state: never 'off'.
  'recording-participant.en.html': meeting({ role: 'unknown', signals: { recording: 'on' } }),
  'recording-participant.ja.html': meeting({ role: 'unknown', signals: { recording: 'on' } }),
  'recording-host.en.html': meeting({ role: 'host', signals: { recording: 'on' } }),
  'recording-host.ja.html': meeting({ role: 'host', signals: { recording: 'on' } }),
  // Participants see nothing while a recording is paused: not 'off', unknown.
  'recording-paused-participant.en.html': meeting({}),
  'recording-paused-participant.ja.html': meeting({}),
  'recording-paused-host.en.html': meeting({ role: 'host', signals: { recording: 'on' } }),
  'recording-paused-host.ja.html': meeting({ role: 'host', signals: { recording: 'on' } }),
  'not-recording-participant.en.html': meeting({}),
  'not-recording-participant.ja.html': meeting({}),
  // The host's empty status span is the one "off" the web client shows.
  // The host's empty status span is no 'off': it is as empty while a recording starts (INIT), and archiving or live
  // streaming leave it empty too.
  'not-recording-host.en.html': meeting({ role: 'host' }),
  'not-recording-host.ja.html': meeting({ role: 'host' }),
  // Archiving and live streaming (issue 18): the content leaves the meeting for a third party; read as recording.
  'archiving-host.en.html': meeting({ role: 'host', signals: { recording: 'on' } }),
  'archiving-host.ja.html': meeting({ role: 'host', signals: { recording: 'on' } }),
  'live-stream-host.en.html': meeting({ role: 'host', signals: { recording: 'on' } }),
  'live-stream-host.ja.html': meeting({ role: 'host', signals: { recording: 'on' } }),
  'local-recording-participant.en.html': meeting({ signals: { recording: 'on' } }),
  'local-recording-participant.ja.html': meeting({ signals: { recording: 'on' } }),
  'local-recording-host.en.html': meeting({ role: 'host', signals: { recording: 'on' } }),
  'local-recording-host.ja.html': meeting({ role: 'host', signals: { recording: 'on' } }),
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
  // No public source names the legacy passcode field; an unticked auto-record box is no 'off'.
  'schedule-legacy.en.html': schedule({
    title: 'Weekly sync',
    signals: { waitingRoom: 'on' },
  }),
  // An empty passcode field without a checkbox is neither on nor off.
  'schedule-legacy.ja.html': schedule({
    title: '定例会議',
    signals: { waitingRoom: 'off', recording: 'on' },
  }),
  'edit-e2ee.ja.html': schedule({
    meetingId: ID,
    title: '個人情報を含む打合せ',
    signals: { passcode: 'on', waitingRoom: 'on', e2ee: 'on' },
  }),
  'edit-enhanced.en.html': schedule({
    meetingId: ID,
    title: 'Budget review',
    signals: { passcode: 'off', waitingRoom: 'off', e2ee: 'off' },
  }),
};

describeEveryFixture(withoutEvidence, expectations);

const FOOTER = '<div id="wc-footer"><button id="audioOptionMenu"></button></div>';
const MEETING_URL = `https://app.zoom.us/wc/${ID}/join`;

const policy = defaultPolicy();
const warningsAt = (snapshot: Snapshot | null, classification: 1 | 2 | 3) =>
  snapshot ? computeWarnings({ snapshot, classification, policy }) : [];

describe('zoom recording', () => {
  it('reads the participant view with the icon-only indicator and a "Record" button as on, and warns at class 2+', () => {
    for (const file of ['recording-participant.en.html', 'recording-participant.ja.html']) {
      const { doc, url } = loadFixture('zoom', file);
      // The fixture is the case of the issue: an empty icon, no text, and the footer offering "Record".
      expect(doc.querySelector('.recording-indication__recording-status')?.textContent, file).toBe('');
      expect(doc.querySelector('#wc-footer .footer-record-button button'), file).not.toBeNull();
      const snapshot = zoom.read(doc, url, zoom.table);
      expect(snapshot?.signals.recording, file).toBe('on');
      expect(snapshot?.evidence?.recording, file).toEqual({
        on: [
          {
            key: 'recordingIndicator',
            match: '.recording-indication__recording-status .recording-indication__recording-icon',
          },
        ],
        off: [],
      });
      expect(warningsAt(snapshot, 2), file).toContain('recording');
      expect(warningsAt(snapshot, 3), file).toContain('recording');
      expect(warningsAt(snapshot, 1), file).not.toContain('recording');
    }
  });

  it('never reads the host view with an empty indicator as "off": the span is empty while recording starts (INIT)', () => {
    for (const file of ['not-recording-host.en.html', 'not-recording-host.ja.html']) {
      const snapshot = read(file);
      expect(
        loadFixture('zoom', file).doc.querySelector('.recording-indication__recording-status:empty'),
      ).not.toBeNull();
      expect(snapshot?.signals.recording, file).toBe('unknown');
      expect(snapshot?.evidence?.recording, file).toBeUndefined();
      expect(warningsAt(snapshot, 2), file).not.toContain('recording');
    }
  });

  it.each([
    ['archiving-host.en.html', [{ key: 'archivingIndicator', match: '#archive-pop-panel' }]],
    [
      'archiving-host.ja.html',
      [
        { key: 'archivingIndicator', match: '#archive-pop-panel' },
        { key: 'archivingOnText', match: 'このミーティングはアーカイブされます' },
      ],
    ],
    [
      'live-stream-host.en.html',
      [
        { key: 'liveStreamIndicator', match: '.live-stream-container .live-stream-icon' },
        { key: 'liveStreamOnText', match: 'The content of this meeting is being sent to a third party' },
      ],
    ],
    ['live-stream-host.ja.html', [{ key: 'liveStreamIndicator', match: '.live-stream-container .live-stream-icon' }]],
  ])('reads %s (host, empty recording status span) as recording on, and warns at class 2+', (file, on) => {
    const snapshot = read(file);
    expect(loadFixture('zoom', file).doc.querySelector('.recording-indication__recording-status:empty')).not.toBeNull();
    expect(snapshot?.signals.recording).toBe('on');
    expect(snapshot?.evidence?.recording).toEqual({ on, off: [] });
    expect(warningsAt(snapshot, 2)).toContain('recording');
    const checklist = evaluateChecklist({
      snapshot: snapshot as Snapshot,
      classification: 2,
      policy,
      managed: true,
      browser: null,
      confirmed: new Set(),
    });
    expect(checklist.find((item) => item.id === '21-no-e2e-breaking')?.status).toBe('ng');
    expect(warningsAt(snapshot, 1)).not.toContain('recording');
  });

  it('reads recording "off" from no Zoom fixture: the web client shows no off state of what the clause covers', () => {
    const files = fixtureFiles('zoom');
    expect(files).toEqual(expect.arrayContaining(['archiving-host.en.html', 'live-stream-host.ja.html']));
    for (const file of files) expect(read(file)?.signals.recording, file).not.toBe('off');
  });

  it('warns when "on" and "off"-looking markup meet: the consent notice on a host view with an empty span', () => {
    // A host view whose status span is empty while the consent notice says the meeting is being recorded.
    const { doc, url } = loadFixture('zoom', 'not-recording-host.en.html');
    const notice = doc.createElement('div');
    notice.setAttribute('role', 'dialog');
    notice.textContent = 'This meeting is being recorded';
    doc.body.append(notice);
    const snapshot = zoom.read(doc, url, zoom.table);
    expect(snapshot?.signals.recording).toBe('on');
    expect(snapshot?.evidence?.recording).toEqual({
      on: [{ key: 'recordingOnText', match: 'This meeting is being recorded' }],
      off: [],
    });
    expect(warningsAt(snapshot, 2)).toContain('recording');
  });

  it('never takes the footer\'s "Record" for "off"', () => {
    for (const file of ['not-recording-participant.en.html', 'recording-paused-participant.ja.html']) {
      expect(read(file)?.signals.recording, file).toBe('unknown');
      expect(read(file)?.evidence?.recording, file).toBeUndefined();
    }
  });

  it('does not take the host-only container alone for a running recording', () => {
    // The container renders for hosts whatever the state; only its status span's content counts.
    const html = `<div class="recording-indication__recording-container" title="Recording to cloud"></div>${FOOTER}`;
    expect(readHtml(html, MEETING_URL)?.signals.recording).toBe('unknown');
  });

  it('reads each "on" mark of the SDK on its own', () => {
    const marks = [
      '<span class="recording-indication__recording-status recording-indication__recording-status--paused"></span>',
      '<button class="recording-indication__rec-icon recording-indication__stop-btn" aria-label="Stop Recording"></button>',
      '<div class="footer-button-pause-stop-recording"></div>',
      '<span class="sharee-sharing-indicator__record-icon" aria-label="Cloud Recording is in progress"></span>',
      '<i class="sharee-sharing-indicator__local-record-icon" aria-label="Local Recording is in progress"></i>',
      '<span class="participants-icon__recording-icon"></span>',
    ];
    for (const mark of marks) expect(readHtml(`${mark}${FOOTER}`, MEETING_URL)?.signals.recording, mark).toBe('on');
  });

  it('reads the paused host view as on, by the status modifier and the controls', () => {
    const evidence = read('recording-paused-host.ja.html')?.evidence?.recording;
    expect(evidence?.on.map((hit) => hit.key)).toEqual(['recordingIndicator', 'recordingControls']);
    expect(evidence?.off).toEqual([]);
  });

  it('does not take chat text for a recording notice', () => {
    // in-meeting.ja has 「このミーティングはレコーディングされていますか？」 typed in the chat.
    expect(read('in-meeting.ja.html')?.signals.recording).toBe('unknown');
  });

  it('reports only "on" keys it declares in onEvidenceKeys, on every fixture', () => {
    for (const file of fixtureFiles('zoom')) {
      const evidence = read(file)?.evidence ?? {};
      for (const name of ['recording', 'transcription', 'translation', 'aiNotes'] as const)
        for (const hit of evidence[name]?.on ?? [])
          expect(zoom.onEvidenceKeys?.[name], `${file} ${name}`).toContain(hit.key);
    }
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
    // Unticked only says the recording will not start by itself.
    expect(result?.signals.recording).toBe('unknown');
  });

  it('reads automatic recording ticked as on, unticked as unknown (never off)', () => {
    const ticked = '<input type="checkbox" id="option_autorec" checked>';
    const unticked = '<input type="checkbox" id="option_autorec">';
    const on = readHtml(ticked, 'https://zoom.us/meeting/schedule');
    expect(on?.signals.recording).toBe('on');
    expect(on?.evidence?.recording?.on).toEqual([{ key: 'portalAutoRecord', match: 'input#option_autorec' }]);
    expect(readHtml(unticked, 'https://zoom.us/meeting/schedule')?.signals.recording).toBe('unknown');
    expect(read('edit-e2ee.ja.html')?.signals.recording).toBe('unknown');
    expect(read('schedule-legacy.ja.html')?.signals.recording).toBe('on');
  });

  it('does not read a disabled passcode field as a passcode', () => {
    const html = '<input id="meeting_pass" value="123456" disabled>';
    expect(readHtml(html, 'https://zoom.us/meeting/schedule')?.signals.passcode).toBe('unknown');
  });
});

describe('zoom table as data', () => {
  it('can be repaired by a policy override after a redesign', () => {
    const html = `<div class="rec-badge"><span class="rec-badge__status"><i class="rec-badge__dot"></i></span></div>${FOOTER}`;
    const renamed = mergeTable(zoom.table, {
      recordingIndicator: { replace: ['.rec-badge__status .rec-badge__dot'] },
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
