import { useRef, useState } from 'react';
import type { JobProgress } from '../../shared/system/progressContract';
import { api } from '../api';

/**
 * For a long call that reports progress under a job id: makes the id, polls while the call runs (the call
 * itself answers only at the end), and clears when it is done. `poll` reads the progress (progress.get).
 * `cancel` asks the job to stop (progress.cancel); a job that honours it ends with a CANCELLED error, having
 * written nothing. Both are answered by the process serving the page, however busy the store is.
 */
export function useJobProgress<P = JobProgress>(
  poll: (jobId: string) => Promise<P | null> = (jobId) => api['progress.get']({ jobId }) as Promise<P | null>,
  initial: P = { step: '正在开始', done: 0, total: 1 } as P,
) {
  const [progress, setProgress] = useState<P | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const current = useRef<string | null>(null);
  const run = async <T>(work: (jobId: string) => Promise<T>): Promise<T> => {
    const jobId = `job-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    current.current = jobId;
    setCancelling(false);
    setProgress(initial);
    const timer = setInterval(
      () =>
        void poll(jobId).then(
          (p) => p && current.current === jobId && setProgress(p),
          () => undefined,
        ),
      400,
    );
    try {
      return await work(jobId);
    } finally {
      clearInterval(timer);
      if (current.current === jobId) current.current = null;
      setProgress(null);
      setCancelling(false);
    }
  };
  const cancel = async (): Promise<void> => {
    const jobId = current.current;
    if (!jobId) return;
    setCancelling(true);
    await api['progress.cancel']({ jobId }).catch(() => undefined);
  };
  return { progress, run, cancel, cancelling };
}
