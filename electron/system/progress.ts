import type { JobProgress } from '../../shared/system/progressContract';
import type { LedgerApp } from '../app';

/*
 * Progress of a long call (a city-scale workbook), keyed by a job id the page made up: the call itself
 * answers only at the end, so the page polls progress.get meanwhile. Kept per app, a few dozen at most.
 */
const jobs = new WeakMap<LedgerApp, Map<string, JobProgress>>();

export function reportProgress(app: LedgerApp, jobId: string | undefined, p: JobProgress): void {
  if (!jobId) return;
  let m = jobs.get(app);
  if (!m) jobs.set(app, (m = new Map()));
  m.delete(jobId); // re-insert: the map's order is then the order of last use
  m.set(jobId, p);
  if (m.size > 50) m.delete(m.keys().next().value as string);
}

export function jobProgress(app: LedgerApp, jobId: string): JobProgress | null {
  return jobs.get(app)?.get(jobId) ?? null;
}
