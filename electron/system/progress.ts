import type { LedgerApp } from '../app';

/*
 * Progress of a long call (a city-scale workbook, a ledger preview), keyed by a job id the page made up: the
 * call itself answers only at the end, so the page polls meanwhile (progress.get). Kept per
 * app, the 50 most recently reported.
 */
const jobs = new WeakMap<LedgerApp, Map<string, unknown>>();

export function reportProgress<P>(app: LedgerApp, jobId: string | undefined, p: P): void {
  if (!jobId) return;
  let m = jobs.get(app);
  if (!m) jobs.set(app, (m = new Map()));
  m.delete(jobId); // re-insert: the map's order is then the order of last use
  m.set(jobId, p);
  if (m.size > 50) m.delete(m.keys().next().value as string);
}

export function jobProgress<P>(app: LedgerApp, jobId: string): P | null {
  return (jobs.get(app)?.get(jobId) as P | undefined) ?? null;
}
