// Every export job the core lists, kept current by `export.changed`: one list for the whole page
// (the Exports view shows it, the tab counts the jobs still to run). A job started from this
// window shows at once from the call's answer. A reconnect reloads the list, since the changes
// sent meanwhile were lost.
import { useEffect, useState } from 'preact/hooks';
import type { CamwallApi, ExportJob } from '../../shared/api/index.ts';
import { onReconnected } from '../app-api.ts';
import { withJob } from './job-list.ts';

export { activeJobs } from './job-list.ts';

export type Exports = {
  jobs: ExportJob[];
  error: string | null;
  /** Puts a job the caller got from a call (start, retry) into the list. */
  put(job: ExportJob): void;
  /** Drops a removed job (the core pushes nothing for a removal). */
  drop(id: number): void;
};

export function useExports(api: CamwallApi): Exports {
  const [jobs, setJobs] = useState<ExportJob[]>([]);
  const [error, setError] = useState<string | null>(null);
  const put = (job: ExportJob) => setJobs((list) => withJob(list, job));
  useEffect(() => {
    let alive = true;
    const load = () =>
      void api.exports.list().then((result) => {
        if (!alive) return;
        setError(result.ok ? null : result.error.message);
        if (result.ok) setJobs((list) => result.value.reduce(withJob, list.filter((j) => result.value.some((r) => r.id === j.id))));
      });
    const off = api.on('export.changed', ({ job }) => put(job));
    load();
    const offReconnect = onReconnected(api, load);
    return () => {
      alive = false;
      off();
      offReconnect();
    };
  }, [api]);
  return { jobs, error, put, drop: (id) => setJobs((list) => list.filter((j) => j.id !== id)) };
}
