/**
 * The record log: one IndexedDB entry per record, appended in a single transaction (merge, eviction
 * and the `records-dropped` note included), so two handlers appending at once cannot lose a record
 * and nothing is rewritten wholesale. Each entry carries its delivery state: `pending` (waiting for
 * the admin's endpoint), `sent` (accepted: never sent again), `local` (no endpoint when made),
 * `set-aside` (refused alone by the collector).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
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
  record: RecordEntry;
  /** Set aside at least once: offered again later, without a second `record-refused` note. */
  refused?: true;
}

interface LogSchema extends DBSchema {
  records: {
    key: number;
    value: Stored;
    indexes: { id: string; delivery: Delivery; event: string };
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
  /** Ids in a send under way: a repeat is not merged into them (the collector would miss the count). */
  readonly inFlight = new Set<string>();

  constructor(
    private readonly name = 'meeting-guard-records',
    private readonly limits = { max: MAX_RECORDS, evictTo: EVICT_TO },
  ) {}

  private open(): Promise<IDBPDatabase<LogSchema>> {
    // Version 1 is the first schema; a later one adds its step here and keeps the old records.
    this.db ??= openDB<LogSchema>(this.name, 1, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          const store = db.createObjectStore('records', { keyPath: 'seq', autoIncrement: true });
          store.createIndex('id', 'record.id', { unique: true });
          store.createIndex('delivery', 'delivery');
          store.createIndex('event', 'record.event');
        }
      },
    });
    return this.db;
  }

  /** Appends a record (or counts a repeat), prunes by retention, evicts over the limit; returns what was kept. */
  async append(entry: NewRecord, options: AppendOptions): Promise<RecordEntry> {
    const db = await this.open();
    const now = options.now ?? new Date();
    const at = now.toISOString();
    const delivery: Delivery = options.pending ? 'pending' : 'local';
    const make = (next: NewRecord): Stored => ({
      delivery,
      record: {
        id: crypto.randomUUID(),
        at,
        version: options.version,
        installation: options.installation,
        ...next,
      },
    });
    const tx = db.transaction('records', 'readwrite');
    const store = tx.store;
    let kept: RecordEntry;
    const last = await store.openCursor(null, 'prev');
    if (
      last &&
      repeats(last.value.record, entry) &&
      last.value.delivery !== 'sent' &&
      !this.inFlight.has(last.value.record.id)
    ) {
      kept = merged(last.value.record, at);
      await last.update({ ...last.value, record: kept });
    } else {
      const stored = make(entry);
      await store.add(stored);
      kept = stored.record;
    }
    // Retention: records older than the admin's retention go, except those still waiting to be sent.
    const cutoff = now.getTime() - options.retentionDays * 86_400_000;
    let cursor = await store.openCursor();
    while (cursor && Date.parse(cursor.value.record.at) < cutoff) {
      if (cursor.value.delivery !== 'pending') await cursor.delete();
      cursor = await cursor.continue();
    }
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
      const dropped = evictionPlan(entries, this.limits.evictTo);
      for (const { seq } of dropped) await store.delete(seq);
      if (dropped.length)
        await store.add(make({ event: 'records-dropped', detail: `${dropped.length}: ${droppedDetail(dropped)}` }));
    }
    await tx.done;
    return kept;
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
