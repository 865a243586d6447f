/** The background's storage and policy reading, against an in-memory browser. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from './fake-browser';

const fake = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('../../background/browser', () => ({
  get browser() {
    return fake.current;
  },
}));

let env: ReturnType<typeof fakeBrowser>;
beforeEach(() => {
  vi.resetModules();
  env = fakeBrowser();
  fake.current = env.browser;
});

describe('policy source', () => {
  it('treats Firefox\'s "no managed storage" error as no policy', async () => {
    env.managed.value = new Error('Managed storage manifest not found');
    const { currentPolicy } = await import('../../background/policy-source');
    const parsed = await currentPolicy();
    expect(parsed.policy.defaultClassification).toBe(2);
    expect(parsed.problems).toEqual([]);
  });

  // Issue 19 (5g): a policy of the wrong shape (Firefox applies no schema) is shown as a problem, never as "no policy".
  it.each([[[]], [['zoom']], ['']])('reports a policy that is not an object (%j)', async (value) => {
    env.managed.value = value as never;
    const { currentPolicy } = await import('../../background/policy-source');
    const parsed = await currentPolicy();
    expect(parsed.problems).toEqual([
      expect.objectContaining({ path: '(policy)', reason: 'expected an object of policy keys' }),
    ]);
  });

  it('takes an empty list for a policy of the wrong shape, not for "not loaded yet" behind a kept policy', async () => {
    env.browser.storage.local.data.lastAdminPolicy = { defaultClassification: 1 };
    env.managed.value = [] as never;
    const { currentPolicy } = await import('../../background/policy-source');
    const parsed = await currentPolicy();
    expect(parsed.policy.defaultClassification).toBe(2);
    expect(parsed.problems.map((problem) => problem.path)).toEqual(['(policy)']);
  });

  it('notices a policy that arrives late, and its removal', async () => {
    const { currentPolicy, rereadPolicy } = await import('../../background/policy-source');
    expect((await currentPolicy()).policy.defaultClassification).toBe(2);
    env.managed.value = { defaultClassification: 1 };
    expect((await currentPolicy()).policy.defaultClassification).toBe(2); // cached until re-read
    expect(await rereadPolicy()).toBe(true);
    expect((await currentPolicy()).policy.defaultClassification).toBe(1);
    expect(await rereadPolicy()).toBe(false);
    env.managed.value = {};
    expect(await rereadPolicy()).toBe(true);
    expect((await currentPolicy()).sources.defaultClassification).toBe('default');
  });

  it('reads an explicit change made while another read is answering after that read, so it is not lost', async () => {
    env.managed.value = { defaultClassification: 2 };
    const { currentPolicy, rereadPolicy } = await import('../../background/policy-source');
    await currentPolicy();
    // Managed storage answers slowly with what it held when asked (Chromium's first reads can take seconds).
    const answer = env.browser.storage.managed.get;
    let asked = 0;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    env.browser.storage.managed.get = async () => {
      asked += 1;
      const held = await answer();
      await gate;
      return held;
    };
    const startupReread = rereadPolicy();
    await vi.waitFor(() => expect(asked).toBe(1));
    // The admin's change lands now; onChanged asks for a settled read.
    env.managed.value = { defaultClassification: 1 };
    const onChangedReread = rereadPolicy({ settle: true });
    open();
    await Promise.all([startupReread, onChangedReread]);
    expect((await currentPolicy()).policy.defaultClassification).toBe(1);
    // Without an explicit change, a read under way is shared rather than repeated.
    asked = 0;
    await Promise.all([rereadPolicy(), rereadPolicy()]);
    expect(asked).toBe(1);
  });

  it('uses the last admin policy while managed storage is still empty at start-up, until it settles', async () => {
    env.browser.storage.local.data.lastAdminPolicy = {
      logRetentionDays: 1000,
      reportEndpoint: 'https://r.example.jp/r',
    };
    env.managed.value = {};
    const { currentPolicy, rereadPolicy } = await import('../../background/policy-source');
    expect((await currentPolicy()).policy).toMatchObject({
      logRetentionDays: 1000,
      reportEndpoint: 'https://r.example.jp/r',
    });
    expect(await rereadPolicy()).toBe(false);
    expect(await rereadPolicy({ settle: true })).toBe(true);
    expect((await currentPolicy()).policy.reportEndpoint).toBe('');
    expect(env.browser.storage.local.data.lastAdminPolicy).toBeUndefined();
  });

  it('keeps the admin policy it read for the next start-up', async () => {
    env.managed.value = { logRetentionDays: 400 };
    const { currentPolicy } = await import('../../background/policy-source');
    expect((await currentPolicy()).policy.logRetentionDays).toBe(400);
    expect(env.browser.storage.local.data.lastAdminPolicy).toEqual({ logRetentionDays: 400 });
  });

  /** Managed storage that answers only when `open` is called (Chromium's first answer after install took ~5.7 s). */
  function slowManaged() {
    const answer = env.browser.storage.managed.get;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    env.browser.storage.managed.get = async () => {
      await gate;
      return answer();
    };
    return { open };
  }
  const notWaitedFor = <T>(promise: Promise<T>) =>
    Promise.race([promise, new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 1_000))]);

  it('on a fresh profile, does not wait for a slow first answer: the strict pending policy until it comes', async () => {
    env.managed.value = { e2eBreakingFeatures: 'block', reportEndpoint: 'https://r.example.jp/r' };
    const slow = slowManaged();
    const { currentPolicy, onLatePolicy } = await import('../../background/policy-source');
    let late = 0;
    onLatePolicy(() => late++);
    const first = await notWaitedFor(currentPolicy());
    expect(first).not.toBe('waited');
    expect(first).toMatchObject({ pending: true, adminKeys: [], policy: { e2eBreakingFeatures: 'confirm' } });
    expect(late).toBe(0);
    slow.open();
    await vi.waitFor(() => expect(late).toBe(1));
    const known = await currentPolicy();
    expect(known.pending).toBeUndefined();
    expect(known.policy).toMatchObject({ e2eBreakingFeatures: 'block', reportEndpoint: 'https://r.example.jp/r' });
    expect(env.browser.storage.local.data.lastAdminPolicy).toEqual(env.managed.value);
  });

  it('uses the kept admin policy, not the pending one, while a slow managed storage has not answered', async () => {
    env.browser.storage.local.data.lastAdminPolicy = { e2eBreakingFeatures: 'warn', logRetentionDays: 30 };
    env.managed.value = { e2eBreakingFeatures: 'warn', logRetentionDays: 30 };
    const slow = slowManaged();
    const { currentPolicy } = await import('../../background/policy-source');
    const first = await notWaitedFor(currentPolicy());
    expect(first).toMatchObject({ policy: { e2eBreakingFeatures: 'warn', logRetentionDays: 30 } });
    expect((first as { pending?: true }).pending).toBeUndefined();
    slow.open();
  });

  it('answers at once with the policy when managed storage answers at once', async () => {
    env.managed.value = { organizationName: '例示市' };
    const { currentPolicy } = await import('../../background/policy-source');
    expect(await currentPolicy()).toMatchObject({ adminKeys: ['organizationName'] });
    expect((await currentPolicy()).pending).toBeUndefined();
  });

  it("applies the person's stricter settings on top", async () => {
    env.managed.value = { defaultClassification: 2 };
    const { currentPolicy, saveUserSettings } = await import('../../background/policy-source');
    await saveUserSettings({ defaultClassification: 3, e2eBreakingFeatures: 'block' });
    const parsed = await currentPolicy();
    expect(parsed.policy).toMatchObject({ defaultClassification: 3, e2eBreakingFeatures: 'block' });
  });
});

describe('store', () => {
  it('keeps per-tab frames and per-meeting marks', async () => {
    const store = await import('../../background/store');
    await store.updateTab(4, (state) => ({ ...state, url: 'https://meet.google.com/abc-defg-hij' }));
    expect((await store.loadTab(4)).url).toBe('https://meet.google.com/abc-defg-hij');
    await store.setClassification('meet:abc', 3);
    await store.setConfirmed('meet:abc', '21-headphones', true);
    expect(await store.loadMemory('meet:abc')).toMatchObject({ classification: 3, confirmed: ['21-headphones'] });
    await store.setClassification('meet:abc', null);
    expect((await store.loadMemory('meet:abc')).classification).toBeUndefined();
  });

  it('makes the installation id once and keeps it', async () => {
    const store = await import('../../background/store');
    const [a, b] = await Promise.all([store.installationId(), store.installationId()]);
    expect(a).toBe(b);
    expect(env.browser.storage.local.data.installation).toBe(a);
  });

  it('holds the ids of records made before the policy was known, none lost when two come at once', async () => {
    const store = await import('../../background/store');
    await Promise.all([store.holdForPolicy('r1'), store.holdForPolicy('r2')]);
    expect(await store.takeHeldForPolicy()).toEqual(['r1', 'r2']);
    expect(await store.takeHeldForPolicy()).toEqual([]);
  });
});
