/** An in-memory stand-in for the parts of `browser` that background/store.ts and policy-source.ts use. */
type Area = Record<string, unknown>;

function storageArea(data: Area = {}) {
  return {
    data,
    async get(keys?: string | string[] | null) {
      if (keys === null || keys === undefined) return structuredClone(data);
      const list = Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((key) => key in data).map((key) => [key, structuredClone(data[key])]));
    },
    async set(items: Area) {
      Object.assign(data, structuredClone(items));
    },
    async remove(keys: string | string[]) {
      for (const key of Array.isArray(keys) ? keys : [keys]) delete data[key];
    },
  };
}

export function fakeBrowser() {
  const managed = { value: {} as Area | Error };
  return {
    managed,
    browser: {
      storage: {
        local: storageArea(),
        session: storageArea(),
        managed: {
          async get() {
            if (managed.value instanceof Error) throw managed.value;
            return structuredClone(managed.value);
          },
        },
      },
      runtime: { getManifest: () => ({ version: '0.1.0' }) },
    },
  };
}
