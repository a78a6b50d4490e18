/** Typed storage errors a caller can act on: retry on a conflict, tell the user on a duplicate. */

/** The record changed since it was read (stale ETag): re-read, re-apply, or tell the user. */
export class ConcurrencyError extends Error {
  constructor(readonly table: string, readonly partitionKey: string, readonly rowKey: string) {
    super(`${table} ${partitionKey}/${rowKey} was changed by someone else since it was read`);
    this.name = 'ConcurrencyError';
  }
}

/** An insert found the record already there. */
export class AlreadyExistsError extends Error {
  constructor(readonly table: string, readonly partitionKey: string, readonly rowKey: string) {
    super(`${table} ${partitionKey}/${rowKey} already exists`);
    this.name = 'AlreadyExistsError';
  }
}

export function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err ? Number((err as { statusCode: unknown }).statusCode) : undefined;
}
