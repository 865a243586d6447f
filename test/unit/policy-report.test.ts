/**
 * The policy in effect as records report it: every record carries the policy's organisation, department and digest;
 * a `policy` record holds the values without the token, and which keys the admin set (a dropped value shows as a
 * default). The console's fleet page relies on both.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { RecordLog } from '../../background/record-log';
import { createRecorder } from '../../background/recorder';
import { effectivePolicy } from '../../src/policy/effective';
import { parsePolicy } from '../../src/policy/policy';
import { policyReport } from '../../src/records';

describe('policyReport', () => {
  it('reports values and admin keys, withholds the token, and digests the policy', async () => {
    const parsed = parsePolicy({ organization: '131016', department: '総務課', reportToken: 'secret-post-token' });
    const { report, digest } = await policyReport(parsed, 'chrome 140');
    expect(report.adminKeys).toEqual(['department', 'organization', 'reportToken']);
    expect(report.values.department).toBe('総務課');
    expect(report.values).not.toHaveProperty('reportToken');
    expect(JSON.stringify(report)).not.toContain('secret-post-token');
    expect(report.values.selectorOverrides).toEqual({ size: 2 });
    expect(report.browser).toBe('chrome 140');
    expect(digest).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives another digest when a value changes, or when the same value comes from the default instead of the admin', async () => {
    const set = await policyReport(parsePolicy({ defaultClassification: 2 }), '');
    const unset = await policyReport(parsePolicy({}), '');
    const other = await policyReport(parsePolicy({ defaultClassification: 3 }), '');
    expect(set.digest).not.toBe(unset.digest);
    expect(set.digest).not.toBe(other.digest);
    expect((await policyReport(parsePolicy({ defaultClassification: 2 }), 'edge 1')).digest).toBe(set.digest);
  });
});

describe('every record', () => {
  it('carries the policy organisation, department and digest', async () => {
    const parsed = parsePolicy({ organization: '131016', department: '情報政策課' });
    const recorder = createRecorder({
      log: new RecordLog(`policy-report-${Math.random()}`),
      policy: async () => effectivePolicy(parsed, {}),
      installation: async () => 'inst-1',
      version: '0.2.0',
      appended: () => undefined,
      hold: async () => undefined,
      takeHeld: async () => [],
    });
    const kept = await recorder.record({ event: 'confirmed', detail: '21-headphones=true' });
    expect(kept.organization).toBe('131016');
    expect(kept.department).toBe('情報政策課');
    expect(kept.policyDigest).toBe((await policyReport(parsed, '')).digest);
    const bare = createRecorder({
      log: new RecordLog(`policy-report-${Math.random()}`),
      policy: async () => effectivePolicy(parsePolicy({}), {}),
      installation: async () => 'inst-2',
      version: '0.2.0',
      appended: () => undefined,
      hold: async () => undefined,
      takeHeld: async () => [],
    });
    const plain = await bare.record({ event: 'confirmed', detail: '21-headphones=true' });
    expect(plain).not.toHaveProperty('organization');
    expect(plain).not.toHaveProperty('department');
  });
});
