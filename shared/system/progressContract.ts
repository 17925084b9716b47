import { z } from 'zod';
import { query } from '../api/define';

/** How far a long call has come: `step` says what it is doing, in words for the clerk. */
export interface JobProgress {
  step: string;
  done: number;
  total: number;
}

export const jobId = z.string().regex(/^[\w-]{8,64}$/, { error: '任务编号无效' });

export const progressContract = {
  'progress.get': query(z.strictObject({ jobId })).returns<JobProgress | null>(),
};
