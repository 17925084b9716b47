import type { JobProgress, progressContract } from '../../shared/system/progressContract';
import type { HandlersOf } from '../api/types';
import { jobProgress } from './progress';

export const progressHandlers: HandlersOf<typeof progressContract> = {
  'progress.get': (input, ctx) => jobProgress<JobProgress>(ctx.app, input.jobId),
};
