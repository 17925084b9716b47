import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import type { ImportDefaults, ImportPreview, ImportSummary, PreviewRow } from '../../shared/import/contract';
import type { JobProgress } from '../../shared/system/progressContract';
import { autoMap, detectHeader, headerTexts, type DetectedHeader } from '../../shared/import/header';
import { IMPORT_KIND_LABELS, NATURAL_KEYS, importColumns, type ImportKind } from '../../shared/import/kinds';
import { cellText, normaliseKey, showCell } from '../../shared/import/cells';
import { ENTITIES } from '../../shared/domain/entities';
import type { FieldSpec } from '../../shared/domain/fields';
import type { LedgerApp } from '../app';
import { maskValue } from '../records/mask';
import { createBackupSync } from '../backup/service';
import type { Actor } from '../records/actor';
import { recordEvent } from '../system/audit';
import type { TextEncoding } from './csv';
import { loadLookups } from './lookups';
import { jobProgress, reportProgress, throwIfCancelled } from '../system/progress';
import { planImport, type Plan, type PlannedRow, type StepsOf, type StepWrites } from './plan';
import { summariseWarnings } from './warnings';
import { importQuestions, openQuestionsMessage } from './questions';
import { yearOptions, type YearOption } from './year';
import { FORMAT_LABELS, readWorkbook, type SheetFormat, type WorkbookSheet } from './workbook';

/** An example cell shown beside a column: personal data masked like everywhere else (spec §8). */
function maskedSample(kind: ImportKind, key: string | undefined, sample: string): string {
  const sensitive = key ? (ENTITIES[kind].fields as Record<string, FieldSpec>)[key]?.sensitive : undefined;
  if (sensitive) return maskValue(sensitive, sample);
  // Unmapped columns too: a 身份证 or mobile number is masked by its look.
  if (/^\d{15}$|^\d{17}[\dXx]$/.test(sample)) return maskValue('idCard', sample);
  if (/^1\d{10}$/.test(sample)) return maskValue('phone', sample);
  return sample;
}

/** A file being imported: kept in memory between the preview and the commit (never written anywhere). */
interface Session {
  id: string;
  userId: string;
  kind: ImportKind;
  fileName: string;
  bytes: Buffer;
  encoding?: TextEncoding;
  format: SheetFormat;
  sheets: WorkbookSheet[];
  sheet: WorkbookSheet;
  header: DetectedHeader;
  mapping: Map<number, string>;
  remembered: boolean;
  defaults: ImportDefaults;
  /** Years the title, sheet name or file name offer for rows without one (a choice, never taken alone). */
  years: YearOption[];
  createdAt: number;
  /** The last preview's plan and the database's change count when it was made. */
  planned?: { plan: Plan; changes: number };
}

const MAX_SESSIONS = 4;
const PREVIEW_ROWS = 3000;

/**
 * The import flow of spec §7: read the file, find the header, map the columns (remembered per layout),
 * check every row as a save would, then write the valid rows in one transaction, or none.
 */
export class ImportService {
  private readonly sessions = new Map<string, Session>();
  constructor(private readonly app: LedgerApp) {}

  getProgress(jobId: string): JobProgress | null {
    return jobProgress<JobProgress>(this.app, jobId);
  }

  async preview(
    input: { kind: ImportKind; fileName: string; dataBase64: string; encoding?: TextEncoding; sheetName?: string; jobId?: string },
    actor: Actor,
  ): Promise<ImportPreview> {
    const bytes = Buffer.from(input.dataBase64, 'base64');
    if (bytes.length === 0) throw new AppError('VALIDATION', '文件是空的,请选择有内容的台账文件。');
    this.setProgress(input.jobId, 'reading', 0, 0);
    const book = readWorkbook(input.fileName, bytes, { encoding: input.encoding });
    // Hidden sheets are helper lists or old copies, not the ledger.
    const sheets = book.sheets.filter((g) => !g.hidden);
    if (sheets.length === 0) throw new AppError('VALIDATION', `“${input.fileName}”里没有可见的工作表。`);
    const columns = importColumns(input.kind);
    const pick = this.pickSheet(sheets, input.kind, input.sheetName);
    const header = detectHeader(pick.rows, columns);
    if (header.matched === 0)
      throw new AppError(
        'VALIDATION',
        `在“${input.fileName}”${sheets.length > 1 ? `的工作表“${pick.name}”` : ''}里没有找到${IMPORT_KIND_LABELS[input.kind]}的表头(如“${columns
          .filter((c) => c.required)
          .map((c) => c.label)
          .join('”“')}”)。请确认选择的台账类型和文件是否对应,表头是否在前 30 行内。`,
      );
    const remembered = this.rememberedMapping(input.kind, pick, header);
    const session: Session = {
      id: randomUUID(),
      userId: actor.userId,
      kind: input.kind,
      fileName: input.fileName,
      bytes,
      encoding: book.encoding,
      format: book.format,
      sheets,
      sheet: pick,
      header,
      mapping: remembered ?? this.autoMapping(pick, header, input.kind),
      remembered: !!remembered,
      defaults: this.initialDefaults(),
      years: yearOptions({ titleRows: pick.rows.slice(0, header.row), sheetName: pick.name, fileName: input.fileName }),
      createdAt: Date.now(),
    };
    this.keep(session);
    return this.buildPreview(session, input.jobId);
  }

  async remap(
    input: {
      previewId: string;
      mapping: Record<string, string | null>;
      defaults?: ImportDefaults;
      encoding?: TextEncoding;
      sheetName?: string;
      jobId?: string;
    },
    actor: Actor,
  ): Promise<ImportPreview> {
    const s = this.session(input.previewId, actor);
    const sheetChanged = input.sheetName && input.sheetName !== s.sheet.name;
    if ((input.encoding && input.encoding !== s.encoding) || sheetChanged) {
      // Another encoding or sheet is another table: start over from the bytes, keeping the defaults.
      const fresh = await this.preview(
        {
          kind: s.kind,
          fileName: s.fileName,
          dataBase64: s.bytes.toString('base64'),
          encoding: input.encoding ?? s.encoding,
          sheetName: input.sheetName,
          jobId: input.jobId,
        },
        actor,
      );
      this.sessions.delete(s.id);
      if (!input.defaults) return fresh;
      const next = this.session(fresh.previewId, actor);
      next.defaults = { ...input.defaults };
      return this.buildPreview(next, input.jobId);
    }
    const known = new Set(importColumns(s.kind).map((c) => c.key));
    const mapping = new Map<number, string>();
    for (const [i, key] of Object.entries(input.mapping)) {
      if (key === null) continue;
      if (!known.has(key)) throw new AppError('VALIDATION', `不认识的列:${key}`);
      if ([...mapping.values()].includes(key))
        throw new AppError('VALIDATION', `“${importColumns(s.kind).find((c) => c.key === key)?.label}”被选给了两列,请只选一列`);
      mapping.set(Number(i), key);
    }
    s.mapping = mapping;
    s.remembered = false;
    if (input.defaults) s.defaults = { ...input.defaults };
    return this.buildPreview(s, input.jobId);
  }

  /** Writes the rows in one transaction (mode all: nothing at all if any row has an error). */
  async commit(input: { previewId: string; mode: 'valid' | 'all'; jobId?: string }, actor: Actor): Promise<ImportSummary> {
    const s = this.session(input.previewId, actor);
    // The preview's plan holds if nothing was written since; otherwise it is made again.
    const reused = !!s.planned && s.planned.changes === this.changeCount();
    const plan = reused ? s.planned!.plan : await this.plan(s);
    if (plan.blockers.length) throw new AppError('VALIDATION', plan.blockers[0]);
    const unanswered = openQuestionsMessage(importQuestions(s.kind, plan, s.defaults, s.years));
    if (unanswered) throw new AppError('VALIDATION', unanswered);
    const errors = plan.rows.filter((r) => r.action === 'error');
    if (input.mode === 'all' && errors.length)
      throw new AppError(
        'VALIDATION',
        `有 ${errors.length} 行有错误(第一处在第 ${errors[0].row} 行:${errors[0].issues[0]?.message ?? ''}),按“全部无误才导入”的选择,没有导入任何数据。请改正后重新导入,或选择“只导入无误的行”。`,
      );
    const writes = plan.rows.filter((r) => r.create || r.update);
    const backup = writes.length ? createBackupSync(this.app.store.sqlite, this.app.dataDir, 'import') : null;
    const failed: { row: number; message: string }[] = errors.map((r) => ({
      row: r.row,
      message: r.issues.find((i) => i.level === 'error')?.message ?? '',
    }));
    let created = 0;
    let updated = 0;
    let steps = 0;
    const trusted = reused && !rowsCanClash(s.kind, writes);
    this.app.run.tx(() => {
      for (const [i, r] of writes.entries()) {
        // Cancelled: the throw rolls the whole transaction back, so nothing of this import is written.
        throwIfCancelled(this.app, input.jobId, '已取消导入,没有导入任何数据。');
        reportProgress<JobProgress>(this.app, input.jobId, { step: '正在导入', done: i, total: writes.length });
        try {
          // Each row in its own savepoint (with its dated steps): in mode valid a row refused now is left
          // out, the rest stays. A create the preview checked in this very state of the database is not
          // checked again (the import's hot path); otherwise every row goes through the full checks.
          const write = () => {
            let id = r.update?.id;
            if (r.create && trusted && r.checked) id = this.app.records.createChecked(s.kind, r.checked, actor).record.id;
            else if (r.create) id = this.app.records.create(s.kind, r.create, actor, { fromLedger: true }).record.id;
            else if (r.update) this.app.records.update(s.kind, r.update, actor, { fromLedger: true });
            if (r.steps && id) steps += this.writeSteps(id, r.steps, `由“${s.fileName}”第 ${r.row} 行导入`, actor);
          };
          // A record alone is its own savepoint already; with its steps the row needs one around both.
          if (r.steps) this.app.run.tx(write);
          else write();
          if (r.create) created++;
          else updated++;
        } catch (e) {
          if (input.mode === 'all' || !(e instanceof AppError)) throw e;
          failed.push({ row: r.row, message: e.message });
        }
      }
      const skipped = plan.rows.filter((r) => r.action === 'skip').length;
      recordEvent(this.app, actor, {
        action: 'import',
        entity: s.kind,
        note: `${IMPORT_KIND_LABELS[s.kind]}“${s.fileName}”:新增 ${created},更新 ${updated},未变化 ${skipped},未导入 ${failed.length}${steps ? `,环节日期 ${steps}` : ''}`,
      });
      this.remember(s);
    });
    const skipped = plan.rows.filter((r) => r.action === 'skip').length;
    failed.sort((a, b) => a.row - b.row);
    this.sessions.delete(s.id);
    return {
      created,
      updated,
      skipped,
      failed,
      backupName: backup?.name ?? null,
      message: `导入完成:新增 ${created} 条,更新 ${updated} 条,${skipped} 条与已有记录相同未变化${steps ? `;记入改造进度环节日期 ${steps} 个` : ''}${failed.length ? `,${failed.length} 行有错误未导入` : ''}。`,
    };
  }

  /** A household's steps dated by its ledger row: who did them is not on the sheet, so the step says so. */
  private writeSteps(householdId: string, w: StepWrites, note: string, actor: Actor): number {
    for (const st of w.create)
      this.app.records.create('householdSteps', { householdId, step: st.step, date: st.date, byName: '台账导入', note }, actor, {
        fromLedger: true,
      });
    for (const st of w.update)
      this.app.records.update('householdSteps', { id: st.id, patch: { date: st.date } }, actor, { fromLedger: true });
    return w.create.length + w.update.length;
  }

  private async plan(s: Session, jobId?: string): Promise<Plan> {
    const columns = importColumns(s.kind);
    const headers = new Map(s.header.columns.map((c) => [c.index, c.header]));
    return planImport(
      {
        kind: s.kind,
        rows: s.sheet.rows,
        firstDataRow: s.header.row + 1 + s.header.skipAfter,
        mapping: s.mapping,
        headers,
        columns,
        // Until the clerk answers, rows are checked with the first year the file offers; the commit waits for the answer.
        defaults: { ...s.defaults, year: s.defaults.year ?? s.years[0]?.value },
        hiddenRows: s.sheet.hiddenRows,
        lookups: loadLookups(this.app.store.db, this.app.run, s.kind, this.app.area()),
        records: this.app.records,
        today: this.app.today(),
        area: this.app.area(),
        ...(s.kind === 'households' ? this.householdState() : {}),
      },
      (done, total) => this.setProgress(jobId, 'checking', done, total),
    );
  }

  /** What a re-imported household has already: its dated steps and whether an item is done. */
  private householdState(): { stepsOf: StepsOf; hasDoneItem: (id: string) => boolean } {
    const steps = this.app.store.sqlite.prepare('SELECT id, step, date FROM household_steps WHERE householdId = ? AND deletedAt IS NULL');
    const done = this.app.store.sqlite.prepare(
      'SELECT 1 FROM household_items WHERE householdId = ? AND deletedAt IS NULL AND done = 1 LIMIT 1',
    );
    return { stepsOf: (id) => steps.all(id) as ReturnType<StepsOf>, hasDoneItem: (id) => done.get(id) !== undefined };
  }

  /** Rows changed on this connection since it opened: any write in between makes a preview stale. */
  private changeCount(): number {
    return (this.app.store.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  private async buildPreview(s: Session, jobId?: string): Promise<ImportPreview> {
    const plan = await this.plan(s, jobId);
    s.planned = { plan, changes: this.changeCount() };
    this.setProgress(jobId, 'done', plan.rows.length, plan.rows.length);
    const count = (a: string) => plan.rows.filter((r) => r.action === a).length;
    // Warnings shared by many rows are said once above the table; each row keeps what is its own.
    const { rows: planned, summaries } = summariseWarnings(plan.rows);
    const flagged = planned.filter((r) => r.issues.length);
    const rest = planned.filter((r) => !r.issues.length);
    // Only what the page shows: the values to write (full 身份证号 and names) stay in the main process.
    const shown: PreviewRow[] = [...flagged, ...rest].slice(0, PREVIEW_ROWS).map(({ create: _c, update: _u, checked: _k, ...row }) => row);
    const columns = importColumns(s.kind);
    const hidden = (c: { index: number }) => s.sheet.hiddenColumns.has(c.index);
    const unmapped = s.header.columns.filter(
      (c) => !s.mapping.has(c.index) && !hidden(c) && !/^(序号|编号|栏次)$/.test(normaliseKey(c.header)),
    );
    const notes = [...plan.notes];
    if (unmapped.length)
      notes.push(`这些列没有对应的项目,不会导入:${unmapped.map((c) => `“${c.header}”`).join('、')}。如有需要,可在列对应中选择。`);
    const hiddenUnmapped = s.header.columns.filter((c) => hidden(c) && !s.mapping.has(c.index));
    if (hiddenUnmapped.length)
      notes.push(
        `这些列在表中是隐藏的,不会导入:${hiddenUnmapped.map((c) => `“${c.header}”`).join('、')}。隐藏的列不会自动对应;如确需导入,请在列对应中选择。`,
      );
    const dataStart = s.header.row + 1 + s.header.skipAfter;
    return {
      previewId: s.id,
      kind: s.kind,
      fileName: s.fileName,
      sheetName: s.sheet.name,
      sheets: s.sheets.map((g) => g.name),
      encoding: s.encoding ?? null,
      format: FORMAT_LABELS[s.format],
      headerRow: s.header.row + 1,
      columns: s.header.columns.map((c) => ({
        index: c.index,
        header: c.header,
        key: s.mapping.get(c.index) ?? null,
        sample: maskedSample(
          s.kind,
          s.mapping.get(c.index),
          showCell(
            s.sheet.rows
              .slice(dataStart, dataStart + 40)
              .filter((_, i) => !s.sheet.hiddenRows.has(dataStart + i))
              .map((r) => r[c.index] ?? null)
              .find((x) => cellText(x) !== '') ?? null,
          ),
        ),
        hidden: s.sheet.hiddenColumns.has(c.index),
      })),
      available: columns.map((c) => ({ key: c.key, label: c.label, required: !!c.required })),
      rememberedMapping: s.remembered,
      defaults: s.defaults,
      notes,
      blockers: plan.blockers,
      sharedWarnings: summaries,
      questions: importQuestions(s.kind, plan, s.defaults, s.years),
      counts: {
        total: plan.rows.length,
        create: count('create'),
        update: count('update'),
        skip: count('skip'),
        error: count('error'),
        warning: planned.filter((r) => r.action !== 'error' && r.issues.some((i) => i.level === 'warning')).length,
      },
      rows: shown,
      naturalKey: NATURAL_KEYS[s.kind],
    };
  }

  private pickSheet(sheets: WorkbookSheet[], kind: ImportKind, name?: string): WorkbookSheet {
    if (name) {
      const s = sheets.find((g) => g.name === name);
      if (!s) throw new AppError('VALIDATION', `文件中没有名为“${name}”的工作表`);
      return s;
    }
    // The sheet whose header names the most known columns: the ledger, not its 说明 or 汇总 sheet.
    const columns = importColumns(kind);
    return sheets.map((g) => ({ g, m: detectHeader(g.rows, columns).matched })).sort((a, b) => b.m - a.m)[0].g;
  }

  private autoMapping(sheet: WorkbookSheet, header: DetectedHeader, kind: ImportKind): Map<number, string> {
    // A hidden column is an old copy or a helper beside the visible one (a hidden 床位数 next to the visible):
    // it is never mapped by itself, only when the clerk chooses it.
    return autoMap(
      header.columns
        .filter((c) => !sheet.hiddenColumns.has(c.index))
        .map((c) => ({ index: c.index, texts: headerTexts(sheet.rows, header.row, c.index) })),
      importColumns(kind),
    );
  }

  private initialDefaults(): ImportDefaults {
    const area = [...this.app.area()];
    // No year: a file's year comes from the file and the clerk, never from today's date (issue 12.1).
    return area.length === 1 ? { townshipCode: area[0] } : {};
  }

  /** A layout is its list of headers: the same ledger next quarter gets the clerk's mapping back. */
  private layoutKey(kind: ImportKind, header: DetectedHeader): string {
    const h = createHash('sha256')
      .update(header.columns.map((c) => `${c.index}:${normaliseKey(c.header)}`).join('|'))
      .digest('hex')
      .slice(0, 24);
    return `import.mapping.${kind}.${h}`;
  }

  private rememberedMapping(kind: ImportKind, sheet: WorkbookSheet, header: DetectedHeader): Map<number, string> | null {
    const row = this.app.run.first(this.app.store.db.selectFrom('meta').select('value').where('key', '=', this.layoutKey(kind, header)));
    if (!row) return null;
    const known = new Set(importColumns(kind).map((c) => c.key));
    const width = Math.max(...header.columns.map((c) => c.index)) + 1;
    const saved = JSON.parse(row.value) as [number, string][];
    if (!saved.every(([i, k]) => known.has(k) && i < width)) return this.autoMapping(sheet, header, kind);
    return new Map(saved);
  }

  private remember(s: Session) {
    const key = this.layoutKey(s.kind, s.header);
    const value = JSON.stringify([...s.mapping]);
    this.app.run.run(
      this.app.store.db
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
    );
  }

  private session(id: string, actor: Actor): Session {
    const s = this.sessions.get(id);
    if (!s || s.userId !== actor.userId)
      throw new AppError('NOT_FOUND', '这次导入的预览已失效(可能已经导入过,或软件重新打开过)。请重新选择文件。');
    return s;
  }

  private keep(s: Session) {
    this.sessions.set(s.id, s);
    // A clerk works on one file at a time; old previews only hold memory.
    const old = [...this.sessions.values()].sort((a, b) => a.createdAt - b.createdAt);
    while (old.length > MAX_SESSIONS) this.sessions.delete(old.shift()!.id);
  }

  /** Reported like every long call (progress.get): what it is doing, in the clerk's words, and how far. */
  private setProgress(jobId: string | undefined, phase: 'reading' | 'checking' | 'done', done: number, total: number) {
    const step = phase === 'reading' ? '正在读取文件' : phase === 'checking' ? '正在核对' : '核对完成';
    reportProgress<JobProgress>(this.app, jobId, { step, done, total });
  }
}

/**
 * Whether two rows of one file could break a rule together that each passes alone, so the preview's checks
 * (made row by row against the database) cannot stand for the commit. Natural keys are unique within a file
 * already (the plan refuses a repeated key); what remains is one 身份证号 in two households of different years.
 */
function rowsCanClash(kind: ImportKind, writes: PlannedRow[]): boolean {
  if (kind !== 'households') return false;
  const seen = new Set<string>();
  for (const r of writes) {
    const id = (r.checked?.value.idCard ?? r.create?.idCard ?? r.update?.patch.idCard) as string | undefined;
    if (!id) continue;
    const key = String(id).toUpperCase();
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}
