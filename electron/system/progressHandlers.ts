import type { JobProgress, progressContract } from '../../shared/system/progressContract';
import type { HandlersOf } from '../api/types';
import { cancelJob, jobProgress } from './progress';

// In-process only (tests, tools): through the worker both are answered before the call reaches it.
export const progressHandlers: HandlersOf<typeof progressContract> = {
  'progress.get': (input, ctx) => jobProgress<JobProgress>(ctx.app, input.jobId),
  'progress.cancel': (input, ctx) => ({ cancelling: cancelJob(ctx.app, input.jobId) }),
};
