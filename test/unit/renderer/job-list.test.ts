// The Exports view's list: a call's answer that arrives after the pushes it caused never takes a
// job back to an earlier state.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ExportJob } from '../../../shared/api/index.ts';
import { activeJobs, withJob } from '../../../renderer/export/job-list.ts';

const job = (id: number, state: ExportJob['state'], progress = 0): ExportJob => ({
  id, createdMs: 0, state, cameraIds: ['front'], fromMs: 0, toMs: 1_000, format: 'mkv', progress, bytes: 0, frames: 0, etaMs: null, error: null, folder: '', result: null,
});

describe('export job list', () => {
  it('keeps the newest first and replaces a job by id', () => {
    const list = withJob(withJob([], job(1, 'queued')), job(2, 'queued'));
    assert.deepEqual(list.map((j) => j.id), [2, 1]);
    assert.equal(withJob(list, job(1, 'running', 0.5)).find((j) => j.id === 1)!.progress, 0.5);
  });

  it('ignores an answer older than what was pushed', () => {
    const pushed = withJob([], job(1, 'running', 0.3));
    assert.equal(withJob(pushed, job(1, 'queued'))[0]!.state, 'running', 'start answers "queued" after "running" was pushed');
    assert.equal(withJob(pushed, job(1, 'running', 0.1))[0]!.progress, 0.3);
    assert.equal(withJob(withJob([], job(1, 'done', 1)), job(1, 'running', 0.9))[0]!.state, 'done');
  });

  it('counts the jobs still to run', () => {
    assert.equal(activeJobs([job(1, 'queued'), job(2, 'running'), job(3, 'done'), job(4, 'failed'), job(5, 'cancelled')]), 2);
  });
});
