// The console's test parts, shared by test/e2e/console.test.mjs and scripts/console-screenshots.mjs: the real
// collector started as an admin starts it, and the records both post (March 2031, JST).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';

const ROOT = new URL('../..', import.meta.url).pathname;
export const ADMIN = 'console-admin-token-0123456789';
export const AUDITOR = 'console-auditor-token-0123456789';
export const CITY_A = 'city-a-admin-token-0123456789';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The collector as an admin starts it; resolves once it listens. */
export async function startCollector(env) {
  const port = await freePort();
  const child = spawn('npm', ['start', '--workspace', 'collector'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      COLLECTOR_ADMIN_TOKEN: ADMIN,
      COLLECTOR_AUDITOR_TOKEN: AUDITOR,
      COLLECTOR_TOKENS: JSON.stringify([{ token: CITY_A, role: 'admin', organization: 'city-a' }]),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 180_000;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`collector did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    },
  };
}

const at = (day, hour = 10) =>
  new Date(`2031-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+09:00`).toISOString();
const record = (fields) => ({ id: randomUUID(), version: '0.2.0', ...fields });
export const SNAPSHOT_MARK = 'rec-indicator-webex-unknown';
export const SUGGESTED_VALUE = 'このミーティングは録画されています（テスト）';

/** What the test posts, and what the console must count from it (period: March 2031). */
export function fixtureRecords() {
  const a1 = { installation: 'inst-a1', organization: 'city-a', department: '総務課' };
  const a2 = { installation: 'inst-a2', organization: 'city-a', department: '税務課' };
  const b1 = { installation: 'inst-b1', organization: 'city-b', department: '市民課' };
  const warn = (who, day, service, meetingId, classification, warnings, title) =>
    record({ ...who, at: at(day), event: 'warnings', service, meetingId, classification, warnings, title });
  return [
    warn(a1, 3, 'meet', 'aaa-bbbb-ccc', 2, ['recording'], '課内会議【機密性2】'),
    warn(a1, 4, 'zoom', '81234567890', 2, ['recording', 'transcription'], '予算調整 機密性2'),
    warn(a1, 4, 'meet', 'ddd-eeee-fff', 1, ['recording'], '説明会'),
    warn(a1, 5, 'teams', 'outside-approved', 2, ['external-meeting'], '県との協議'),
    record({
      ...a1,
      at: at(5, 11),
      event: 'approval',
      service: 'teams',
      meetingId: 'outside-approved',
      detail: 'AP-2031-001',
    }),
    warn(a1, 6, 'webex', 'outside-unapproved', 2, ['external-meeting'], 'ベンダー打合せ'),
    record({
      ...a1,
      at: at(6, 11),
      event: 'confirmed',
      service: 'webex',
      meetingId: 'outside-unapproved',
      detail: '21-headphones=true',
    }),
    warn(a2, 7, 'meet', 'ggg-hhhh-iii', 3, ['ai-notes'], '人事 機密性3'),
    warn(b1, 3, 'meet', 'jjj-kkkk-lll', 2, ['recording'], 'B市 会議'),
    warn(b1, 8, 'zoom', '89999999999', 2, ['external-meeting'], 'B市 外部'),
    // Outside the period: never counted in March.
    record({
      ...a1,
      at: new Date('2031-02-27T10:00:00+09:00').toISOString(),
      event: 'warnings',
      service: 'meet',
      meetingId: 'feb-meeting',
      classification: 2,
      warnings: ['recording'],
      title: '二月の会議',
    }),
    // A 「判定が違う」 report as the extension sends it (issue 20): what is wrong, the page's structure, the picker's entry.
    record({
      ...a1,
      at: at(9),
      event: 'detection-report',
      service: 'webex',
      meetingId: 'outside-unapproved',
      report: {
        service: 'webex',
        signal: 'recording',
        problem: 'missed',
        note: '',
        frames: [
          {
            address: 'city.webex.com/wbxmjs/joinservice/*',
            root: { tag: 'div', attrs: { 'data-test': SNAPSHOT_MARK } },
          },
        ],
        suggestion: {
          service: 'webex',
          signal: 'recording',
          key: 'recordingNoticeText',
          value: SUGGESTED_VALUE,
          matches: 1,
        },
      },
    }),
    // The policy in effect: inst-a2 runs with permittedServices on its default while inst-a1 has it set.
    record({
      ...a1,
      at: at(2),
      event: 'policy',
      detail: 'digest-a1',
      policyDigest: 'digest-a1',
      evidence: {
        browser: 'chrome 140',
        adminKeys: ['department', 'organization', 'permittedServices'],
        values: { permittedServices: [{ service: 'meet', maxClassification: 3 }], department: '総務課' },
      },
    }),
    record({
      ...a2,
      at: at(2),
      event: 'policy',
      detail: 'digest-a2',
      policyDigest: 'digest-a2',
      evidence: {
        browser: 'edge 140',
        adminKeys: ['department', 'organization'],
        values: { permittedServices: [{ service: 'meet', maxClassification: 3 }], department: '税務課' },
      },
    }),
  ];
}

export async function post(base, records) {
  for (const installation of new Set(records.map((r) => r.installation))) {
    const mine = records.filter((r) => r.installation === installation);
    const response = await fetch(`${base}/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extension: 'meeting-guard', version: '0.2.0', installation, records: mine }),
    });
    assert.equal(response.status, 200, await response.text());
  }
}
