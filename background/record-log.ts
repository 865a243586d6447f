/**
 * The record log: one IndexedDB entry per record, so nothing is rewritten wholesale. Appends run one
 * at a time (a queue): each record is signed as the next of this installation's chain
 * (src/record-chain.ts) before it is stored, with the chain's head and the signing key in the same
 * database, so seq and prev stay consecutive across restarts of the service worker. A signed record
 * is never changed once delivery has tried to send it; only the newest, never-sent record takes a
 * repeat (and is signed again). Each entry carries its delivery state: `pending` (waiting for the
 * admin's endpoint), `sent` (accepted: never sent again), `local` (no endpoint when made),
 * `set-aside` (refused alone by the collector).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { type ChainHead, EMPTY_CHAIN, newSigningKey, type PublicJwk, publicJwk, signAfter } from '../src/record-chain';
import {
  droppedDetail,
  EVICT_TO,
  type Evictable,
  evictionPlan,
  MAX_RECORDS,
  merged,
  type NewRecord,
  type RecordEntry,
  repeats,
} from '../src/records';

export type Delivery = 'pending' | 'sent' | 'local' | 'set-aside';

interface Stored {
  seq?: number;
  delivery: Delivery;
  /** Delivery has tried to send it (the collector may hold it): the record never changes again. */
  attempted?: boolean;
  record: RecordEntry;
  /** Set aside at least once: offered again later, without a second `record-refused` note. */
  refused?: true;
}

/** The installation's signing key (the private key cannot be exported) and its public key as sent. */
interface SigningKey {
  privateKey: CryptoKey;
  publicKey: PublicJwk;
}

interface LogSchema extends DBSchema {
  records: {
    key: number;
    value: Stored;
    indexes: { id: string; delivery: Delivery; event: string };
  };
  chain: {
    key: 'key' | 'head';
    value: SigningKey | ChainHead;
  };
}

export interface AppendOptions {
  /** Whether the record waits for delivery (the policy names an endpoint). */
  pending: boolean;
  retentionDays: number;
  version: string;
  installation: string;
  now?: Date;
}

export interface LogPage {
  records: { record: RecordEntry; delivery: Delivery }[];
  total: number;
}

export class RecordLog {
  private db: Promise<IDBPDatabase<LogSchema>> | undefined;
  private key: Promise<SigningKey> | undefined;
  /** Appends, one after another: each is signed after the one before. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Ids in a send under way: a repeat is not merged into them (the collector would miss the count). */
  readonly inFlight = new Set<string>();

  constructor(
    private readonly name = 'meeting-guard-records',
    private readonly limits = { max: MAX_RECORDS, evictTo: EVICT_TO },
  ) {}

  private open(): Promise<IDBPDatabase<LogSchema>> {
    // Version 1 is the first schema; a later one adds its step here and keeps the old records.
    this.db ??= openDB<LogSchema>(this.name, 2, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          const store = db.createObjectStore('records', { keyPath: 'seq', autoIncrement: true });
          store.createIndex('id', 'record.id', { unique: true });
          store.createIndex('delivery', 'delivery');
          store.createIndex('event', 'record.event');
        }
        // Version 2: the signing key and the chain's head (records kept from version 1 stay unsigned).
        if (oldVersion < 2) db.createObjectStore('chain');
      },
    });
    return this.db;
  }

  /** The installation's signing key, made on first use and kept in this database. */
  private signingKey(): Promise<SigningKey> {
    this.key ??= (async () => {
      const db = await this.open();
      const kept = (await db.get('chain', 'key')) as SigningKey | undefined;
      if (kept) return kept;
      const pair = await newSigningKey();
      const made: SigningKey = { privateKey: pair.privateKey, publicKey: await publicJwk(pair.publicKey) };
      // Another context may have made one meanwhile: the first stored wins.
      const tx = db.transaction('chain', 'readwrite');
      const raced = (await tx.store.get('key')) as SigningKey | undefined;
      if (!raced) await tx.store.put(made, 'key');
      await tx.done;
      return raced ?? made;
    })();
    this.key.catch(() => {
      this.key = undefined;
    });
    return this.key;
  }

  /** The public key the envelope carries. */
  async publicKey(): Promise<PublicJwk> {
    return (await this.signingKey()).publicKey;
  }

  /** Appends a record (or counts a repeat), prunes by retention, evicts over the limit; returns what was kept. */
  append(entry: NewRecord, options: AppendOptions): Promise<RecordEntry> {
    const done = this.queue.then(() => this.appendNow(entry, options));
    this.queue = done.catch(() => undefined);
    return done;
  }

  private async appendNow(entry: NewRecord, options: AppendOptions): Promise<RecordEntry> {
    const db = await this.open();
    const { privateKey } = await this.signingKey();
    const now = options.now ?? new Date();
    const at = now.toISOString();
    const delivery: Delivery = options.pending ? 'pending' : 'local';
    const head = ((await db.get('chain', 'head')) as ChainHead | undefined) ?? EMPTY_CHAIN;
    const last = await db.transaction('records').store.openCursor(null, 'prev');
    const previous = last?.value;
    // Signing is asynchronous and would end an IndexedDB transaction: sign first, then store in one.
    let signed: { record: RecordEntry; head: ChainHead };
    let replaces: number | undefined;
    if (
      previous &&
      repeats(previous.record, entry) &&
      previous.delivery !== 'sent' &&
      !previous.attempted &&
      !this.inFlight.has(previous.record.id) &&
      previous.record.seq === head.seq &&
      previous.record.prev !== undefined
    ) {
      // The newest record, never sent: it counts the repeat and is signed again in its place.
      signed = await signAfter(
        merged(previous.record, at),
        { seq: head.seq - 1, hash: previous.record.prev },
        privateKey,
      );
      replaces = last?.primaryKey;
    } else {
      const made: RecordEntry = {
        id: crypto.randomUUID(),
        at,
        version: options.version,
        installation: options.installation,
        ...entry,
      };
      signed = await signAfter(made, head, privateKey);
    }
    const tx = db.transaction(['records', 'chain'], 'readwrite');
    const store = tx.objectStore('records');
    if (replaces !== undefined && previous) await store.put({ ...previous, record: signed.record });
    else await store.add({ delivery, record: signed.record });
    await tx.objectStore('chain').put(signed.head, 'head');
    // Retention: records older than the admin's retention go, except those still waiting to be sent.
    const cutoff = now.getTime() - options.retentionDays * 86_400_000;
    let cursor = await store.openCursor();
    while (cursor && Date.parse(cursor.value.record.at) < cutoff) {
      if (cursor.value.delivery !== 'pending') await cursor.delete();
      cursor = await cursor.continue();
    }
    let dropped: Evictable[] = [];
    if ((await store.count()) > this.limits.max) {
      const entries: Evictable[] = [];
      let all = await store.openCursor();
      while (all) {
        entries.push({
          seq: all.value.seq as number,
          event: all.value.record.event,
          delivered: all.value.delivery === 'sent',
        });
        all = await all.continue();
      }
      dropped = evictionPlan(entries, this.limits.evictTo);
      for (const { seq } of dropped) await store.delete(seq);
    }
    await tx.done;
    // The note of what was dropped is a record of its own, signed next in the chain.
    if (dropped.length)
      await this.appendNow(
        { event: 'records-dropped', detail: `${dropped.length}: ${droppedDetail(dropped)}` },
        options,
      );
    return signed.record;
  }

  /**
   * Waiting records, oldest first, for delivery to send: marked as tried, so they never change again
   * (the collector may keep them). Runs in the append queue: no repeat is merged into a record between
   * being read here and being marked.
   */
  claimPending(limit: number): Promise<RecordEntry[]> {
    const done = this.queue.then(async () => {
      const db = await this.open();
      const tx = db.transaction('records', 'readwrite');
      const claimed: RecordEntry[] = [];
      let cursor = await tx.store.index('delivery').openCursor('pending');
      while (cursor && claimed.length < limit) {
        if (!cursor.value.attempted) await cursor.update({ ...cursor.value, attempted: true });
        claimed.push(cursor.value.record);
        cursor = await cursor.continue();
      }
      await tx.done;
      return claimed;
    });
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Waiting records, oldest first. */
  async pending(limit: number): Promise<RecordEntry[]> {
    const db = await this.open();
    const stored = await db.getAllFromIndex('records', 'delivery', 'pending', limit);
    return stored.map((entry) => entry.record);
  }

  async pendingCount(): Promise<number> {
    return (await this.open()).countFromIndex('records', 'delivery', 'pending');
  }

  /** Marks records accepted (never sent again) or set aside (refused alone). */
  async mark(ids: readonly string[], delivery: Delivery): Promise<void> {
    if (!ids.length) return;
    const db = await this.open();
    const tx = db.transaction('records', 'readwrite');
    const index = tx.store.index('id');
    for (const id of ids) {
      const cursor = await index.openCursor(id);
      if (cursor) await cursor.update({ ...cursor.value, delivery });
    }
    await tx.done;
  }

  /** Sets a record aside (refused alone); true the first time, when a `record-refused` note is due. */
  async setAside(id: string): Promise<boolean> {
    const db = await this.open();
    const tx = db.transaction('records', 'readwrite');
    const cursor = await tx.store.index('id').openCursor(id);
    const first = Boolean(cursor && !cursor.value.refused);
    if (cursor) await cursor.update({ ...cursor.value, delivery: 'set-aside', refused: true });
    await tx.done;
    return first;
  }

  /** Offers every set-aside record for delivery again (the endpoint may have been fixed); returns how many. */
  async retrySetAside(): Promise<number> {
    const db = await this.open();
    const tx = db.transaction('records', 'readwrite');
    let cursor = await tx.store.index('delivery').openCursor('set-aside');
    let count = 0;
    while (cursor) {
      await cursor.update({ ...cursor.value, delivery: 'pending' });
      count += 1;
      cursor = await cursor.continue();
    }
    await tx.done;
    return count;
  }

  async setAsideCount(): Promise<number> {
    return (await this.open()).countFromIndex('records', 'delivery', 'set-aside');
  }

  /** Newest first, `limit` records from `offset`, and how many there are in all. */
  async page(offset: number, limit: number): Promise<LogPage> {
    const db = await this.open();
    const tx = db.transaction('records');
    const total = await tx.store.count();
    const records: LogPage['records'] = [];
    let cursor = await tx.store.openCursor(null, 'prev');
    if (cursor && offset > 0) cursor = await cursor.advance(offset);
    while (cursor && records.length < limit) {
      records.push({ record: cursor.value.record, delivery: cursor.value.delivery });
      cursor = await cursor.continue();
    }
    await tx.done;
    return { records, total };
  }

  /** Every record, oldest first (for the exports). */
  async all(): Promise<RecordEntry[]> {
    return (await (await this.open()).getAll('records')).map((entry) => entry.record);
  }

  async count(): Promise<number> {
    return (await this.open()).count('records');
  }
}
