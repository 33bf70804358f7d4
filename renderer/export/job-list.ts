// The page's list of export jobs as pure rules: where a job that arrives goes, and how many are
// still to run.
import type { ExportJob } from '../../shared/api/index.ts';

const STAGE: Record<ExportJob['state'], number> = { queued: 0, running: 1, done: 2, failed: 2, cancelled: 2 };

/**
 * The list, newest first, with `job` in place of the entry of the same id unless that one is
 * further on: a call's answer can arrive after the pushes it caused (start answers "queued"
 * after "running" was pushed), and a job never goes back.
 */
export function withJob(list: ExportJob[], job: ExportJob): ExportJob[] {
  const held = list.find((j) => j.id === job.id);
  if (held && (STAGE[held.state] > STAGE[job.state] || (held.state === job.state && held.progress > job.progress))) return list;
  return [job, ...list.filter((j) => j.id !== job.id)].sort((a, b) => b.id - a.id);
}

/** Jobs still to finish: the Exports tab's count. */
export function activeJobs(jobs: ExportJob[]): number {
  return jobs.filter((j) => j.state === 'queued' || j.state === 'running').length;
}
