import * as api from './api';
import type { BulkProgress } from './components/BulkBar';

/** What a bulk run applies to: explicit ids, or every conversation matching
 * a list filter (paged by the server). */
export type BulkTarget = { ids: string[] } | { filter: Record<string, string> };

/**
 * Runs one bulk command over the target, calling onProgress after every
 * page; each page has its own idempotency key derived from one run key, so
 * a retried page applies nothing twice. Returns the final progress and the
 * highest log position written (for read-your-writes).
 */
export async function runBulkCommand(cmd: api.BulkCommand, target: BulkTarget, onProgress: (p: BulkProgress) => void): Promise<{ progress: BulkProgress; position: number }> {
  const key = api.newId('bulk');
  const progress: BulkProgress = { done: 0, failed: 0, total: null, running: true };
  let position = 0;
  const add = (r: api.BulkResult) => {
    progress.done += r.succeeded;
    progress.failed += r.failed;
    position = Math.max(position, r.position);
    const firstErr = r.results.find((x) => !x.ok);
    if (firstErr) progress.message = `${firstErr.id}: ${firstErr.detail ?? firstErr.code}`;
    onProgress({ ...progress });
  };
  onProgress({ ...progress });
  if ('filter' in target) {
    let next: string | undefined;
    let page = 0;
    do {
      const r = await api.bulk({ filter: target.filter, cursor: next, limit: 500, command: cmd }, `${key}-${page++}`);
      add(r);
      next = r.next_cursor;
    } while (next);
  } else {
    for (let i = 0; i < target.ids.length; i += 1000) add(await api.bulk({ ids: target.ids.slice(i, i + 1000), command: cmd }, `${key}-${i}`));
  }
  return { progress, position };
}
