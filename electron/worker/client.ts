import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { progressContract } from '../../shared/system/progressContract';
import { AppError, type ApiErrorBody, type Envelope } from '../../shared/api/errors';
import type { JobProgress } from '../../shared/system/progressContract';
import type { DesktopHost, Session } from '../api/types';
import type { BackupInfo } from '../backup/service';
import type { CheckOutcome } from './dataCheck';
import type { DataCheckResult, FromWorker, StoreOptions, ToWorker } from './protocol';
import type { Relay } from './relay';
import { startThread } from './threads';

export interface StoreClientOptions extends Omit<StoreOptions, 'desktop' | 'restart' | 'sessions'> {
  /** The desktop window's print preview and save dialog (Electron); the browser bridge has none. */
  desktop?: DesktopHost;
  /** How long after the start the background check of the file begins (default 2 s: the window first). */
  dataCheckDelayMs?: number;
  /** Start the built bundle from this folder even when running from source (the bench: the real start). */
  bundleDir?: string;
}

/** The store could not open the data: DB_NEWER, DB_CORRUPT (then with the newest good backup, if any), … */
export class StoreStartError extends AppError {
  constructor(
    body: ApiErrorBody,
    readonly goodBackup: BackupInfo | null,
  ) {
    super(body.code, body.message);
  }
}

export interface StoreClientEvents {
  /** The worker died unexpectedly; calls in flight were answered with `message`; a restart follows. */
  crash: [message: string];
  restarted: [];
  /** It died again and again, or could not open the data on restart: every call now answers `message`. */
  down: [message: string];
  /** The background check of the whole file answered. */
  'data-check': [result: DataCheckResult];
}

export const CRASH_MESSAGE =
  '程序的数据服务意外停止,已自动重新启动;已经保存的数据不受影响。刚才这项操作可能没有完成,请查看结果后再试一次。';
const CLOSING_MESSAGE = '程序正在退出,这项操作没有进行。';
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 60_000;

interface Pending {
  session: string;
  jobId?: string;
  resolve(e: Envelope<unknown>): void;
}

interface Job {
  owner: string;
  callId: number;
  cancel: Int32Array;
  progress: JobProgress | null;
}

/**
 * The serving process's side of the store worker (host.ts). One call is one message; the answer comes back
 * with the session's state, which is mirrored here so a restarted worker keeps every window's login. While
 * a job runs, its progress reports arrive here and progress.get / progress.cancel are answered here, at once,
 * however busy the worker is. A crash of the worker answers the calls in flight with a clear message and
 * starts a new worker on the same file; what was committed is there (SQLite, synchronous=FULL).
 */
export class StoreClient extends EventEmitter<StoreClientEvents> implements Relay {
  private worker: Worker | null = null;
  private state: 'starting' | 'ready' | 'closing' | 'closed' | 'down' = 'starting';
  /** Calls that arrive while a worker is (re)starting wait for it. */
  private waiting: (() => void)[] = [];
  private downMessage = '';
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly jobs = new Map<string, Job>();
  private readonly sessions = new Map<string, Session>();
  private readonly crashes: number[] = [];
  private checker: Worker | null = null;
  private checkTimer: ReturnType<typeof setTimeout> | null = null;
  /** How long the last start took inside the worker (open + migrations + reference data), for the bench. */
  openMs = 0;

  private constructor(private readonly opts: StoreClientOptions) {
    super();
  }

  /** Starts the worker and resolves once the data is open; rejects with a StoreStartError if it cannot be. */
  static async start(opts: StoreClientOptions): Promise<StoreClient> {
    const client = new StoreClient(opts);
    await client.boot({ recoverFrom: opts.recoverFrom });
    return client;
  }

  call(session: string, method: unknown, input: unknown): Promise<Envelope<unknown>> {
    if (method === 'progress.get' || method === 'progress.cancel') return Promise.resolve(this.jobCall(session, method, input));
    return this.send(session, method, input);
  }

  endSession(session: string): void {
    this.sessions.delete(session);
    this.worker?.postMessage({ type: 'end-session', session } satisfies ToWorker);
  }

  private async send(session: string, method: unknown, input: unknown): Promise<Envelope<unknown>> {
    while (this.state === 'starting') await new Promise<void>((r) => this.waiting.push(r));
    if (this.state !== 'ready') return failure(this.state === 'down' ? this.downMessage : CLOSING_MESSAGE);
    const worker = this.worker as Worker;
    const id = ++this.seq;
    const jobId = this.jobFor(session, id, input);
    const cancel = jobId ? (this.jobs.get(jobId) as Job).cancel.buffer : undefined;
    return new Promise((resolve) => {
      this.pending.set(id, { session, jobId, resolve });
      try {
        worker.postMessage({ type: 'call', id, session, method, input, jobId, cancel: cancel as SharedArrayBuffer } satisfies ToWorker);
      } catch {
        // The input cannot be copied (it came from our own bridges, so this is a bug): refuse, never hang.
        this.settle(id, failure('提交的内容无法处理,请重试。', 'BAD_REQUEST'), null);
      }
    });
  }

  /** A call carrying a job id gets a cancel flag shared with the worker; an id another session uses is ignored. */
  private jobFor(session: string, callId: number, input: unknown): string | undefined {
    const jobId = (input as { jobId?: unknown } | null)?.jobId;
    if (typeof jobId !== 'string' || !/^[\w-]{8,64}$/.test(jobId)) return undefined;
    const existing = this.jobs.get(jobId);
    if (existing && existing.owner !== session) return undefined;
    this.jobs.set(jobId, { owner: session, callId, cancel: new Int32Array(new SharedArrayBuffer(4)), progress: null });
    return jobId;
  }

  /** progress.get and progress.cancel, answered here: only the session that started the job sees it. */
  private jobCall(session: string, method: 'progress.get' | 'progress.cancel', input: unknown): Envelope<unknown> {
    const parsed = progressContract[method].input.safeParse(input);
    if (!parsed.success) return failure('任务编号无效。', 'VALIDATION');
    const job = this.jobs.get(parsed.data.jobId);
    const mine = job && job.owner === session ? job : null;
    if (method === 'progress.get') return { ok: true, value: mine?.progress ?? null };
    if (mine) Atomics.store(mine.cancel, 0, 1);
    return { ok: true, value: { cancelling: !!mine } };
  }

  private setState(state: StoreClient['state']): void {
    this.state = state;
    if (state === 'starting') return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w();
  }

  private boot(extra: Pick<StoreOptions, 'recoverFrom' | 'restart'>): Promise<void> {
    this.setState('starting');
    const { desktop, dataCheckDelayMs: _d, bundleDir, ...rest } = this.opts;
    const workerData: StoreOptions = {
      ...rest,
      recoverFrom: extra.recoverFrom,
      restart: extra.restart,
      desktop: !!desktop,
      sessions: [...this.sessions],
    };
    const worker = startThread('store', { workerData }, bundleDir);
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      const refuse = (body: ApiErrorBody, goodBackup: BackupInfo | null) => {
        this.worker = null; // it ends by itself: not a crash
        this.downMessage = body.message;
        this.setState('down');
        reject(new StoreStartError(body, goodBackup));
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          started = true;
          this.openMs = m.openMs;
          this.setState('ready');
          if (!m.checkedAtStart) this.scheduleDataCheck();
          resolve();
        } else if (m.type === 'failed') refuse(m.error, m.goodBackup);
        else this.onMessage(worker, m);
      });
      worker.on('error', (e) => console.error('[worker] uncaught error in the store worker', e));
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        if (!started) return refuse({ code: 'INTERNAL', message: `程序的数据服务没有启动(代码 ${code}),请关闭并重新打开程序。` }, null);
        this.worker = null;
        this.onExit();
      });
    });
  }

  private onMessage(worker: Worker, m: FromWorker): void {
    switch (m.type) {
      case 'result':
        this.settle(m.id, m.envelope, m.session);
        break;
      case 'progress': {
        const job = this.jobs.get(m.jobId);
        if (job) job.progress = m.progress as JobProgress;
        break;
      }
      case 'host':
        void this.hostOp(worker, m);
        break;
    }
  }

  private settle(id: number, envelope: Envelope<unknown>, session: Session | null | undefined): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (session) this.sessions.set(p.session, session);
    else if (session === null) this.sessions.delete(p.session);
    if (p.jobId && this.jobs.get(p.jobId)?.callId === id) this.jobs.delete(p.jobId);
    p.resolve(envelope);
  }

  /** The worker asks for a print preview or a save dialog: only the main process has windows. */
  private async hostOp(worker: Worker, m: Extract<FromWorker, { type: 'host' }>): Promise<void> {
    let reply: ToWorker;
    try {
      const desktop = this.opts.desktop;
      if (!desktop) throw new Error('no desktop host');
      const value =
        m.op === 'printPreview'
          ? await desktop.printPreview(m.args[0] as { title: string; html: string })
          : await desktop.saveFile(m.args[0] as string, m.args[1] as Uint8Array);
      reply = { type: 'host-reply', id: m.id, ok: true, value };
    } catch (e) {
      reply = { type: 'host-reply', id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    if (this.worker === worker) worker.postMessage(reply);
  }

  /** The worker ended without being asked to: answer what was in flight, then start a new one. */
  private onExit(): void {
    const closing = this.state === 'closing' || this.state === 'closed';
    for (const id of [...this.pending.keys()]) this.settle(id, failure(closing ? CLOSING_MESSAGE : CRASH_MESSAGE), undefined);
    this.jobs.clear();
    if (closing) return;
    console.error('[worker] the store worker stopped unexpectedly; restarting it');
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length && now - this.crashes[0] > CRASH_WINDOW_MS) this.crashes.shift();
    this.emit('crash', CRASH_MESSAGE);
    if (this.crashes.length >= MAX_CRASHES) return this.goDown('程序的数据服务多次意外停止。请关闭并重新打开程序;已经保存的数据不受影响。');
    this.boot({ restart: true }).then(
      () => this.emit('restarted'),
      (e: unknown) => this.goDown((e as Error).message),
    );
  }

  private goDown(message: string): void {
    this.downMessage = message;
    this.setState('down');
    this.emit('down', message);
  }

  /** The whole-file check, in the background once the window is usable (see dataCheck.ts). */
  private scheduleDataCheck(attempt = 0): void {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => this.runDataCheck(attempt), attempt ? 60_000 : (this.opts.dataCheckDelayMs ?? 2000));
    this.checkTimer.unref();
  }

  private runDataCheck(attempt: number): void {
    const file = join(this.opts.dataDir, 'ledger.sqlite');
    const checker = startThread('dataCheck', { workerData: { file, dataDir: this.opts.dataDir } }, this.opts.bundleDir);
    this.checker = checker;
    checker.unref();
    checker.once('message', (r: CheckOutcome) => {
      if (this.state !== 'ready' && this.state !== 'starting') return;
      if ('retry' in r) {
        console.error('[worker] the background data check could not run:', r.retry);
        if (attempt < 2) this.scheduleDataCheck(attempt + 1);
        return;
      }
      // A restore replaced the file meanwhile: this answer is about the old one.
      if (statSync(file, { throwIfNoEntry: false })?.ino !== r.ino) return this.runDataCheck(attempt);
      const { ino: _ino, ...result } = r;
      this.worker?.postMessage({ type: 'data-check', result } satisfies ToWorker);
      this.emit('data-check', result);
    });
    checker.once('error', (e) => console.error('[worker] the background data check failed', e));
    checker.once('exit', () => this.checker === checker && (this.checker = null));
  }

  /**
   * Replaces a damaged database by a backup the clerk chose (the damaged file is kept) and goes on with a
   * new worker on it; the windows stay logged in. Rejects (and the store is down) if that fails.
   */
  async recover(backupName: string): Promise<void> {
    await this.stopWorker();
    await this.boot({ recoverFrom: backupName });
  }

  /**
   * Closes the database cleanly: waits for the calls in flight (a commit finishes rather than being cut off),
   * then the worker closes the store and removes its running marker. Later calls are refused.
   */
  async close(graceMs = 15_000): Promise<void> {
    if (this.state === 'closed') return;
    this.setState('closing');
    await this.stopWorker(graceMs);
    this.setState('closed');
  }

  private async stopWorker(graceMs = 15_000): Promise<void> {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    void this.checker?.terminate();
    if (this.state !== 'closing') this.setState('starting'); // calls wait for the next worker meanwhile
    const end = Date.now() + graceMs;
    while (this.pending.size && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage({ type: 'close' } satisfies ToWorker);
    });
    for (const id of [...this.pending.keys()]) this.settle(id, failure(CLOSING_MESSAGE), undefined);
    this.jobs.clear();
  }
}

function failure(message: string, code: ApiErrorBody['code'] = 'INTERNAL'): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/**
 * The slow-query log's threshold: LEDGER_SLOW_QUERY_MS when set (0: off), else 40 ms in development (an
 * unpackaged Electron, `npm run web`) and off in the installed program.
 */
export function slowQueryMsFor(development: boolean): number | null {
  const env = process.env.LEDGER_SLOW_QUERY_MS;
  if (env !== undefined && env !== '') return Number(env) > 0 ? Number(env) : null;
  return development ? 40 : null;
}
