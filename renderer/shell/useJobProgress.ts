import { useState } from 'react';
import type { JobProgress } from '../../shared/system/progressContract';
import { api } from '../api';

/**
 * For a long call that reports progress under a job id: makes the id, polls progress.get while the call
 * runs (the call itself answers only at the end), and clears when it is done.
 */
export function useJobProgress() {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const run = async <T,>(work: (jobId: string) => Promise<T>): Promise<T> => {
    const jobId = `job-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    setProgress({ step: '正在开始', done: 0, total: 1 });
    const timer = setInterval(() => void api['progress.get']({ jobId }).then((p) => p && setProgress(p), () => undefined), 400);
    try {
      return await work(jobId);
    } finally {
      clearInterval(timer);
      setProgress(null);
    }
  };
  return { progress, run };
}
