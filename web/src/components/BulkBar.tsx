import { useState } from 'preact/hooks';
import type { BulkCommand } from '../api';

export interface BulkProgress {
  done: number;
  failed: number;
  total: number | null;
  running: boolean;
  message?: string;
}

/** The bulk action bar, shown while conversations are selected. */
export function BulkBar({ count, total, allMatching, progress, onAllMatching, onClear, onRun, onExport }: {
  count: number; total: number | null; allMatching: boolean; progress: BulkProgress | null;
  onAllMatching: () => void; onClear: () => void; onRun: (c: BulkCommand) => void; onExport: () => void;
}) {
  const [action, setAction] = useState<BulkCommand['type']>('tag');
  const [value, setValue] = useState('');
  const needs = action === 'tag' || action === 'untag' ? 'Tag' : action === 'assign' ? 'Agent' : action === 'assign_team' ? 'Team' : action === 'priority' ? 'Priority' : '';
  function run(e: Event) {
    e.preventDefault();
    const v = value.trim();
    const c: BulkCommand = { type: action };
    if (action === 'tag' || action === 'untag') c.tag = v;
    if (action === 'assign') c.agent_id = v;
    if (action === 'assign_team') c.team_id = v;
    if (action === 'priority') c.priority = v;
    if (action === 'close') c.reason = 'bulk';
    onRun(c);
  }
  return (
    <section class="bulkbar" aria-label="Bulk actions">
      <p>
        <strong data-testid="bulk-count">{allMatching ? `All ${total ?? ''} matching` : `${count} selected`}</strong>
        {!allMatching && <button type="button" class="link" onClick={onAllMatching}>Select all {total ?? ''} matching</button>}
        <button type="button" class="link" onClick={onClear}>Clear</button>
      </p>
      <form onSubmit={run} class="bulk-form">
        <label>Action
          <select name="bulk-action" value={action} onChange={(e) => setAction(e.currentTarget.value as BulkCommand['type'])}>
            <option value="tag">Add tag</option><option value="untag">Remove tag</option><option value="assign">Assign to agent</option>
            <option value="assign_team">Assign to team</option><option value="unassign">Unassign</option><option value="priority">Set priority</option>
            <option value="close">Close</option><option value="reopen">Reopen</option>
          </select>
        </label>
        {needs && <label>{needs}<input name="bulk-value" required value={value} onInput={(e) => setValue(e.currentTarget.value)} /></label>}
        <button type="submit" class="primary" disabled={progress?.running}>Apply</button>
        <button type="button" onClick={onExport}>Export CSV</button>
      </form>
      {progress && (
        <p role="status" class="bulk-progress" data-testid="bulk-progress">
          {progress.running ? 'Working… ' : 'Done: '}{progress.done} updated{progress.failed ? `, ${progress.failed} failed` : ''}
          {progress.message ? ` — ${progress.message}` : ''}
        </p>
      )}
    </section>
  );
}
