import { describe, expect, it } from 'vitest';
import { validateContentMessage } from '../../../src/messages';
import { defaultPolicy } from '../../../src/policy/policy';
import { computeWarnings } from '../../../src/rules';
import { meet } from '../../../src/services/meet';
import { mergeTable, type Snapshot } from '../../../src/services/service';
import { loadFixture } from '../fixtures';
import { describeEveryFixture, type Expectations, fixtureReader, snapshotFactory } from './adapter-support';

const fixtureDoc = (file: string) => loadFixture('meet', file);

const { read } = fixtureReader(meet);

const hit = (key: string, match: string) => ({ key, match });
const NO_LINK_PASSCODE = { on: [], off: [hit('address', 'Meet address: meeting code only')] };

/** A Meet address never carries a passcode. */
const snapshot = snapshotFactory('meet', {
  meetingId: 'abc-defg-hij',
  phase: 'meeting',
  signals: { passcodeInLink: 'off' },
  evidence: { passcodeInLink: NO_LINK_PASSCODE },
});
/** Evidence of one fixture: the link fact plus what differs. */
const evidence = (more: Snapshot['evidence']) => ({ passcodeInLink: NO_LINK_PASSCODE, ...more });
const on = (key: string, match: string) => ({ on: [hit(key, match)], off: [] });

/** Every fixture in test/fixtures/meet/ and the whole snapshot the adapter must read from it. */
const expectations: Expectations = {
  'home.en.html': null,
  // 参加をリクエスト has no citable source (issue 13): not in the table, so the waiting room is not claimed.
  'prejoin-ask.ja.html': snapshot({ phase: 'prejoin' }),
  'prejoin-ask.en.html': snapshot({
    phase: 'prejoin',
    role: 'participant',
    signals: { waitingRoom: 'on' },
    evidence: evidence({ waitingRoom: on('askToJoinText', 'Ask to join') }),
  }),
  'prejoin-join.en.html': snapshot({ phase: 'prejoin' }),
  'waiting-admission.en.html': snapshot({
    phase: 'prejoin',
    role: 'participant',
    signals: { waitingRoom: 'on' },
    evidence: evidence({ waitingRoom: on('waitingForAdmissionText', 'Asking to be let in') }),
  }),
  // Captions off says nothing of a saved transcript: transcription stays unknown. The owner flag is no longer read.
  'captions-off.ja.html': snapshot({ title: '週次定例' }),
  'captions-off.en.html': snapshot({}),
  'captions-2024-off.en.html': snapshot({}),
  'captions-2024-on.en.html': snapshot({
    signals: { transcription: 'on' },
    evidence: evidence({ transcription: on('captionsButton', 'button[jsname="r8qRAd"]') }),
  }),
  // Recording: the Japanese banner wording is not public (the pill this fixture used to carry had no citable source).
  'recording-captions-on.ja.html': snapshot({
    title: '予算調整会議',
    signals: { transcription: 'on' },
    evidence: evidence({ transcription: on('captionsButton', 'button[jsname="RrG0hf"]') }),
  }),
  'recording-captions-on.en.html': snapshot({
    signals: { recording: 'on', transcription: 'on' },
    evidence: evidence({
      recording: on('recordingOnText', 'is being recorded'),
      transcription: on('captionsButton', 'button[jsname="RrG0hf"]'),
    }),
  }),
  'consent-dialog.en.html': snapshot({
    phase: 'prejoin',
    signals: { recording: 'on', transcription: 'on', aiNotes: 'on' },
    evidence: evidence({
      recording: on('recordingOnText', 'is being recorded'),
      transcription: on('transcriptionOnText', 'recorded and transcribed'),
      aiNotes: on('aiNotesOnText', 'Gemini is taking notes'),
    }),
  }),
  'gemini-notes.en.html': snapshot({
    signals: { aiNotes: 'on' },
    evidence: evidence({ aiNotes: on('aiNotesOnText', 'Gemini is taking notes') }),
  }),
  'in-call-bare.ja.html': snapshot({}),
  // The recording indicator's accessible name alone (meet-auto-recording, C): recording on.
  'recording-indicator.ja.html': snapshot({
    signals: { recording: 'on' },
    evidence: evidence({ recording: on('recordingIndicatorLabel', 'この通話は録画されています') }),
  }),
  // The recording panel before starting: its start controls are guarded, not evidence; nothing is on yet.
  'recording-panel.ja.html': snapshot({}),
  'captions-2024-on.ja.html': snapshot({
    signals: { transcription: 'on' },
    evidence: evidence({ transcription: on('captionsButton', 'button[jsname="r8qRAd"]') }),
  }),
  'prejoin-join.ja.html': snapshot({ phase: 'prejoin' }),
  // Japanese strings for these notices are not public: the placeholders must read as unknown, never on or off.
  'consent-dialog.ja.html': snapshot({ phase: 'prejoin' }),
  'waiting-admission.ja.html': snapshot({ phase: 'prejoin' }),
  'gemini-notes.ja.html': snapshot({}),
};

describeEveryFixture(meet, expectations);

describe('meet adapter details', () => {
  it('takes the meeting code from the address when the page shows none', () => {
    const doc = new DOMParser().parseFromString('<html><body></body></html>', 'text/html');
    const result = meet.read(doc, new URL('https://meet.google.com/xyz-abcd-efg?authuser=1'), meet.table);
    expect(result?.meetingId).toBe('xyz-abcd-efg');
    expect(result?.signals.recording).toBe('unknown');
  });

  it('does not take chat text as a recording notice', () => {
    // captions-off.ja has "This video call is being recorded?" typed in the chat.
    expect(read('captions-off.ja.html')?.signals.recording).toBe('unknown');
  });

  it('learns a Japanese notice from policy once someone captures it', () => {
    const taught = mergeTable(meet.table, {
      aiNotesOnText: { add: ['未取得の文言: placeholder for the unknown Japanese Gemini'] },
    });
    expect(read('gemini-notes.ja.html', taught)?.signals.aiNotes).toBe('on');
  });

  it('reads the 2024 button by aria-pressed although both icons are in it', () => {
    expect(read('captions-2024-off.en.html')?.signals.transcription).toBe('unknown');
    expect(read('captions-2024-on.en.html')?.signals.transcription).toBe('on');
  });

  it('can be repaired by a policy override after a redesign', () => {
    const renamed = mergeTable(meet.table, { captionsButton: { replace: ['button[data-new-captions]'] } });
    const doc = new DOMParser().parseFromString(
      '<button data-new-captions aria-pressed="true"></button><button aria-label="Leave call"></button>',
      'text/html',
    );
    expect(meet.read(doc, new URL('https://meet.google.com/abc-defg-hij'), renamed)?.signals.transcription).toBe('on');
    expect(meet.read(doc, new URL('https://meet.google.com/abc-defg-hij'), meet.table)?.signals.transcription).toBe(
      'unknown',
    );
  });

  it('ignores an unparsable override instead of throwing', () => {
    const broken = mergeTable(meet.table, { inCall: { add: ['button[[['] } });
    expect(read('captions-off.en.html', broken)?.phase).toBe('meeting');
  });
});

describe('meet notices in both languages', () => {
  const policy = defaultPolicy();
  const warnings = (snapshot: Snapshot | null, classification: 1 | 2 | 3) =>
    snapshot ? computeWarnings({ snapshot, classification, policy }) : [];

  it('warns on the English recording banner and consent dialog at 機密性2以上 only', () => {
    for (const file of ['recording-captions-on.en.html', 'consent-dialog.en.html']) {
      expect(warnings(read(file), 2), file).toContain('recording');
      expect(warnings(read(file), 1), file).not.toContain('recording');
    }
    expect(warnings(read('consent-dialog.en.html'), 2)).toEqual(
      expect.arrayContaining(['recording', 'transcription', 'ai-notes']),
    );
  });

  it("warns at 機密性2以上 on a Japanese page whose only sign of recording is the indicator's accessible name", () => {
    const page = read('recording-indicator.ja.html');
    expect(warnings(page, 2)).toEqual(['recording']);
    expect(warnings(page, 1)).toEqual([]);
    // The name must be the indicator's: the same words in an unrelated label part, or no label at all, say nothing.
    const bare = fixtureDoc('recording-indicator.ja.html');
    bare.doc.querySelector('[aria-label]')?.removeAttribute('aria-label');
    expect(meet.read(bare.doc, bare.url, meet.table)?.signals.recording).toBe('unknown');
    // As text in a notice (Meet's banner) it is evidence too.
    const notice = fixtureDoc('in-call-bare.ja.html');
    notice.doc.body.insertAdjacentHTML('beforeend', '<div role="banner">この通話は録画されています</div>');
    expect(meet.read(notice.doc, notice.url, meet.table)?.evidence?.recording?.on).toEqual([
      hit('recordingOnText', 'この通話は録画されています'),
    ]);
  });

  it('learns the Japanese recording, transcription and Gemini notices from policy, the same day', () => {
    const placeholder = '未取得の見出し';
    const taught = mergeTable(meet.table, {
      recordingOnText: { add: [placeholder] },
      transcriptionOnText: { add: [placeholder] },
    });
    const result = read('consent-dialog.ja.html', taught);
    expect(result?.signals.recording).toBe('on');
    expect(result?.signals.transcription).toBe('on');
    expect(warnings(result, 2)).toEqual(expect.arrayContaining(['recording', 'transcription']));
    expect(read('consent-dialog.ja.html')?.signals.recording).toBe('unknown');
  });

  it('does not read a notice typed into the chat (a polite live region)', () => {
    const taught = mergeTable(meet.table, { recordingOnText: { add: ['録画はしていますか'] } });
    expect(read('captions-off.ja.html', taught)?.signals.recording).toBe('unknown');
  });

  it('lists every key that reported "on" evidence on a fixture among its onEvidenceKeys', () => {
    for (const file of Object.keys(expectations)) {
      const found = read(file)?.evidence ?? {};
      for (const signal of ['recording', 'transcription', 'translation', 'aiNotes'] as const)
        for (const { key } of found[signal]?.on ?? [])
          expect(meet.onEvidenceKeys?.[signal] ?? [], `${file} ${signal} ${key}`).toContain(key);
    }
  });
});

describe('meet snapshots cross to the background unchanged', () => {
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
