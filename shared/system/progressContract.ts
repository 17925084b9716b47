import { z } from 'zod';
import { command, query } from '../api/define';

/** How far a long call has come: `step` says what it is doing, in words for the clerk. */
export interface JobProgress {
  step: string;
  done: number;
  total: number;
}

export const jobId = z.string().regex(/^[\w-]{8,64}$/, { error: '任务编号无效' });

/**
 * Both are answered by the process that serves the page (electron/worker/client.ts) while the job runs in the
 * worker, so they answer at once even when the worker is busy; only the session that started a job sees it.
 */
export const progressContract = {
  'progress.get': query(z.strictObject({ jobId })).returns<JobProgress | null>(),
  /** Stops the job at its next safe point; a stopped job has written nothing. False: no such job (it ended). */
  'progress.cancel': command(z.strictObject({ jobId })).returns<{ cancelling: boolean }>(),
};
