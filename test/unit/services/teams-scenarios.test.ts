/**
 * Teams scenarios that pin down the adapter's logic (issue 14): each test states what a person would see go wrong.
 * Pages are inline HTML exercising addresses and attribute combinations; the strings come from the adapter's table.
 */
import { describe, expect, it } from 'vitest';
import { mergeTable } from '../../../src/services/service';
import { teams } from '../../../src/services/teams';
import { fixtureReader } from './adapter-support';

const { readHtml } = fixtureReader(teams);

const THREAD = '19:meeting_ZmFrZS1tZWV0aW5nLWlk@thread.v2';
const APP = 'https://teams.microsoft.com/v2/';
const HANGUP = '<button id="hangup-button"></button>';
const PREJOIN = '<button id="prejoin-join-button"></button>';
const OPTIONS =
  'https://teams.microsoft.com/meetingOptions/?organizerId=o&tenantId=t&threadId=19_meeting_x@thread.v2&messageId=0';
const E2EE_LABEL = 'Enable meeting end-to-end encryption';
const AUTO_RECORD_LABEL = 'Record and transcribe automatically';

const coordsOf = (value: unknown) => btoa(JSON.stringify(value));
const lightMeeting = (value: unknown) => `https://teams.microsoft.com/light-meetings/launch?coords=${coordsOf(value)}`;

describe('teams meeting ids from the address', () => {
  it('reads the thread id of a join link the launcher nests, encoded, in its url parameter', () => {
    // The join path's own thread id is encoded, and the launcher encodes the whole path again.
    const inner = `/_#/l/meetup-join/${encodeURIComponent(THREAD)}/0`;
    const address = `https://teams.microsoft.com/dl/launcher/launcher.html?url=${encodeURIComponent(inner)}&type=meetup-join`;
    expect(readHtml('', address)?.meetingId).toBe(THREAD);
  });

  it('ends the thread id at the next path segment, query or hash', () => {
    expect(readHtml('', `https://teams.microsoft.com/l/meetup-join/${THREAD}/0?context=x`)?.meetingId).toBe(THREAD);
    expect(readHtml('', `https://teams.microsoft.com/l/meetup-join/${THREAD}?context=x`)?.meetingId).toBe(THREAD);
    expect(readHtml('', `https://teams.microsoft.com/l/meetup-join/${THREAD}#x`)?.meetingId).toBe(THREAD);
  });

  it("does not run the launcher's next parameter into the thread id", () => {
    const path = `/l/meetup-join/${encodeURIComponent(THREAD)}`;
    const address = `https://teams.microsoft.com/dl/launcher/launcher.html?url=${encodeURIComponent(path)}&type=meetup-join`;
    expect(readHtml('', address)?.meetingId).toBe(THREAD);
  });

  it('takes the whole meeting number, letters and dashes included, not just its first character', () => {
    expect(readHtml('', 'https://teams.live.com/meet/Ab3_x-9?p=k')?.meetingId).toBe('Ab3_x-9');
  });

  it('does not read a p= in the hash as the passcode of a meeting-ID link', () => {
    const result = readHtml('', 'https://teams.live.com/meet/9391234567890#p=abc');
    expect(result?.meetingId).toBe('9391234567890');
    expect(result?.signals.passcodeInLink).toBe('off');
    expect(result?.signals.passcode).toBe('unknown');
  });

  it('reads a passcode given after another parameter of a meeting-ID link', () => {
    const result = readHtml('', 'https://teams.live.com/meet/9391234567890?anon=true&p=abc#frag');
    expect(result?.signals.passcodeInLink).toBe('on');
    expect(result?.evidence?.passcode).toEqual({ on: [{ key: 'address', match: 'p= in the join link' }], off: [] });
  });

  it('knows no meeting from a light-meetings address whose conversation id is missing, empty or not text', () => {
    expect(readHtml('', lightMeeting({ conversationId: '' }))).toBeNull();
    expect(readHtml('', lightMeeting({ conversationId: 42 }))).toBeNull();
    expect(readHtml('', lightMeeting({ tenantId: 't' }))).toBeNull();
    expect(readHtml('', lightMeeting(null))).toBeNull();
    expect(readHtml('', 'https://teams.microsoft.com/light-meetings/launch')).toBeNull();
  });

  it('gives the light-meetings thread id to the call the launcher opened', () => {
    const result = readHtml(HANGUP, lightMeeting({ conversationId: THREAD }));
    expect(result?.meetingId).toBe(THREAD);
    expect(result?.phase).toBe('meeting');
    expect(result?.signals.passcode).toBe('unknown');
  });
});

describe('teams meeting options page address', () => {
  const switchPage = `<div role="switch" aria-checked="true" aria-label="${E2EE_LABEL}"></div>`;

  it('is the options page with or without a trailing slash, in any case', () => {
    expect(
      readHtml(switchPage, 'https://teams.microsoft.com/meetingoptions?threadId=19_meeting_x@thread.v2')?.phase,
    ).toBe('schedule');
    expect(readHtml(switchPage, 'https://teams.microsoft.com/MeetingOptions/')?.phase).toBe('schedule');
  });

  it('is not the options page when meetingoptions is only part of a longer path', () => {
    // A chat or file page whose path mentions meetingoptions is no options page: no meeting there.
    expect(readHtml(switchPage, 'https://teams.microsoft.com/v2/meetingoptions/')).toBeNull();
    expect(readHtml(switchPage, 'https://teams.microsoft.com/meetingoptions/help')).toBeNull();
  });

  it('keeps the thread id as the options link spells it when it is already in the join-link form', () => {
    const address = `https://teams.microsoft.com/meetingOptions/?threadId=${encodeURIComponent(THREAD)}`;
    expect(readHtml(switchPage, address)?.meetingId).toBe(THREAD);
  });

  it('changes only a leading 19_ of the options thread id, never one inside it', () => {
    const options = (threadId: string) =>
      readHtml(switchPage, `https://teams.microsoft.com/meetingOptions/?threadId=${encodeURIComponent(threadId)}`);
    expect(options('19_meeting_a19_b@thread.v2')?.meetingId).toBe('19:meeting_a19_b@thread.v2');
    expect(options('19:meeting_a19_b@thread.v2')?.meetingId).toBe('19:meeting_a19_b@thread.v2');
  });

  it('knows no meeting id on an options page without a thread id', () => {
    const result = readHtml(switchPage, 'https://teams.microsoft.com/meetingOptions/');
    expect(result?.meetingId).toBeNull();
    expect(result?.title).toBeNull();
  });
});

describe('teams meeting options: who is the organizer', () => {
  it('takes a person offered only switches for the organizer', () => {
    expect(readHtml(`<div role="switch" aria-checked="false" aria-label="x"></div>`, OPTIONS)?.role).toBe('host');
  });

  it('takes a person offered only a drop-down for the organizer', () => {
    expect(readHtml('<select><option>Everyone</option></select>', OPTIONS)?.role).toBe('host');
  });

  it('does not call a person the organizer on an options page that offers no controls', () => {
    const result = readHtml('<p>You do not have permission to change meeting options.</p>', OPTIONS);
    expect(result?.role).toBe('unknown');
    expect(result?.phase).toBe('schedule');
    expect(Object.values(result?.signals ?? {}).every((signal) => signal === 'unknown')).toBe(true);
  });
});

describe('teams meeting options: the lobby drop-down', () => {
  it('reads the lobby choice of a native select by its chosen option', () => {
    const html = `<label for="s">Who can bypass the lobby?</label>
      <select id="s"><option>Everyone</option><option selected>People who were invited</option></select>`;
    expect(readHtml(html, OPTIONS)?.signals.waitingRoom).toBe('on');
  });

  it('compares the option a person sees, not the value the form sends', () => {
    const html = `<label for="s">Who can bypass the lobby?</label>
      <select id="s"><option value="1">Everyone</option><option value="2">People in my org</option></select>`;
    expect(readHtml(html, OPTIONS)?.signals.waitingRoom).toBe('off');
  });

  it('says nothing of the lobby when a native select has no option chosen', () => {
    const html = '<label for="s">Who can bypass the lobby?</label><select id="s"></select>';
    expect(readHtml(html, OPTIONS)?.signals.waitingRoom).toBe('unknown');
  });

  it('prefers the value a drop-down announces over the text it shows', () => {
    const html = `<div role="combobox" aria-label="Who can bypass the lobby" aria-valuetext="Everyone" value="People who were invited">People who were invited</div>`;
    expect(readHtml(html, OPTIONS)?.signals.waitingRoom).toBe('off');
    const byValue = `<div role="combobox" aria-label="Who can bypass the lobby" value="Everyone">People who were invited</div>`;
    expect(readHtml(byValue, OPTIONS)?.signals.waitingRoom).toBe('off');
  });

  it('finds the lobby drop-down by a label that encloses it', () => {
    const html = '<label>Who can bypass the lobby? <button aria-haspopup="listbox">Everyone</button></label>';
    expect(readHtml(html, OPTIONS)?.signals.waitingRoom).toBe('off');
  });

  it('finds the lobby drop-down named by several labelling elements', () => {
    const html = `<span id="l1">Who can bypass</span><span id="l2">the lobby</span>
      <div role="combobox" aria-labelledby="l1 l2">People in my org</div>`;
    const result = readHtml(html, OPTIONS);
    expect(result?.signals.waitingRoom).toBe('on');
    expect(result?.evidence?.waitingRoom?.on).toEqual([{ key: 'lobbyRestrictedText', match: 'People in my org' }]);
  });

  it('reads the lobby drop-down when one of its labelling elements is missing from the page', () => {
    const html = `<span id="l1">Who can bypass the lobby?</span>
      <div role="combobox" aria-labelledby="gone l1">Only organizers and co-organizers</div>`;
    expect(readHtml(html, OPTIONS)?.signals.waitingRoom).toBe('on');
  });

  it('does not take a drop-down whose <label for> names another control for the lobby choice', () => {
    const html = `<label for="other">Who can bypass the lobby?</label><input id="other">
      <select id="s"><option>Everyone</option></select>`;
    expect(readHtml(html, OPTIONS)?.signals.waitingRoom).toBe('unknown');
  });

  it('does not pair an empty label for="" with a control whose id is empty', () => {
    // for="" labels nothing in HTML: the drop-down below is unnamed, so it is not the lobby choice.
    const html = '<label for="">Who can bypass the lobby?</label><div role="combobox" id="">Everyone</div>';
    expect(readHtml(html, OPTIONS)?.signals.waitingRoom).toBe('unknown');
  });

  it('treats two lobby drop-downs that disagree as unknown, never as a waiting room', () => {
    const html = `<div role="combobox" aria-label="Who can bypass the lobby">Everyone</div>
      <div role="combobox" aria-label="Who can bypass the lobby">People who were invited</div>`;
    const result = readHtml(html, OPTIONS);
    expect(result?.signals.waitingRoom).toBe('unknown');
    expect(result?.evidence?.waitingRoom).toEqual({
      on: [{ key: 'lobbyRestrictedText', match: 'People who were invited' }],
      off: [{ key: 'lobbyEveryoneText', match: 'Everyone' }],
    });
  });

  it('does not let an empty policy string make an unrelated drop-down the lobby choice', () => {
    const table = mergeTable(teams.table, { lobbyBypassLabelText: { add: [' '] } });
    const html = '<div role="combobox" aria-label="Who can present">Everyone</div>';
    expect(readHtml(html, OPTIONS, table)?.signals.waitingRoom).toBe('unknown');
  });

  it('does not let an empty policy value match a drop-down that shows nothing', () => {
    const table = mergeTable(teams.table, { lobbyRestrictedText: { add: [''] } });
    const html = '<div role="combobox" aria-label="Who can bypass the lobby"></div>';
    expect(readHtml(html, OPTIONS, table)?.signals.waitingRoom).toBe('unknown');
  });
});

describe('teams meeting options: a table without the words', () => {
  it('a table that lacks the lobby words reads no lobby choice, and does not fail', () => {
    const html = `<label for="s">Who can bypass the lobby?</label>
      <select id="s"><option selected>People who were invited</option></select>`;
    const { lobbyRestrictedText: _r, lobbyEveryoneText: _e, lobbyGuestsBypassText: _g, ...noValues } = teams.table;
    expect(readHtml(html, OPTIONS, noValues)?.signals.waitingRoom).toBe('unknown');
    const { lobbyBypassLabelText: _l, ...noLabel } = teams.table;
    expect(readHtml(html, OPTIONS, noLabel)?.signals.waitingRoom).toBe('unknown');
  });
});

describe('teams meeting options: switches', () => {
  it('says nothing of E2EE when its switch shows no state', () => {
    const result = readHtml(`<div role="switch" aria-label="${E2EE_LABEL}"></div>`, OPTIONS);
    expect(result?.signals.e2ee).toBe('unknown');
    expect(result?.evidence?.e2ee).toBeUndefined();
  });

  it('reads an E2EE switch that shows on, and one that shows off', () => {
    const on = readHtml(`<div role="switch" aria-checked="true" aria-label="${E2EE_LABEL}"></div>`, OPTIONS);
    expect(on?.signals.e2ee).toBe('on');
    const off = readHtml(`<div role="switch" aria-checked="false" aria-label="${E2EE_LABEL}"></div>`, OPTIONS);
    expect(off?.signals.e2ee).toBe('off');
  });

  it('counts a checkbox that is also a switch once', () => {
    const html = `<input type="checkbox" role="switch" checked aria-label="${E2EE_LABEL}">`;
    expect(readHtml(html, OPTIONS)?.evidence?.e2ee).toEqual({
      on: [{ key: 'e2eeOptionLabelText', match: 'meeting end-to-end encryption' }],
      off: [],
    });
  });

  it('does not read an auto-record switch that shows no state as recording on', () => {
    const result = readHtml(`<div role="switch" aria-label="${AUTO_RECORD_LABEL}"></div>`, OPTIONS);
    expect(result?.signals.recording).toBe('unknown');
    expect(result?.signals.transcription).toBe('unknown');
  });

  it('reads auto-record on as recording and transcription on', () => {
    const result = readHtml(`<div role="switch" aria-checked="true" aria-label="${AUTO_RECORD_LABEL}"></div>`, OPTIONS);
    expect(result?.signals.recording).toBe('on');
    expect(result?.signals.transcription).toBe('on');
  });

  it('does not take a switch named by nothing for the E2EE switch', () => {
    const table = mergeTable(teams.table, { e2eeOptionLabelText: { add: [''] } });
    const result = readHtml('<div role="switch" aria-checked="false"></div>', OPTIONS, table);
    expect(result?.signals.e2ee).toBe('unknown');
  });
});

describe('teams pages that are or are not a meeting', () => {
  it('reads the pre-join screen of the v2 app, whose address names no meeting', () => {
    const result = readHtml(PREJOIN, APP);
    expect(result?.phase).toBe('prejoin');
    expect(result?.meetingId).toBeNull();
    expect(result?.signals.e2ee).toBe('off');
    // No join link: nothing to say about a passcode in it.
    expect(result?.signals.passcodeInLink).toBe('unknown');
  });

  it('reads the lobby on a pre-join screen of the v2 app', () => {
    const result = readHtml(`${PREJOIN}<div>Someone will let you in soon</div>`, APP);
    expect(result?.signals.waitingRoom).toBe('on');
    expect(result?.role).toBe('participant');
  });

  it('shows the E2EE failure screen even when the address names no meeting', () => {
    const result = readHtml('<div data-tid="calling-e2ee-end-screen">This meeting is end-to-end encrypted</div>', APP);
    expect(result).not.toBeNull();
    expect(result?.signals.e2ee).toBe('unknown');
  });

  it('does not read the lobby sentence on a pre-join screen once the call has started', () => {
    const result = readHtml(`${HANGUP}${PREJOIN}<div>Someone will let you in soon</div>`, APP);
    expect(result?.phase).toBe('meeting');
    expect(result?.signals.waitingRoom).toBe('unknown');
    expect(result?.role).toBe('unknown');
  });

  it('does not call a person on the pre-join screen a participant before they knock', () => {
    expect(readHtml(PREJOIN, `https://teams.microsoft.com/l/meetup-join/${THREAD}/0`)?.role).toBe('unknown');
  });
});

describe('teams call details', () => {
  it('shows the call title without the white space around it', () => {
    const result = readHtml(`${HANGUP}<h1 data-tid="call-title">  Budget review \n</h1>`, APP);
    expect(result?.title).toBe('Budget review');
  });

  it('knows no title when the title element is blank', () => {
    expect(readHtml(`${HANGUP}<h1 data-tid="call-title">   </h1>`, APP)?.title).toBeNull();
  });

  it('reads the running recording indicator by its label in the call header', () => {
    const html = `${HANGUP}<div data-tid="app-layout-area--header"><span aria-label="レコーディング中"></span></div>`;
    const result = readHtml(html, APP);
    expect(result?.signals.recording).toBe('on');
    expect(result?.evidence?.recording?.on).toEqual([{ key: 'recordingIndicatorLabel', match: 'レコーディング中' }]);
  });

  it('lists no notetakers from an open roster with only people in it', () => {
    const html = `${HANGUP}<div data-tid="participantsInCall-1">Anna Fellows</div>`;
    expect(readHtml(html, APP)?.notetakers).toEqual([]);
  });

  it('reads a notice a tenant taught for translation and AI notes', () => {
    const table = mergeTable(teams.table, {
      translationNoticeText: { add: ['Translated captions are on'] },
      aiNotesNoticeText: { add: ['Copilot is on'] },
    });
    const html = `${HANGUP}<div role="status">Translated captions are on</div><div role="alert">Copilot is on</div>`;
    const result = readHtml(html, APP, table);
    expect(result?.signals.translation).toBe('on');
    expect(result?.signals.aiNotes).toBe('on');
  });
});
