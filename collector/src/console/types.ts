/** The collector's store (collector/src/db.ts) as the console uses it. */
export interface QueryResult<Row = Record<string, unknown>> {
  rows: Row[];
}
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
}
export interface Store extends Queryable {
  kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

export type Role = 'admin' | 'auditor';

/** Who is asking: the role, and the one organisation a limited token may see (null: every one). */
export interface Viewer {
  role: Role;
  organization: string | null;
}
