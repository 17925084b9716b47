import { AppError } from '../../shared/api/errors';
import type { LedgerApp } from '../app';

/*
 * Progress and cancellation of a long call (an import commit, a city-scale workbook, a ledger preview), keyed
 * by a job id the page made up: the call itself answers only at the end, so the page polls meanwhile
 * (progress.get) and may ask to stop (progress.cancel).
 *
 * In the worker (electron/worker/host.ts) the serving process owns the job: it answers progress.get from the
 * reports sent here through the sink, and cancels by setting the job's flag, an Int32Array over memory it
 * shares with the worker, so a job busy in a synchronous transaction sees it without waiting for its own turn
 * of the event loop. In-process (tests, tools) both are kept here. Kept per app, the 50 most recently used.
 */
interface Job {
  progress: unknown;
  /** [0] is 1 once cancellation was asked for. */
  cancel: Int32Array;
  lastSent: number;
}

type ProgressSink = (jobId: string, progress: unknown) => void;

const jobs = new WeakMap<LedgerApp, Map<string, Job>>();
const sinks = new WeakMap<LedgerApp, ProgressSink>();
/** The serving process polls every few hundred ms: more reports than this would only cost messages. */
const SEND_EVERY_MS = 100;

function jobOf(app: LedgerApp, jobId: string): Job {
  let m = jobs.get(app);
  if (!m) jobs.set(app, (m = new Map()));
  const job = m.get(jobId) ?? { progress: null, cancel: new Int32Array(1), lastSent: 0 };
  m.delete(jobId); // re-insert: the map's order is then the order of last use
  m.set(jobId, job);
  if (m.size > 50) m.delete(m.keys().next().value as string);
  return job;
}

/** Reports how far a job has come; a no-op for a call without a job id. Never throws (see throwIfCancelled). */
export function reportProgress<P>(app: LedgerApp, jobId: string | undefined, p: P): void {
  if (!jobId) return;
  const job = jobOf(app, jobId);
  const step = (job.progress as { step?: unknown } | null)?.step;
  job.progress = p;
  const sink = sinks.get(app);
  if (!sink) return;
  const now = performance.now();
  const last = (p as { done?: number; total?: number }).done === (p as { total?: number }).total;
  if (last || step !== (p as { step?: unknown }).step || now - job.lastSent >= SEND_EVERY_MS) {
    job.lastSent = now;
    sink(jobId, p);
  }
}

export function jobProgress<P>(app: LedgerApp, jobId: string): P | null {
  return (jobs.get(app)?.get(jobId)?.progress as P | undefined) ?? null;
}

/** Asks a job to stop at its next safe point. True when the job was known (running, or not started yet). */
export function cancelJob(app: LedgerApp, jobId: string): boolean {
  const known = !!jobs.get(app)?.has(jobId);
  Atomics.store(jobOf(app, jobId).cancel, 0, 1);
  return known;
}

export function isCancelled(app: LedgerApp, jobId: string | undefined): boolean {
  if (!jobId) return false;
  const job = jobs.get(app)?.get(jobId);
  return !!job && Atomics.load(job.cancel, 0) === 1;
}

export class CancelledError extends AppError {
  constructor(message = '已取消,没有做任何改动。') {
    super('CANCELLED', message);
  }
}

/**
 * A job's safe point: throws CancelledError when the clerk asked to stop. A job calls it only where stopping
 * leaves nothing half-done — inside its transaction (the throw rolls everything back), or before it writes.
 */
export function throwIfCancelled(app: LedgerApp, jobId: string | undefined, message?: string): void {
  if (isCancelled(app, jobId)) throw new CancelledError(message);
}

/** The worker host: the job's cancel flag is the one the serving process shares; its reports go to `sink`. */
export function attachJob(app: LedgerApp, jobId: string, cancel: Int32Array): void {
  const job = jobOf(app, jobId);
  if (Atomics.load(job.cancel, 0) === 1) Atomics.store(cancel, 0, 1);
  job.cancel = cancel;
}

export function setProgressSink(app: LedgerApp, sink: ProgressSink): void {
  sinks.set(app, sink);
}

/**
 * A long job's loop in one call: reports `step` at done/total, then stops the job here if the clerk asked
 * (a safe point, see throwIfCancelled). Cheap enough to call every few hundred items.
 */
export function jobStep(app: LedgerApp, jobId: string | undefined, step: string, done: number, total: number): void {
  if (!jobId) return;
  reportProgress(app, jobId, { step, done, total });
  throwIfCancelled(app, jobId);
}
