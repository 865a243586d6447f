/**
 * The picker's proposal (src/picker.ts): pointing at the fixture's recording indicator proposes an entry that,
 * put into a policy's selectorOverrides, makes the fixture read recording 'on' and warn at 機密性2以上.
 */
import { describe, expect, it } from 'vitest';
import { looksGenerated, matchedElements, overridesEntry, proposeEntry } from '../../src/picker';
import { parsePolicy } from '../../src/policy/policy';
import { computeWarnings } from '../../src/rules';
import { meet } from '../../src/services/meet';
import { mergeTable } from '../../src/services/service';
import { webex } from '../../src/services/webex';
import { assertedFixtures, loadFixture } from './fixtures';

function fixture() {
  assertedFixtures.add('webex/report-meeting.en.html');
  return loadFixture('webex', 'report-meeting.en.html');
}

describe('proposeEntry', () => {
  it('proposes role and accessible name for the indicator pointed at (the dot inside it)', () => {
    const { doc, url } = fixture();
    expect(webex.read(doc, url, webex.table)?.signals.recording).toBe('unknown');
    const dot = doc.querySelector('.rec-dot');
    if (!dot) throw new Error('fixture has no indicator');
    const suggestion = proposeEntry(dot, 'recording', { doc, url, service: webex, table: webex.table });
    expect(suggestion).toEqual({
      service: 'webex',
      signal: 'recording',
      key: 'recordingOn',
      value: '[role="status"][aria-label="Recording"]',
      matches: 1,
    });
    if (!suggestion) return;
    expect(matchedElements(doc, suggestion)).toEqual([dot.parentElement]);

    // The entry, as an admin pastes it into the policy, makes the page warn.
    const parsed = parsePolicy({ selectorOverrides: overridesEntry(suggestion) });
    expect(parsed.problems).toEqual([]);
    const table = mergeTable(webex.table, parsed.policy.selectorOverrides.webex);
    const snapshot = webex.read(doc, url, table);
    expect(snapshot?.signals.recording).toBe('on');
    if (!snapshot) return;
    expect(computeWarnings({ snapshot, classification: 2, policy: parsed.policy })).toContain('recording');
  });

  it('proposes nothing that does not turn the signal on (a control that means something else)', () => {
    const { doc, url } = fixture();
    const leave = doc.querySelector('[data-test="leave-button"]');
    if (!leave) throw new Error('fixture has no leave button');
    // Any selector "turns recording on" for a selector key: the proposal is only as right as what the person
    // points at, which is why it is shown, outlined and reviewed before it becomes a rule.
    const suggestion = proposeEntry(leave, 'recording', { doc, url, service: webex, table: webex.table });
    expect(suggestion?.value).toBe('[aria-label="Leave meeting"]');
    // A signal the adapter has no 'on' keys for gets no proposal.
    expect(proposeEntry(leave, 'passcode', { doc, url, service: webex, table: webex.table })).toBeNull();
  });

  it('proposes a text needle where the adapter reads text (Meet in Japanese), checked alone', () => {
    assertedFixtures.add('meet/recording-captions-on.ja.html');
    const { doc, url } = loadFixture('meet', 'recording-captions-on.ja.html');
    const notice = doc.createElement('div');
    notice.setAttribute('role', 'status');
    // A wording no built-in table knows (the indicator's own name, 「この通話は録画されています」, is known now).
    notice.textContent = 'この会議はクラウドに保存されています';
    doc.body.append(notice);
    expect(meet.read(doc, url, meet.table)?.signals.recording).toBe('unknown');
    const suggestion = proposeEntry(notice, 'recording', { doc, url, service: meet, table: meet.table });
    expect(suggestion).toEqual({
      service: 'meet',
      signal: 'recording',
      key: 'recordingOnText',
      value: 'この会議はクラウドに保存されています',
      matches: 1,
    });
    // An element with nothing to go by (no name, attribute or text) gets no proposal, even on a page read 'on'.
    const taught = mergeTable(meet.table, { recordingOnText: { add: ['この会議はクラウドに保存されています'] } });
    const blank = doc.createElement('div');
    doc.body.append(blank);
    expect(proposeEntry(blank, 'recording', { doc, url, service: meet, table: taught })).toBeNull();
  });

  it('takes hashed class names and ids for what they are', () => {
    expect(looksGenerated('Xk3q9Zt')).toBe(true);
    expect(looksGenerated('css-1q2w3e')).toBe(true);
    expect(looksGenerated('rec-indicator')).toBe(false);
    expect(looksGenerated('recording-status-indicator')).toBe(false);
  });
});
