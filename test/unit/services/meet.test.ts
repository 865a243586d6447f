import { describe, expect, it } from 'vitest';
import { meet } from '../../../src/services/meet';
import { mergeTable } from '../../../src/services/service';
import { describeEveryFixture, type Expectations, fixtureReader, snapshotFactory } from './adapter-support';

const { read } = fixtureReader(meet);

/** A Meet address never carries a passcode. */
const snapshot = snapshotFactory('meet', {
  meetingId: 'abc-defg-hij',
  phase: 'meeting',
  signals: { passcodeInLink: 'off' },
});

/** Every fixture in test/fixtures/meet/ and the whole snapshot the adapter must read from it. */
const expectations: Expectations = {
  'home.en.html': null,
  'prejoin-ask.ja.html': snapshot({ phase: 'prejoin', role: 'participant', signals: { waitingRoom: 'on' } }),
  'prejoin-ask.en.html': snapshot({ phase: 'prejoin', role: 'participant', signals: { waitingRoom: 'on' } }),
  'prejoin-join.en.html': snapshot({ phase: 'prejoin' }),
  'waiting-admission.en.html': snapshot({ phase: 'prejoin', role: 'participant', signals: { waitingRoom: 'on' } }),
  // Captions off says nothing of a saved transcript: transcription stays unknown.
  'captions-off.ja.html': snapshot({ title: '週次定例', role: 'participant' }),
  'captions-off.en.html': snapshot({}),
  'captions-2024-off.en.html': snapshot({}),
  'captions-2024-on.en.html': snapshot({ signals: { transcription: 'on' } }),
  'recording-captions-on.ja.html': snapshot({
    title: '予算調整会議',
    role: 'participant',
    signals: { recording: 'on', transcription: 'on' },
  }),
  'recording-captions-on.en.html': snapshot({ signals: { recording: 'on', transcription: 'on' } }),
  'consent-dialog.en.html': snapshot({
    phase: 'prejoin',
    signals: { recording: 'on', transcription: 'on', aiNotes: 'on' },
  }),
  'gemini-notes.en.html': snapshot({ role: 'host', signals: { aiNotes: 'on' } }),
  'in-call-bare.ja.html': snapshot({}),
  'captions-2024-on.ja.html': snapshot({ signals: { transcription: 'on' } }),
  'prejoin-join.ja.html': snapshot({ phase: 'prejoin' }),
  // Japanese strings for these notices are not known yet: the placeholders must read as unknown, never on or off.
  'consent-dialog.ja.html': snapshot({ phase: 'prejoin' }),
  'waiting-admission.ja.html': snapshot({ phase: 'prejoin' }),
  'gemini-notes.ja.html': snapshot({ role: 'host' }),
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
