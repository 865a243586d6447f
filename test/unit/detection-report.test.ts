/**
 * The structural snapshot of a report (src/detection-report.ts): it holds the indicator and the controls, and
 * none of the chat, caption or participant-name text of the fixture; the report is validated and bounded.
 */
import { describe, expect, it } from 'vitest';
import {
  captureStructure,
  cutNode,
  type DetectionReport,
  MASK,
  MAX_REPORT_BYTES,
  reportStrings,
  validateDetectionReport,
} from '../../src/detection-report';
import { assertedFixtures, loadFixture } from './fixtures';

/** Every word of the fixture's chat, captions and participants that must never leave the browser. */
const PRIVATE = ['Hanako', 'Suzuki', 'Jiro', 'Sato', 'harbour', '48,210,000', 'budget', 'mayor', 'vote'];

function reportOf(file = 'report-meeting.en.html'): DetectionReport {
  assertedFixtures.add(`webex/${file}`);
  const { doc } = loadFixture('webex', file);
  Object.defineProperty(doc, 'URL', { value: 'https://example.webex.com/webappng/sites/example/meeting/webclient' });
  return { service: 'webex', signal: 'recording', problem: 'missed', note: '', frames: [captureStructure(doc)] };
}

describe('captureStructure', () => {
  it('keeps the indicator, its attributes and the controls', () => {
    const json = JSON.stringify(reportOf());
    expect(json).toContain('"data-test":"recording-status-indicator"');
    expect(json).toContain('"aria-label":"Recording"');
    expect(json).toContain('"text":"REC 00:04:12"');
    expect(json).toContain('"text":"Leave"');
    expect(json).toContain('"address":"example.webex.com/webappng/sites/example/meeting/webclient"');
  });

  it('holds none of the chat, caption, participant-name or draft text', () => {
    const strings = reportStrings(reportOf()).join('\n');
    for (const word of PRIVATE) expect(strings, word).not.toContain(word);
    const json = JSON.stringify(reportOf());
    for (const word of PRIVATE) expect(json, word).not.toContain(word);
    // The regions are there, saying only what they are.
    expect(json).toContain('{"tag":"aside","private":"chat"}');
    expect(json).toContain('{"tag":"section","private":"roster"}');
    expect(json).toContain('{"tag":"div","private":"caption"}');
    expect(json).toContain('{"tag":"div","private":"tile"}');
    // The chat toggle is a control, not the chat.
    expect(json).toContain('"data-test":"in-meeting-chat-toggle-button"');
    // A name in a notice is masked, the notice kept.
    expect(json).toContain(`"text":"${MASK} joined the meeting"`);
  });

  it('keeps no text of a polite live region, no form value, no media and no link target', () => {
    document.body.innerHTML = `<div aria-live="polite"><span>said aloud</span></div>
      <input value="secret" aria-label="Search"><img src="https://x/p.png" alt="face"><a href="/j.php?pwd=1">Join</a>`;
    const json = JSON.stringify(captureStructure(document));
    for (const leak of ['said aloud', 'secret', 'p.png', 'face', 'pwd']) expect(json, leak).not.toContain(leak);
    expect(json).toContain('"aria-label":"Search"');
  });

  it("leaves a personal room's owner out of the frame's address", () => {
    const { doc } = loadFixture('webex', 'report-meeting.en.html');
    Object.defineProperty(doc, 'URL', { value: 'https://example.webex.com/meet/taro.yamada?launchApp=true' });
    expect(captureStructure(doc).address).toBe('example.webex.com/meet/*');
  });

  it('stops at its element budget and says how many were left out', () => {
    document.body.innerHTML = '<div>'.concat('<p></p>'.repeat(50), '</div>');
    const frame = captureStructure(document, 10);
    expect(frame.root.children?.[0]?.children).toHaveLength(8);
    expect(frame.root.children?.[0]?.omitted).toBe(42);
  });
});

describe('validateDetectionReport', () => {
  it('takes a captured report and refuses a changed or oversized one', () => {
    const report = reportOf();
    expect(validateDetectionReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(validateDetectionReport({ ...report, signal: 'everything' })).toBeNull();
    expect(validateDetectionReport({ ...report, frames: [{ address: 'x', root: { tag: '<script>' } }] })).toBeNull();
    const huge = { tag: 'div', children: Array.from({ length: 2500 }, () => ({ tag: 'div', text: 'x'.repeat(150) })) };
    expect(validateDetectionReport({ ...report, frames: [{ address: 'x', root: huge }] })).toBeNull();
    expect(MAX_REPORT_BYTES).toBeLessThan(256 * 1024);
  });

  it('keeps nothing of a private region but what it is, whatever was sent', () => {
    const sent = { tag: 'div', private: 'chat', text: 'leak', children: [{ tag: 'p', text: 'leak' }] };
    const report = validateDetectionReport({ ...reportOf(), frames: [{ address: 'x', root: sent }] });
    expect(report?.frames[0]?.root).toEqual({ tag: 'div', private: 'chat' });
  });
});

describe('cutNode', () => {
  it('removes what the person cut, and a whole frame', () => {
    const report = reportOf();
    const statusBarIndex = report.frames[0]?.root.children?.findIndex((node) => node.attrs?.class === 'status-bar');
    if (statusBarIndex === undefined || statusBarIndex < 0) throw new Error('status bar not captured');
    const cut = cutNode(report, [0, statusBarIndex]);
    expect(JSON.stringify(cut)).not.toContain('recording-status-indicator');
    expect(cutNode(report, [0]).frames).toEqual([]);
  });
});
