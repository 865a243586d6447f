import { describe, expect, it } from 'vitest';
import { validateContentMessage } from '../../../src/messages';
import { defaultPolicy } from '../../../src/policy/policy';
import { computeWarnings } from '../../../src/rules';
import { mergeTable, type SelectorTable, type Snapshot } from '../../../src/services/service';
import { teams } from '../../../src/services/teams';
import { loadFixture } from '../fixtures';
import { describeEveryFixture, type Expectations, fixtureReader, snapshotFactory } from './adapter-support';

const THREAD = '19:meeting_ZmFrZS1tZWV0aW5nLWlk@thread.v2';
const MEETING_NUMBER = '233362334498301';

const { read, readHtml } = fixtureReader(teams);

const snapshot = snapshotFactory('teams', { meetingId: THREAD, phase: 'prejoin', evidence: {} });

const hit = (key: string, match: string) => ({ key, match });
/** The vendor fact behind 'not E2EE' wherever the web client itself is in use. */
const WEB_CLIENT = { on: [], off: [hit('vendorFact', 'teams-e2ee-doc: web client in use')] };
const LINK_PASSCODE = { on: [hit('address', 'p= in the join link')], off: [] };
const AUTO_RECORD = { on: [hit('autoRecordLabelText', 'Record and transcribe automatically')], off: [] };

/** Every fixture in test/fixtures/teams/ and the whole snapshot the adapter must read from it. */
const expectations: Expectations = {
  'chat.en.html': null,
  'calendar.ja.html': null,
  'prejoin.en.html': snapshot({ signals: { e2ee: 'off', passcodeInLink: 'off' }, evidence: { e2ee: WEB_CLIENT } }),
  'prejoin.ja.html': snapshot({
    meetingId: MEETING_NUMBER,
    signals: { e2ee: 'off', passcode: 'on', passcodeInLink: 'on' },
    evidence: { e2ee: WEB_CLIENT, passcode: LINK_PASSCODE },
  }),
  'lobby.en.html': snapshot({
    meetingId: '9391234567890',
    role: 'participant',
    signals: { waitingRoom: 'on', e2ee: 'off', passcodeInLink: 'off' },
    evidence: { waitingRoom: { on: [hit('lobbyText', 'Someone will let you in soon')], off: [] }, e2ee: WEB_CLIENT },
  }),
  // The Japanese lobby text is not public: the lobby is not understood, so nothing is claimed (never 'off').
  'lobby.ja.html': snapshot({ signals: { passcodeInLink: 'off' } }),
  'meeting-captions.en.html': snapshot({
    phase: 'meeting',
    signals: { transcription: 'on', e2ee: 'off', passcodeInLink: 'off' },
    evidence: {
      transcription: {
        on: [hit('captions', '[data-tid*="closed-caption"]:not(button):not([role="button"]):not([role="menuitem"])')],
        off: [],
      },
      e2ee: WEB_CLIENT,
    },
    notetakers: ['Fireflies.ai Notetaker'],
  }),
  'meeting-captions.ja.html': snapshot({
    meetingId: MEETING_NUMBER,
    title: '【機密性2】予算調整会議',
    phase: 'meeting',
    signals: { transcription: 'on', e2ee: 'off', passcode: 'on', passcodeInLink: 'on' },
    evidence: {
      transcription: { on: [hit('captions', '[data-tid="closed-caption-renderer-wrapper"]')], off: [] },
      e2ee: WEB_CLIENT,
      passcode: LINK_PASSCODE,
    },
  }),
  // The chat quotes the lobby sentence and a recording notice: neither is read (traps).
  'meeting.en.html': snapshot({
    phase: 'meeting',
    signals: { e2ee: 'off', passcodeInLink: 'off' },
    evidence: { e2ee: WEB_CLIENT },
  }),
  // Joined inside the v2 app: the address names no meeting, so neither id nor link is known.
  'meeting.ja.html': snapshot({
    meetingId: null,
    phase: 'meeting',
    signals: { e2ee: 'off' },
    evidence: { e2ee: WEB_CLIENT },
  }),
  'e2ee-error.en.html': snapshot({ signals: { passcodeInLink: 'off' } }),
  'e2ee-error.ja.html': snapshot({ signals: { passcodeInLink: 'off' } }),
  // Auto-record off is no "off" evidence (issue 7): this fixture used to read recording 'off'.
  'meeting-options.en.html': snapshot({
    phase: 'schedule',
    role: 'host',
    signals: { waitingRoom: 'off', e2ee: 'off' },
    evidence: {
      waitingRoom: { on: [], off: [hit('lobbyEveryoneText', 'Everyone')] },
      e2ee: { on: [], off: [hit('e2eeOptionLabelText', 'meeting end-to-end encryption')] },
    },
  }),
  'meeting-options-strict.en.html': snapshot({
    phase: 'schedule',
    role: 'host',
    signals: { waitingRoom: 'on', recording: 'on', transcription: 'on', e2ee: 'on' },
    evidence: {
      waitingRoom: { on: [hit('lobbyRestrictedText', 'Only organizers and co-organizers')], off: [] },
      recording: AUTO_RECORD,
      transcription: AUTO_RECORD,
      e2ee: { on: [hit('e2eeOptionLabelText', 'meeting end-to-end encryption')], off: [] },
    },
  }),
  // Guests bypass the lobby: not a waiting room, although the value starts with "People in my organization".
  'meeting-options-guests.en.html': snapshot({
    phase: 'schedule',
    role: 'host',
    signals: { waitingRoom: 'off', recording: 'on', transcription: 'on' },
    evidence: {
      waitingRoom: { on: [], off: [hit('lobbyGuestsBypassText', 'People in my organization and guests')] },
      recording: AUTO_RECORD,
      transcription: AUTO_RECORD,
    },
  }),
  'meeting-options.ja.html': snapshot({ phase: 'schedule', role: 'host' }),
  'recording-notice.en.html': snapshot({
    phase: 'meeting',
    signals: { recording: 'on', e2ee: 'off', passcodeInLink: 'off' },
    evidence: { recording: { on: [hit('recordingNoticeText', 'Recording has started.')], off: [] }, e2ee: WEB_CLIENT },
  }),
  'recording-notice.ja.html': snapshot({
    meetingId: MEETING_NUMBER,
    phase: 'meeting',
    signals: { recording: 'on', transcription: 'on', e2ee: 'off', passcode: 'on', passcodeInLink: 'on' },
    evidence: {
      recording: { on: [hit('recordingNoticeText', 'レコーディングとトランスクリプトが開始されました。')], off: [] },
      transcription: {
        on: [hit('transcriptionNoticeText', 'レコーディングとトランスクリプトが開始されました。')],
        off: [],
      },
      e2ee: WEB_CLIENT,
      passcode: LINK_PASSCODE,
    },
  }),
  'transcription-notice.ja.html': snapshot({
    phase: 'meeting',
    signals: { transcription: 'on', e2ee: 'off', passcodeInLink: 'off' },
    evidence: {
      transcription: { on: [hit('transcriptionNoticeText', '文字起こしが開始しました。')], off: [] },
      e2ee: WEB_CLIENT,
    },
  }),
  // A stop notice says nothing of other recordings: unknown, never 'off'.
  'recording-stopped.en.html': snapshot({
    phase: 'meeting',
    signals: { e2ee: 'off', passcodeInLink: 'off' },
    evidence: { e2ee: WEB_CLIENT },
  }),
  'recording-indicator.ja.html': snapshot({
    meetingId: null,
    title: '予算調整会議',
    phase: 'meeting',
    signals: { recording: 'on', e2ee: 'off' },
    evidence: { recording: { on: [hit('recordingIndicatorText', 'レコーディング中')], off: [] }, e2ee: WEB_CLIENT },
  }),
  // The English indicator label is not public: unknown until the admin teaches it (see below).
  'recording-indicator.en.html': snapshot({
    meetingId: null,
    title: 'Budget review',
    phase: 'meeting',
    signals: { e2ee: 'off' },
    evidence: { e2ee: WEB_CLIENT },
  }),
};

describeEveryFixture(teams, expectations);

describe('teams passcode in the join link', () => {
  const empty = '<html><body></body></html>';
  const cases: Array<[string, string | null, string, string]> = [
    ['https://teams.microsoft.com/meet/233362334498301?p=Xq7Bt2Lm', MEETING_NUMBER, 'on', 'on'],
    ['https://teams.microsoft.com/meet/233362334498301', MEETING_NUMBER, 'off', 'unknown'],
    ['https://teams.live.com/meet/9391234567890?p=abcDEF12', '9391234567890', 'on', 'on'],
    ['https://teams.cloud.microsoft/meet/233362334498301?anon=true&p=Zz9', MEETING_NUMBER, 'on', 'on'],
    // An empty p= is no passcode.
    ['https://teams.microsoft.com/meet/233362334498301?p=', MEETING_NUMBER, 'off', 'unknown'],
    // Legacy hash form and the launcher, which nests the join path encoded in a parameter.
    ['https://teams.microsoft.com/_#/meet/233362334498301?p=Xq7Bt2Lm', MEETING_NUMBER, 'on', 'on'],
    [
      'https://teams.microsoft.com/dl/launcher/launcher.html?url=%2F_%23%2Fmeet%2F233362334498301%3Fp%3DXq7Bt2Lm&type=meet',
      MEETING_NUMBER,
      'on',
      'on',
    ],
    [
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmFrZS1tZWV0aW5nLWlk%40thread.v2/0?context=%7b%7d',
      THREAD,
      'off',
      'unknown',
    ],
  ];
  for (const [address, meetingId, inLink, passcode] of cases) {
    it(`${address} → passcodeInLink ${inLink}`, () => {
      const result = readHtml(empty, address);
      expect(result?.meetingId).toBe(meetingId);
      expect(result?.signals.passcodeInLink).toBe(inLink);
      expect(result?.signals.passcode).toBe(passcode);
      // A bare link proves nothing about the meeting's encryption: the launcher may hand over to the app.
      expect(result?.signals.e2ee).toBe('unknown');
    });
  }

  it('takes the thread id from a light-meetings address', () => {
    const coords = btoa(JSON.stringify({ conversationId: THREAD, tenantId: 't', messageId: '0' }));
    const result = readHtml(empty, `https://teams.microsoft.com/light-meetings/launch?coords=${coords}`);
    expect(result?.meetingId).toBe(THREAD);
    expect(result?.signals.passcodeInLink).toBe('off');
  });

  it('does not throw on a malformed address or coords', () => {
    expect(() => readHtml(empty, 'https://teams.microsoft.com/meet/%E0%A4%A?p=%')).not.toThrow();
    expect(readHtml(empty, 'https://teams.microsoft.com/light-meetings/launch?coords=%%%')).toBeNull();
  });

  it('knows no meeting on an app page without one', () => {
    expect(readHtml(empty, 'https://teams.microsoft.com/v2/')).toBeNull();
  });
});

describe('teams compliance recording banner', () => {
  it("reads Teams' policy banner (quoted in microsoft-graph-comms-samples issues) as recording on, and warns at class 2", () => {
    const banner =
      '<button id="hangup-button"></button><div role="alert" aria-live="assertive"><span>Recording started.</span>' +
      '<span>Policy applied to one or more participants requires this call to be recorded.</span></div>';
    const reading = readHtml(banner, 'https://teams.microsoft.com/v2/');
    expect(reading?.signals.recording).toBe('on');
    expect(reading?.evidence?.recording).toEqual({
      on: [hit('recordingNoticeText', 'Policy applied to one or more participants requires this call to be recorded.')],
      off: [],
    });
    expect(computeWarnings({ snapshot: reading as Snapshot, classification: 2, policy: defaultPolicy() })).toContain(
      'recording',
    );
  });
});

describe('teams traps', () => {
  it('does not take a chat message quoting the lobby for a lobby', () => {
    expect(read('chat.en.html')).toBeNull();
  });

  it('does not read the lobby sentence in a call', () => {
    expect(read('meeting.en.html')?.signals.waitingRoom).toBe('unknown');
  });

  it('does not take the captions menu item for captions', () => {
    expect(read('meeting.en.html')?.signals.transcription).toBe('unknown');
    const menu =
      '<button id="hangup-button"></button><div role="menuitem" data-tid="closed-captions-menu-item">Captions</div>';
    expect(readHtml(menu, 'https://teams.microsoft.com/v2/')?.signals.transcription).toBe('unknown');
  });

  it('finds a renamed caption container through the wildcard', () => {
    const html = '<button id="hangup-button"></button><div data-tid="closed-caption-v3-pane"></div>';
    expect(readHtml(html, 'https://teams.microsoft.com/v2/')?.signals.transcription).toBe('on');
  });

  it('does not say "not E2EE" on the encryption failure screen', () => {
    expect(read('e2ee-error.en.html')?.signals.e2ee).toBe('unknown');
    // Not even when call controls are still in the page behind it.
    const { doc, url } = loadFixture('teams', 'e2ee-error.en.html');
    doc.body.insertAdjacentHTML('beforeend', '<button id="hangup-button"></button>');
    expect(teams.read(doc, url, teams.table)?.signals.e2ee).toBe('unknown');
  });

  it('does not take "Fellows, Anna" for the Fellow bot', () => {
    expect(read('meeting-captions.en.html')?.notetakers).toEqual(['Fireflies.ai Notetaker']);
  });

  it('leaves notetakers out when the roster is closed', () => {
    expect(read('meeting.en.html')).not.toHaveProperty('notetakers');
  });

  it('does not read the dial-in bypass switch as the lobby choice', () => {
    // meeting-options.en: dial-in bypass on, lobby "Everyone": waiting room off because of the choice only.
    const { doc, url } = loadFixture('teams', 'meeting-options.en.html');
    doc.querySelector('[role="combobox"]')?.remove();
    expect(teams.read(doc, url, teams.table)?.signals.waitingRoom).toBe('unknown');
  });

  it('reads a checkbox switch by its checked property', () => {
    const { doc, url } = loadFixture('teams', 'meeting-options-strict.en.html');
    const e2ee = doc.getElementById('opt-e2ee') as HTMLInputElement;
    e2ee.checked = false;
    expect(e2ee.hasAttribute('checked')).toBe(true);
    expect(teams.read(doc, url, teams.table)?.signals.e2ee).toBe('off');
  });

  it('treats switches that disagree as unknown', () => {
    const { doc, url } = loadFixture('teams', 'meeting-options.en.html');
    doc.body.insertAdjacentHTML(
      'beforeend',
      '<div role="switch" aria-checked="true" aria-label="Enable meeting end-to-end encryption"></div>',
    );
    expect(teams.read(doc, url, teams.table)?.signals.e2ee).toBe('unknown');
  });

  it('spells the options thread id as join links do', () => {
    expect(read('meeting-options.en.html')?.meetingId).toBe(read('prejoin.en.html')?.meetingId);
  });
});

describe('teams table from policy', () => {
  it('can be repaired by a policy override after a redesign', () => {
    const html = '<button data-tid="leave-call-v3"></button>';
    const address = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmFrZS1tZWV0aW5nLWlk%40thread.v2/0';
    expect(readHtml(html, address)?.phase).toBe('prejoin');
    const renamed = mergeTable(teams.table, { inCall: { add: ['button[data-tid="leave-call-v3"]'] } });
    expect(readHtml(html, address, renamed)?.phase).toBe('meeting');
    expect(readHtml(html, address, renamed)?.signals.e2ee).toBe('off');
  });

  it('learns the Japanese lobby sentence from policy', () => {
    const withJa = mergeTable(teams.table, { lobbyText: { add: ['会議の参加者がまもなくあなたの参加を許可します'] } });
    const result = read('lobby.ja.html', withJa);
    expect(result?.signals.waitingRoom).toBe('on');
    expect(result?.role).toBe('participant');
  });

  it('ignores an unparsable override instead of throwing', () => {
    const broken = mergeTable(teams.table, {
      inCall: { add: ['button[[['] },
      captions: { add: [':::'] },
      optionSwitches: { add: ['[role='] },
    });
    expect(read('meeting-captions.ja.html', broken)?.signals.transcription).toBe('on');
    expect(read('meeting-options-strict.en.html', broken)?.signals.e2ee).toBe('on');
  });
});

/** The warnings of a snapshot at a class: the rules see exactly what the adapter read. */
const warningsAt = (snapshot: Snapshot | null, classification: 1 | 2 | 3) =>
  snapshot ? computeWarnings({ snapshot, classification, policy: defaultPolicy() }) : [];

describe('teams recording and transcription notices', () => {
  const RECORDING = ['recording-notice.en.html', 'recording-notice.ja.html', 'recording-indicator.ja.html'];

  it.each(RECORDING)('%s raises the recording warning at 機密性2以上 only', (file) => {
    expect(warningsAt(read(file), 2)).toContain('recording');
    expect(warningsAt(read(file), 3)).toContain('recording');
    expect(warningsAt(read(file), 1)).not.toContain('recording');
  });

  it.each(['recording-notice.ja.html', 'transcription-notice.ja.html'])(
    '%s raises the transcription warning at 機密性2以上',
    (file) => {
      expect(warningsAt(read(file), 2)).toContain('transcription');
    },
  );

  it('reads the notice in the alert, never the same words in the chat', () => {
    const html = (where: string) =>
      `<button id="hangup-button"></button>${where.replace('%', 'Recording has started.')}`;
    const address = 'https://teams.microsoft.com/v2/';
    expect(readHtml(html('<div role="alert">%</div>'), address)?.signals.recording).toBe('on');
    expect(readHtml(html('<div aria-live="assertive"><span>%</span></div>'), address)?.signals.recording).toBe('on');
    expect(readHtml(html('<div id="chat-pane-list"><div>%</div></div>'), address)?.signals.recording).toBe('unknown');
    // A polite live region is where a chat list lives: not a notice scope.
    expect(readHtml(html('<div aria-live="polite"><div>%</div></div>'), address)?.signals.recording).toBe('unknown');
  });

  it('takes "only recording" after a stopped transcription as recording on, and the reverse', () => {
    const address = 'https://teams.microsoft.com/v2/';
    const only = (text: string) =>
      readHtml(`<button id="hangup-button"></button><div role="status">${text}</div>`, address);
    const recordingOnly = only('<b>Transcription has stopped.</b> You are now only recording this meeting.');
    expect(recordingOnly?.signals.recording).toBe('on');
    expect(recordingOnly?.signals.transcription).toBe('unknown');
    const transcriptOnly = only('<b>レコーディングを停止しました。</b> この会議のトランスクリプトを作成しています。');
    expect(transcriptOnly?.signals.transcription).toBe('on');
    expect(transcriptOnly?.signals.recording).toBe('unknown');
  });

  it('never reads a stop notice as recording off', () => {
    expect(read('recording-stopped.en.html')?.signals.recording).toBe('unknown');
    expect(warningsAt(read('recording-stopped.en.html'), 2)).not.toContain('recording');
  });

  it('learns the English indicator label from policy, the same day', () => {
    const taught = mergeTable(teams.table, {
      recordingIndicatorLabel: { add: ['(placeholder: the English recording indicator label'] },
    });
    const result = read('recording-indicator.en.html', taught);
    expect(result?.signals.recording).toBe('on');
    expect(result?.evidence?.recording?.on[0]?.key).toBe('recordingIndicatorLabel');
    expect(warningsAt(result, 2)).toContain('recording');
  });

  it('lists every key that reported "on" evidence on a fixture among its onEvidenceKeys', () => {
    for (const file of Object.keys(expectations)) {
      const evidence = read(file)?.evidence ?? {};
      for (const signal of ['recording', 'transcription', 'translation', 'aiNotes'] as const)
        for (const { key } of evidence[signal]?.on ?? [])
          expect(teams.onEvidenceKeys?.[signal] ?? [], `${file} ${signal} ${key}`).toContain(key);
    }
  });
});

describe('teams lobby values are compared whole', () => {
  const optionsWith = (value: string) =>
    `<label id="b">Who can bypass the lobby?</label><button role="combobox" aria-labelledby="b">${value}</button>`;
  const OPTIONS =
    'https://teams.microsoft.com/meetingOptions/?organizerId=o&tenantId=t&threadId=19_meeting_x@thread.v2&messageId=0';
  const cases: Array<[string, string]> = [
    ['Everyone', 'off'],
    ['People in my organization, trusted organizations, and guests', 'off'],
    ['People in my organization and guests', 'off'],
    ['People in my organization', 'on'],
    ['People who were invited', 'on'],
    ['Only organizers and co-organizers', 'on'],
    // Anything not documented (another language, a new value) is not understood: unknown.
    ['自分と共同開催者のみ', 'unknown'],
    ['People in my organization and partners', 'unknown'],
  ];
  it.each(cases)('%s → waiting room %s', (value, expected) => {
    expect(readHtml(optionsWith(value), OPTIONS)?.signals.waitingRoom).toBe(expected);
  });

  it('does not read auto-record off as recording off', () => {
    const html =
      '<label for="a">Record and transcribe automatically</label><input type="checkbox" role="switch" id="a">';
    const result = readHtml(html, OPTIONS);
    expect(result?.signals.recording).toBe('unknown');
    expect(result?.signals.transcription).toBe('unknown');
  });
});

describe('teams table keys follow the naming rule and can be extended by policy', () => {
  it('names text keys …Text or …Label and keeps every other key a selector list', () => {
    const table: SelectorTable = teams.table;
    for (const key of [
      'recordingNoticeText',
      'transcriptionNoticeText',
      'recordingIndicatorText',
      'lobbyGuestsBypassText',
    ])
      expect(table[key], key).toBeDefined();
    expect(table.recordingIndicatorLabel).toBeDefined();
    for (const key of ['noticeScopes', 'callHeader', 'callHeaderLabelled'])
      for (const selector of table[key] ?? []) expect(() => document.querySelector(selector), selector).not.toThrow();
  });

  it("learns a tenant's notice wording through recordingNoticeText", () => {
    const html = '<button id="hangup-button"></button><div role="alert">録画が開始されました（テナントの文言）</div>';
    const taught = mergeTable(teams.table, { recordingNoticeText: { add: ['録画が開始されました'] } });
    expect(readHtml(html, 'https://teams.microsoft.com/v2/')?.signals.recording).toBe('unknown');
    expect(readHtml(html, 'https://teams.microsoft.com/v2/', taught)?.signals.recording).toBe('on');
  });
});

describe('teams snapshots cross to the background unchanged', () => {
  it('passes the message validator with all its evidence, on every fixture', () => {
    for (const file of Object.keys(expectations)) {
      const snapshot = read(file);
      if (!snapshot) continue;
      // The validator drops an empty evidence object; everything else must arrive as the adapter read it.
      const { evidence, ...rest } = snapshot;
      const expected = evidence && Object.keys(evidence).length ? snapshot : rest;
      expect(validateContentMessage({ type: 'snapshot', snapshot }), file).toEqual({
        type: 'snapshot',
        snapshot: expected,
      });
    }
  });
});
