import type { progressContract } from '../../shared/system/progressContract';
import type { HandlersOf } from '../api/types';
import { jobProgress } from './progress';

export const progressHandlers: HandlersOf<typeof progressContract> = {
  'progress.get': (input, ctx) => jobProgress(ctx.app, input.jobId),
};
