/** Records made before the admin's policy is known: held for it, then sent where it says or kept here only. */
import { describe, expect, it } from 'vitest';
import type { RecordLog } from '../../background/record-log';
import { createRecorder } from '../../background/recorder';
import { effectivePolicy } from '../../src/policy/effective';
import { pendingPolicy } from '../../src/policy/pending';
import { parsePolicy } from '../../src/policy/policy';

function setup() {
  const appended: { id: string; pending: boolean }[] = [];
  const marked: { ids: readonly string[]; delivery: string }[] = [];
  let held: string[] = [];
  const log = {
    async append(_entry: unknown, options: { pending: boolean }) {
      const id = `r${appended.length + 1}`;
      appended.push({ id, pending: options.pending });
      return { id };
    },
    async mark(ids: readonly string[], delivery: string) {
      marked.push({ ids, delivery });
    },
  } as unknown as RecordLog;
  let policy = effectivePolicy(pendingPolicy(), {});
  const recorder = createRecorder({
    log,
    policy: async () => policy,
    installation: async () => 'install-1',
    version: '0.1.0',
    appended: () => undefined,
    hold: async (id) => void held.push(id),
    takeHeld: async () => {
      const taken = held;
      held = [];
      return taken;
    },
  });
  return {
    recorder,
    appended,
    marked,
    held: () => held,
    setPolicy: (raw: Record<string, unknown>) => {
      policy = effectivePolicy(parsePolicy(raw), {});
      return policy;
    },
  };
}

describe('recorder before the policy is known', () => {
  it('keeps a record made under the pending policy waiting for delivery, and holds it', async () => {
    const { recorder, appended, held } = setup();
    await recorder.record({ event: 'warnings', service: 'meet', warnings: ['recording'] });
    expect(appended).toEqual([{ id: 'r1', pending: true }]);
    expect(held()).toEqual(['r1']);
    // Still pending: nothing is settled yet.
    expect(await recorder.release(effectivePolicy(pendingPolicy(), {}))).toBe(0);
    expect(held()).toEqual(['r1']);
  });

  it('leaves the held records to be sent when the admin policy names an endpoint', async () => {
    const { recorder, marked, held, setPolicy } = setup();
    await recorder.record({ event: 'warnings', service: 'meet' });
    expect(await recorder.release(setPolicy({ reportEndpoint: 'https://r.example.jp/r' }))).toBe(1);
    expect(marked).toEqual([]);
    expect(held()).toEqual([]);
  });

  it('keeps the held records here only when the admin policy names no endpoint', async () => {
    const { recorder, appended, marked, held, setPolicy } = setup();
    await recorder.record({ event: 'warnings', service: 'meet' });
    await recorder.record({ event: 'classification', service: 'meet', classification: 3 });
    expect(await recorder.release(setPolicy({ organizationName: '例示市' }))).toBe(2);
    expect(marked).toEqual([{ ids: ['r1', 'r2'], delivery: 'local' }]);
    expect(held()).toEqual([]);
    // Once known, records follow the policy at once and are not held.
    await recorder.record({ event: 'warnings', service: 'meet' });
    expect(appended.at(-1)).toEqual({ id: 'r3', pending: false });
    expect(held()).toEqual([]);
  });
});
