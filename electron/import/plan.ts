import { AppError, type FieldIssue } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { FieldSpec } from '../../shared/domain/fields';
import {
  cellText,
  headerScale,
  normaliseKey,
  showCell,
  isBlank,
  type NumberUnit,
  viaSynonym,
  matchOption,
  parseDateCell,
  parseFlagCell,
  parseMonthCell,
  parseNumberCell,
  parsePhoneCell,
  splitList,
  type Cell,
  type Parsed,
} from '../../shared/import/cells';
import type { PreviewRow, RowIssue, ImportDefaults } from '../../shared/import/contract';
import { skipReason } from '../../shared/import/header';
import { stepOrder, WORKFLOW_STEPS } from '../../shared/domain/enums';
import { DEFAULT_STATUS, optionAliases, type ImportColumn, type ImportKind } from '../../shared/import/kinds';
import { maskIdCard, maskName } from '../../shared/validators/mask';
import { parseIdCard } from '../../shared/validators/idCard';
import { sameValue } from '../records/codec';
import type { Records, Validated } from '../records/service';
import { nameKey, naturalKey, resolveTownship, type Lookups } from './lookups';

/** A row of the ledger with what importing it would do. `value`/`patch` are what the write will send. */
export interface PlannedRow extends PreviewRow {
  create?: Record<string, unknown>;
  /** The create as the record service checked it in the preview (derived value, warnings, township). */
  checked?: Validated;
  update?: { id: string; patch: Record<string, unknown> };
  /** A household's workflow steps dated by the ledger: new ones, and existing ones whose date changes. */
  steps?: StepWrites;
}

export interface StepWrites {
  create: { step: string; date: string }[];
  update: { id: string; step: string; date: string }[];
}

/** A household's live workflow steps (for a re-import: what is there already). */
export type StepsOf = (householdId: string) => { id: string; step: string; date: string }[];

export interface PlanInput {
  kind: ImportKind;
  rows: Cell[][];
  /** 0-based index of the first data row. */
  firstDataRow: number;
  /** Sheet column index → app column key. */
  mapping: Map<number, string>;
  headers: Map<number, string>;
  columns: ImportColumn[];
  defaults: ImportDefaults;
  lookups: Lookups;
  records: Records;
  today: string;
  area: ReadonlySet<string>;
  stepsOf?: StepsOf;
  hasDoneItem?: (householdId: string) => boolean;
  /** 0-based rows the sheet hides; they are imported only when the clerk said so (includeHiddenRows). */
  hiddenRows?: ReadonlySet<number>;
}

export interface Plan {
  rows: PlannedRow[];
  notes: string[];
  blockers: string[];
  /** How many rows took the year of the whole file (defaults.year): the clerk must confirm it. */
  defaultYearRows: number;
  /** Whether a column of the sheet gives the year (else every row takes the file's year). */
  yearColumn: boolean;
  /** Data rows (1-based, as Excel shows them) that the sheet hides. */
  hiddenDataRows: number[];
}

/** Every data row of the sheet, checked as the record service would check it, without writing. */
export async function planImport(p: PlanInput, onProgress?: (done: number, total: number) => void): Promise<Plan> {
  const notes: string[] = [];
  const blockers = missingColumns(p);
  const skipped: Record<string, number[]> = { blank: [], total: [], footer: [], section: [], header: [] };
  const headerWords = new Set([...p.headers.values()].flatMap((h) => [h, h.split('/').pop() ?? h]).map((h) => normaliseKey(h)));
  const out: PlannedRow[] = [];
  const seen = new Map<string, number>();
  const hiddenDataRows: number[] = [];
  const used: FileFacts = { defaultYear: 0, synonyms: new Map() };
  const total = p.rows.length - p.firstDataRow;
  for (let r = p.firstDataRow; r < p.rows.length; r++) {
    // Let progress queries through on long files (better-sqlite3 reads are synchronous).
    if ((r - p.firstDataRow) % 500 === 499) {
      onProgress?.(r - p.firstDataRow, total);
      await new Promise((res) => setImmediate(res));
    }
    const cells = p.rows[r] ?? [];
    const why = skipReason(cells) ?? (repeatsHeader(cells, headerWords) ? 'header' : null);
    if (why) {
      skipped[why].push(r + 1);
      continue;
    }
    if (p.hiddenRows?.has(r)) {
      hiddenDataRows.push(r + 1);
      if (!p.defaults.includeHiddenRows) continue;
    }
    if (blockers.length) {
      // The rows are not checked, but the question of their year is still asked (a missing year is a blocker).
      if (!yearColumnMapped(p)) used.defaultYear++;
      continue;
    }
    out.push(planRow(p, cells, r + 1, seen, used));
  }
  onProgress?.(total, total);
  const list = (rows: number[]) => (rows.length > 6 ? `${rows.slice(0, 6).join('、')} 等 ${rows.length} 行` : rows.join('、'));
  for (const x of used.synonyms.values())
    notes.push(`“${x.column}”列中的“${x.from}”按“${x.to}”导入(${x.rows} 行)。如不对,请在台账中改正后重新导入。`);
  if (hiddenDataRows.length)
    notes.push(
      p.defaults.includeHiddenRows
        ? `第 ${list(hiddenDataRows)} 行在表中是隐藏的,按你的选择和其他行一样导入。`
        : `第 ${list(hiddenDataRows)} 行在表中是隐藏的,没有导入${p.defaults.includeHiddenRows === false ? '(按你的选择)' : ''}。`,
    );
  if (skipped.total.length) notes.push(`第 ${list(skipped.total)} 行是合计/小计行,没有导入。`);
  if (skipped.footer.length) notes.push(`第 ${list(skipped.footer)} 行是填表人、审核人等落款,没有导入。`);
  if (skipped.blank.length) notes.push(`跳过了 ${skipped.blank.length} 个空行。`);
  if (skipped.section.length) notes.push(`第 ${list(skipped.section)} 行是分组标题(整行只有一段文字),没有导入。`);
  if (skipped.header.length) notes.push(`第 ${list(skipped.header)} 行重复了表头,没有导入。`);
  const status = DEFAULT_STATUS[p.kind];
  const mapped = [...p.mapping.values()];
  const datedSteps = mapped.some((k) => k.startsWith('steps='));
  if (status && !mapped.includes('status'))
    notes.push(
      datedSteps
        ? `表中没有进度列:新记录的进度取表中最后一个有日期的环节,没有日期的记为“${status}”。`
        : `表中没有状态/进度列:新记录的状态记为“${status}”。`,
    );
  if (p.kind !== 'canteenMonths' && !mapped.includes('township') && p.defaults.townshipCode)
    notes.push(`表中没有乡镇(街道)列:全部记入所选乡镇。`);
  // 表3 counts a household at a step by the step's date (spec §4); a ledger gives the 进度 without dates.
  if (p.kind === 'households' && datedSteps)
    notes.push(
      `表中的${mapped
        .filter((k) => k.startsWith('steps='))
        .map((k) => `“${k.slice(6)}日期”`)
        .join('、')}记为改造进度的环节(经办人记为“台账导入”),表3 按这些日期统计。`,
    );
  else if (p.kind === 'households' && out.some((r) => r.action === 'create'))
    notes.push(
      '台账中的“进度”只记在改造户上;表3 按各环节的日期统计,新导入的改造户请在“适老化改造”中补录申请、评估等环节的日期后才会计入表3。',
    );
  return { rows: out, notes, blockers, defaultYearRows: used.defaultYear, yearColumn: yearColumnMapped(p), hiddenDataRows };
}

/** A header repeated under the data (a ledger pasted together from several sheets, print titles copied). */
function repeatsHeader(cells: Cell[], headerWords: ReadonlySet<string>): boolean {
  const filled = cells.filter((c) => !isBlank(c));
  const same = filled.filter((c) => typeof c === 'string' && headerWords.has(normaliseKey(c))).length;
  return same >= 2 && same * 2 >= filled.length;
}

function yearColumnMapped(p: PlanInput): boolean {
  const mapped = new Set(p.mapping.values());
  if (p.kind === 'households') return mapped.has('projectYear');
  // A month column gives the year where it says one (2024年5月).
  return p.kind === 'facilities' || p.kind === 'canteens' || mapped.has('year') || (p.kind === 'canteenMonths' && mapped.has('month'));
}

function missingColumns(p: PlanInput): string[] {
  const mapped = new Set(p.mapping.values());
  const out: string[] = [];
  for (const c of p.columns) {
    if (!c.required || mapped.has(c.key)) continue;
    if (c.key === 'township' && (p.defaults.townshipCode || p.area.size === 1)) continue;
    if ((c.key === 'year' || c.key === 'projectYear') && (p.defaults.year || (p.kind === 'canteenMonths' && mapped.has('month')))) continue;
    if (c.key === 'status') continue;
    out.push(
      `表中找不到“${c.label}”列。请在下方把表中对应的列选为“${c.label}”${c.key === 'township' || c.key === 'projectYear' || c.key === 'year' ? ',或在上方选择默认值' : ''}。`,
    );
  }
  return out;
}

/** What the rows of a file have in common, said once in the preview instead of on every row. */
interface FileFacts {
  defaultYear: number;
  /** Synonyms read as options, by column and word: “五保户”按“分散供养特困” (count of rows). */
  synonyms: Map<string, { column: string; from: string; to: string; rows: number }>;
}

function noteSynonym(used: FileFacts, column: string, from: string, to: string) {
  const key = `${column}\u0000${from}`;
  const had = used.synonyms.get(key);
  if (had) had.rows++;
  else used.synonyms.set(key, { column, from, to, rows: 1 });
}

function planRow(p: PlanInput, cells: Cell[], rowNo: number, seen: Map<string, number>, used: FileFacts): PlannedRow {
  const entity = ENTITIES[p.kind];
  const fields = entity.fields as Record<string, FieldSpec>;
  const issues: RowIssue[] = [];
  const v: Record<string, unknown> = {};
  let canteenName: string | null = null;
  let facilityName: string | null = null;
  const stepDates = new Map<string, { date: string; column: string }>();
  const headerOfKey = new Map<string, string>();
  /** Second phone numbers of a cell, kept in the 备注 (no record has a second phone field). */
  const extraRemarks: string[] = [];
  for (const [index, key] of p.mapping) {
    const header = p.headers.get(index) ?? `第 ${index + 1} 列`;
    headerOfKey.set(key, header);
    const cell = cells[index] ?? null;
    if (isBlank(cell)) continue;
    const col = p.columns.find((c) => c.key === key);
    if (!col) continue;
    const bad = (message: string) => issues.push({ level: 'error', column: header, message });
    if (col.kind === 'township') {
      const t = resolveTownship(p.lookups, cellText(cell));
      if ('code' in t) v.townshipCode = t.code;
      else bad(t.error);
    } else if (col.kind === 'canteen') canteenName = cellText(cell);
    else if (col.kind === 'facility') facilityName = cellText(cell);
    else if (col.kind === 'month') {
      const m = parseMonthCell(cell);
      if (!m.ok) bad(m.error);
      else if (m.value) {
        v.month = m.value.month;
        if (m.value.year && v.year === undefined) v.year = m.value.year;
      }
    } else if (col.kind === 'optionFlag') {
      const [field, option] = key.split('=');
      const f = parseFlagCell(cell);
      if (!f.ok) bad(f.error);
      else if (f.value) v[field] = [...((v[field] as string[] | undefined) ?? []), option];
    } else if (col.kind === 'stepDate') {
      const d = parseDateCell(cell);
      if (d.warning) issues.push({ level: 'warning', column: header, message: d.warning });
      if (!d.ok) bad(d.error);
      else if (d.value) stepDates.set(key.slice('steps='.length), { date: String(d.value), column: header });
    } else if (fields[key]?.sensitive === 'phone') {
      const ph = parsePhoneCell(cell);
      if (!ph.ok) bad(ph.error);
      else if (ph.value) {
        v[key] = ph.value.phone;
        if (ph.value.others.length) {
          const kept = `${fields[key].label}另有:${ph.value.others.join('、')}`;
          extraRemarks.push(kept);
          issues.push({
            level: 'warning',
            column: header,
            message: `一格里有 ${ph.value.others.length + 1} 个号码:${ph.value.phone} 记为${fields[key].label},${ph.value.others.join('、')} 记入备注`,
          });
        }
      }
    } else if (fields[key]?.sensitive === 'idCard') {
      const id = parseIdCard(typeof cell === 'number' ? cell : cellText(cell), new Date(`${p.today}T12:00:00`));
      // Stored as 18 digits with upper-case X, so a re-import matches whatever the sheet wrote (15 digits, x).
      if (id.ok) {
        v[key] = id.value;
        for (const w of id.warnings) issues.push({ level: 'warning', column: header, message: w });
      } else if (typeof cell === 'number' || id.excelDamaged) bad(id.error);
      else v[key] = cellText(cell); // the record's own rules say what is wrong with it
    } else {
      const r = coerce(p.kind, key, fields, cell, header);
      if ('warning' in r && typeof r.warning === 'string') issues.push({ level: 'warning', column: header, message: r.warning });
      if (!r.ok) bad(r.error);
      else if (r.value instanceof ListValues) {
        for (const [f, vals] of r.value.byField) v[f] = [...((v[f] as string[] | undefined) ?? []), ...vals];
        for (const [from, to] of r.value.synonyms) noteSynonym(used, header, from, to);
      } else if (r.value !== null) {
        v[key] = r.value;
        if (fields[key]?.options && typeof r.value === 'string' && viaSynonym(cell, r.value))
          noteSynonym(used, header, cellText(cell), r.value);
      }
    }
  }
  if (extraRemarks.length && 'remark' in fields) v.remark = [v.remark, ...extraRemarks].filter(Boolean).join(';');
  // A row whose year cell was refused has an error already; only rows with no year take the file's.
  const yearCellGiven = [...p.mapping].some(([i, k]) => (k === 'year' || k === 'projectYear') && !isBlank(cells[i] ?? null));
  if (applyDefaults(p, v, !yearCellGiven)) used.defaultYear++;
  resolveReferences(p, v, canteenName, facilityName, headerOfKey, issues);
  if (stepDates.size) checkStepDates(p, v, stepDates, issues);
  const title = titleOf(p, v, canteenName);
  if (issues.some((i) => i.level === 'error')) return { row: rowNo, action: 'error', title, issues };
  const key = naturalKey(p.kind, v);
  if (key) {
    const first = seen.get(key);
    if (first)
      return {
        row: rowNo,
        action: 'error',
        title,
        issues: [{ level: 'error', message: `与第 ${first} 行是同一条记录(${keyWords(p.kind)}相同),请删除重复的一行` }],
      };
    seen.set(key, rowNo);
  }
  const existing = key ? p.lookups.existing.get(key) : undefined;
  const columnOf = (field: string) =>
    headerOfKey.get(field) ??
    headerOfKey.get(
      field === 'townshipCode' ? 'township' : field === 'canteenId' ? 'canteen' : field === 'facilityId' ? 'facility' : field,
    );
  const toRowIssues = (list: FieldIssue[]) => list.map((i) => ({ level: i.level, column: columnOf(i.field), message: i.message }));
  try {
    if (existing) {
      if (!p.area.has(existing.townshipCode))
        return {
          row: rowNo,
          action: 'error',
          title,
          issues: [{ level: 'error', message: '这条记录已由其他乡镇(街道)登记,不在本单位管辖范围内,不能通过导入修改' }],
        };
      const current = p.records.getRaw(p.kind, existing.id);
      const patch: Record<string, unknown> = {};
      for (const [f, value] of Object.entries(v)) if (f in fields && !sameValue(value, current[f])) patch[f] = value;
      const steps = stepWrites(stepDates, p.stepsOf?.(existing.id) ?? []);
      const stepChanges = [...steps.create, ...steps.update].map((s) => `${s.step}日期`);
      issues.push(...acceptanceWithoutItems(steps, p.hasDoneItem?.(existing.id) ?? false, stepDates.get('竣工验收')?.column));
      if (Object.keys(patch).length === 0 && stepChanges.length === 0) return { row: rowNo, action: 'skip', title, issues };
      const merged = Object.fromEntries(Object.keys(fields).map((f) => [f, f in patch ? patch[f] : current[f]]));
      const checked = p.records.validate(p.kind, merged, existing.id);
      return {
        row: rowNo,
        action: 'update',
        title,
        issues: [...issues, ...toRowIssues(checked.issues)],
        changes: [...Object.keys(patch).map((f) => fields[f].label), ...stepChanges],
        update: { id: existing.id, patch },
        ...(stepChanges.length ? { steps } : {}),
      };
    }
    const status = DEFAULT_STATUS[p.kind];
    const value = status && v.status === undefined ? { ...v, status } : v;
    const checked = p.records.validate(p.kind, value, null);
    const steps = stepWrites(stepDates, []);
    issues.push(...acceptanceWithoutItems(steps, false, stepDates.get('竣工验收')?.column));
    return {
      row: rowNo,
      action: 'create',
      title,
      issues: [...issues, ...toRowIssues(checked.issues)],
      create: value,
      checked,
      ...(stepDates.size ? { steps } : {}),
    };
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION') {
      const list = e.fieldErrors?.length ? toRowIssues(e.fieldErrors) : [{ level: 'error' as const, message: e.message }];
      return { row: rowNo, action: 'error', title, issues: [...issues, ...list] };
    }
    throw e;
  }
}

/**
 * A ledger's step dates follow the workflow (spec §3.3: no step dated before the previous one) and are not in
 * the future. Without a 进度 column the household's status is the last step dated; a 进度 that says less than
 * the dates is pointed out. 竣工验收 without an item list is imported with a warning (see the hooks).
 */
function checkStepDates(
  p: PlanInput,
  v: Record<string, unknown>,
  dates: Map<string, { date: string; column: string }>,
  issues: RowIssue[],
) {
  const dated = WORKFLOW_STEPS.filter((s) => dates.has(s)).map((s) => ({ step: s, ...dates.get(s)! }));
  for (const d of dated)
    if (d.date > p.today) issues.push({ level: 'error', column: d.column, message: `${d.step}日期 ${d.date} 晚于今天,请核对` });
  for (let i = 1; i < dated.length; i++) {
    const before = dated[i - 1];
    if (dated[i].date < before.date)
      issues.push({
        level: 'error',
        column: dated[i].column,
        message: `“${dated[i].step}”的日期(${dated[i].date})早于上一步“${before.step}”(${before.date}),请核对`,
      });
  }
  const last = dated[dated.length - 1];
  if (v.status === undefined) v.status = last.step;
  else if (v.status !== '退出' && stepOrder(v.status) < stepOrder(last.step)) {
    // The 进度 follows the steps (as in the app), so a re-import compares with what was stored.
    issues.push({
      level: 'warning',
      message: `进度写的是“${String(v.status)}”,但表中已有“${last.step}”的日期;导入后进度记为“${last.step}”,请核对`,
    });
    v.status = last.step;
  }
}

/** 竣工验收 written for a household without a completed item: kept (see the hooks), and said. */
function acceptanceWithoutItems(steps: StepWrites, hasDoneItem: boolean, column: string | undefined): RowIssue[] {
  const accepting = [...steps.create, ...steps.update].some((s) => s.step === '竣工验收');
  return accepting && !hasDoneItem
    ? [{ level: 'warning', column, message: '竣工验收日期照台账记入;该户还没有已完成的改造项目,请在导入后到一户一案中补录' }]
    : [];
}

function stepWrites(dates: Map<string, { date: string }>, existing: { id: string; step: string; date: string }[]): StepWrites {
  const out: StepWrites = { create: [], update: [] };
  for (const step of WORKFLOW_STEPS) {
    const d = dates.get(step);
    if (!d) continue;
    const have = existing.find((e) => e.step === step);
    if (!have) out.create.push({ step, date: d.date });
    else if (have.date !== d.date) out.update.push({ id: have.id, step, date: d.date });
  }
  return out;
}

/** The unit of a number field, from its label: 改造总费用(元), 面积(㎡), 持证率(%); else a count. */
function unitOf(label: string): NumberUnit {
  if (label.includes('元')) return 'money';
  if (label.includes('㎡')) return 'area';
  if (label.includes('%')) return 'percent';
  return 'count';
}

function coerce(kind: ImportKind, key: string, fields: Record<string, FieldSpec>, cell: Cell, header: string): Parsed<unknown> {
  const f = fields[key];
  if (!f) return { ok: true, value: null };
  if (f.options && f.kind === 'json') return listOptions(kind, key, fields, cell);
  if (f.options) return matchOption(cell, f.options, optionAliases(kind, key));
  // 年度 columns say 2024, 2024年 or 2024年度; a date there (2024-05-06) is not a year and is refused.
  if (key === 'year' || key === 'projectYear') {
    const t = cellText(cell).replace(/\s+/g, '');
    const m = /^(\d{4})(年度?)?$/.exec(t);
    return m ? { ok: true, value: Number(m[1]) } : { ok: false, error: `“${showCell(cell)}”不是年度,请写成 2024 或 2024年` };
  }
  const unit = unitOf(f.label);
  // 0.6 in a (%) column could be 60% or 0.6%: the clerk must say (a cell formatted as % arrives as "60%").
  const asNumber = typeof cell === 'number' ? cell : /%/.test(cellText(cell)) ? Number.NaN : Number(cellText(cell));
  if (unit === 'percent' && asNumber > 0 && asNumber < 1)
    return {
      ok: false,
      error: `“${showCell(cell)}”分不清是 ${Number((asNumber * 100).toFixed(6))}% 还是 ${showCell(cell)}%,请写成 ${Number((asNumber * 100).toFixed(6))} 或 ${Number((asNumber * 100).toFixed(6))}%`,
    };
  // A header in 万元 (common in district sheets) holds amounts the app keeps in 元.
  if (f.kind === 'int' || f.kind === 'real') return parseNumberCell(cell, { integer: f.kind === 'int', scale: headerScale(header), unit });
  // Ledgers give the opening of a facility or canteen as a month (2019.10) often enough to read it so, said.
  if (f.kind === 'date') return parseDateCell(cell, { yearMonth: key === 'openedOn' });
  if (f.kind === 'bool') return parseFlagCell(cell);
  return { ok: true, value: cellText(cell) };
}

/** Values of a 多选 cell, by field: ledgers often put 独居 (a condition) in the 类别 column, so a word that
 * is an option of the record's other list field goes there instead of being refused. */
class ListValues {
  constructor(
    readonly byField: Map<string, string[]>,
    /** The words read through a synonym, with the option each became. */
    readonly synonyms: [string, string][],
  ) {}
}

function listOptions(kind: ImportKind, key: string, fields: Record<string, FieldSpec>, cell: Cell): Parsed<ListValues> {
  const lists = [key, ...Object.keys(fields).filter((k) => k !== key && fields[k].kind === 'json' && fields[k].options)];
  const byField = new Map<string, string[]>();
  const synonyms: [string, string][] = [];
  for (const part of splitList(cell)) {
    const home = lists.find((k) => matchOption(part, fields[k].options!, optionAliases(kind, k)).ok);
    if (!home) return matchOption(part, fields[key].options!, optionAliases(kind, key)) as Parsed<never>;
    const m = matchOption(part, fields[home].options!, optionAliases(kind, home));
    if (m.ok && m.value) {
      byField.set(home, [...(byField.get(home) ?? []), m.value]);
      if (viaSynonym(part, m.value)) synonyms.push([part, m.value]);
    }
  }
  return { ok: true, value: new ListValues(byField, synonyms) };
}

/** Fills what the row lacks from the file-wide choices; true when the row took the file's year. */
function applyDefaults(p: PlanInput, v: Record<string, unknown>, yearFromFile: boolean): boolean {
  if (p.kind !== 'canteenMonths' && v.townshipCode === undefined) {
    const only = p.area.size === 1 ? [...p.area][0] : undefined;
    if (p.defaults.townshipCode ?? only) v.townshipCode = p.defaults.townshipCode ?? only;
  }
  const yearField = p.kind === 'households' ? 'projectYear' : p.kind === 'targets' || p.kind === 'canteenMonths' ? 'year' : null;
  if (!yearField || v[yearField] !== undefined || !yearFromFile) return false;
  if (p.defaults.year) v[yearField] = p.defaults.year;
  return true;
}

function resolveReferences(
  p: PlanInput,
  v: Record<string, unknown>,
  canteen: string | null,
  facility: string | null,
  headerOfKey: Map<string, string>,
  issues: RowIssue[],
) {
  if (p.kind === 'canteenMonths') {
    const column = headerOfKey.get('canteen');
    if (!canteen) return void issues.push({ level: 'error', column, message: '请填写助餐点名称' });
    let found = p.lookups.canteensByName.get(nameKey(canteen)) ?? [];
    if (v.townshipCode) found = found.filter((c) => c.townshipCode === v.townshipCode);
    if (found.length === 1) v.canteenId = found[0].id;
    else if (found.length === 0)
      issues.push({ level: 'error', column, message: `本单位没有名为“${canteen}”的助餐点。请核对名称,或先在“助餐点”中录入它` });
    else issues.push({ level: 'error', column, message: `有 ${found.length} 个名为“${canteen}”的助餐点,请在表中加一列“乡镇(街道)”以区分` });
    delete v.townshipCode; // a month row takes its township from its canteen
  }
  if (p.kind === 'canteens' && facility) {
    const found = (p.lookups.facilitiesByName.get(nameKey(facility)) ?? []).filter((f) => f.townshipCode === v.townshipCode);
    if (found.length === 1) v.facilityId = found[0].id;
    else
      issues.push({
        level: 'warning',
        column: headerOfKey.get('facility'),
        message: `没有找到同一乡镇中名为“${facility}”的养老机构,依托设施未关联`,
      });
  }
}

function keyWords(kind: ImportKind): string {
  return {
    facilities: '机构名称和乡镇',
    canteens: '名称和乡镇',
    households: '身份证号和项目年度',
    canteenMonths: '助餐点和月份',
    targets: '乡镇和年度',
  }[kind];
}

/** How the preview names a row; personal data is masked (spec §8), as in every list. */
function titleOf(p: PlanInput, v: Record<string, unknown>, canteen: string | null): string {
  const kind = p.kind;
  if (kind === 'households')
    return [v.name ? maskName(String(v.name)) : '', v.idCard ? maskIdCard(String(v.idCard)) : ''].filter(Boolean).join(' ');
  if (kind === 'canteenMonths') return `${canteen ?? ''} ${v.year ?? ''}年${v.month ?? ''}月`;
  if (kind === 'targets') return `${p.lookups.townships.find((t) => t.code === v.townshipCode)?.name ?? ''} ${v.year ?? ''}年度`;
  return String(v.name ?? '');
}
