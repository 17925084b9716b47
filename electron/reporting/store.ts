import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import type { PreviewTable } from '../../shared/reports/contract';
import { PART_CHARS } from '../../shared/reporting/schema';
import type { AdjustmentInfo, DecisionInfo, FigureChange, SubmissionInfo } from '../../shared/reporting/types';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import type { LedgerApp } from '../app';
import type { SourceRow, TableId, TableSources } from './sources';

/*
 * A submission's content is stored beside it in parts of at most PART_CHARS base64 characters (a sync change
 * carries one field of at most 100,000): the figures, the hash of the records behind each and the records
 * themselves (gzip of JSON), and the workbook bytes. Each part's hash is in the submission record; what comes
 * back together is checked against it before it is read.
 */

export const CONTENT_FORMAT = 'eldercare-ledger-report/1';

/** A source as stored: its rows as [id, title, township, village, …measure values] (compact, gzip-friendly). */
interface StoredSet {
  entity: string;
  measures: string[];
  rows: (string | number | null)[][];
}

export interface SnapshotContent {
  tables: PreviewTable[];
  hashes: Record<string, Record<string, Record<string, string>>>;
  sources: Record<string, { entity: string; measures: string[]; rows: SourceRow[] }[]>;
}

const key = z.string().regex(/^\w{1,40}$/);
const short = z.string().max(200);
const columnSchema = z.strictObject({
  key,
  header: short,
  format: z.enum(['int', 'pct', 'wan']),
  value: z.union([z.strictObject({ measure: key }), z.strictObject({ ratio: z.tuple([key, key]) })]),
  warnBelow: z.union([z.number(), z.enum(['setting:expertMonthlyPct', 'setting:expertQuarterlyPct'])]).optional(),
  width: z.number().optional(),
});
const tableSchema = z.strictObject({
  id: z.enum(['t1', 't2', 't3', 't4']),
  sheetName: short,
  title: short,
  tableNo: short,
  units: short,
  basis: short,
  query: z.enum(['facilities', 'canteens', 'retrofit', 'inspections']),
  groups: z.array(z.strictObject({ header: short, columns: z.array(columnSchema).max(60) })).max(40),
});
const previewSchema = z.strictObject({
  table: tableSchema,
  rowHeader: short,
  rows: z
    .array(
      z.strictObject({
        code: z
          .string()
          .regex(/^\d{12}$/)
          .nullable(),
        village: short.optional(),
        label: short,
        values: z.record(key, z.number().nullable()),
      }),
    )
    .max(5000),
  warnings: z.record(key, z.number()),
});
const contentSchema = z.strictObject({
  format: z.literal(CONTENT_FORMAT),
  tables: z.array(previewSchema).length(4),
  hashes: z.record(z.string().max(10), z.record(z.string().max(80), z.record(key, z.string().max(64)))),
  sources: z.record(
    z.string().max(10),
    z.array(
      z.strictObject({
        entity: z.string().max(40),
        measures: z.array(key).max(100),
        rows: z.array(z.array(z.union([z.string().max(300), z.number(), z.null()])).max(110)),
      }),
    ),
  ),
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function toParts(b64: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < b64.length; i += PART_CHARS) parts.push(b64.slice(i, i + PART_CHARS));
  return parts.length ? parts : [''];
}

/** The content to store: gzip of its JSON, its hash and its parts. */
export function encodeContent(tables: PreviewTable[], hashes: SnapshotContent['hashes'], srcs: TableSources[]) {
  const sources: Record<string, StoredSet[]> = {};
  for (const s of srcs)
    sources[s.table.id] = s.sets.map((set) => ({
      entity: set.entity,
      measures: set.measures,
      rows: set.rows.map((r) => [
        r.id,
        r.title,
        r.townshipCode,
        typeof r.village === 'string' ? r.village : null,
        ...set.measures.map((m) => r.values[m] ?? 0),
      ]),
    }));
  const gz = gzipSync(Buffer.from(JSON.stringify({ format: CONTENT_FORMAT, tables, hashes, sources }), 'utf8'));
  return { sha256: sha256(gz), parts: toParts(gz.toString('base64')) };
}

export function encodeWorkbook(bytes: Buffer) {
  return { sha256: sha256(bytes), parts: toParts(bytes.toString('base64')), size: bytes.length };
}

const broken = () =>
  new AppError('VALIDATION', '这次报送的内容不完整或已损坏(可能同步包尚未全部送达)。请让报送单位重新导出同步包;本机数据没有改动。');

/** The stored parts joined and checked against the submission's hash (null when a part is missing or altered). */
function joined(app: LedgerApp, submissionId: string, part: 'content' | 'workbook', count: number, hash: string): Buffer {
  const rows = app.store.sqlite
    .prepare('SELECT seq, data FROM report_submission_parts WHERE submissionId = ? AND part = ? AND deletedAt IS NULL ORDER BY seq')
    .all(submissionId, part) as { seq: number; data: string }[];
  if (rows.length !== count || rows.some((r, i) => r.seq !== i)) throw broken();
  const bytes = Buffer.from(rows.map((r) => r.data).join(''), 'base64');
  if (sha256(bytes) !== hash) throw broken();
  return bytes;
}

const cache = new Map<string, SnapshotContent>();

/** A submission's content, checked and decoded (kept for the next call: a submission never changes). */
export function readContent(app: LedgerApp, s: { id: string; contentParts: number; contentSha256: string }): SnapshotContent {
  const key = `${s.id}:${s.contentSha256}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const gz = joined(app, s.id, 'content', s.contentParts, s.contentSha256);
  let parsed: z.infer<typeof contentSchema>;
  try {
    const r = contentSchema.safeParse(JSON.parse(gunzipSync(gz, { maxOutputLength: 256 * 1024 * 1024 }).toString('utf8')));
    if (!r.success) throw broken();
    parsed = r.data;
  } catch {
    throw broken();
  }
  const sources: SnapshotContent['sources'] = {};
  for (const [t, sets] of Object.entries(parsed.sources))
    sources[t] = sets.map((set) => ({
      entity: set.entity,
      measures: set.measures,
      rows: set.rows.map((r) => ({
        entity: set.entity,
        id: String(r[0]),
        title: String(r[1] ?? ''),
        townshipCode: String(r[2]),
        village: r[3],
        values: Object.fromEntries(set.measures.map((m, i) => [m, Number(r[4 + i] ?? 0)])),
      })),
    }));
  const content = { tables: parsed.tables as PreviewTable[], hashes: parsed.hashes, sources };
  if (cache.size > 16) cache.delete(cache.keys().next().value as string);
  cache.set(key, content);
  return content;
}

export function readWorkbook(app: LedgerApp, s: { id: string; workbookParts: number; workbookSha256: string }): Buffer {
  return joined(app, s.id, 'workbook', s.workbookParts, s.workbookSha256);
}

/* ---------- rows as the API shows them ---------- */

export type SubmissionRow = SubmissionInfo & { contentParts: number; contentSha256: string; workbookParts: number; workbookSha256: string };

const SUBMISSION_COLUMNS =
  'id, townshipCode AS unitCode, level, year, quarter, kind, replacesId, officeName, submittedAt, submittedBy, note, workbookName, workbookBytes, contentParts, contentSha256, workbookParts, workbookSha256';

/** Submissions of some units (all when not named), oldest first. */
export function submissions(app: LedgerApp, where: { units?: readonly string[]; year?: number; quarter?: number } = {}): SubmissionRow[] {
  const cond = ['deletedAt IS NULL'];
  const params: unknown[] = [];
  if (where.units) {
    cond.push('townshipCode IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(where.units));
  }
  if (where.year !== undefined) {
    cond.push('year = ?');
    params.push(where.year);
  }
  if (where.quarter !== undefined) {
    cond.push('quarter = ?');
    params.push(where.quarter);
  }
  return app.store.sqlite
    .prepare(`SELECT ${SUBMISSION_COLUMNS} FROM report_submissions WHERE ${cond.join(' AND ')} ORDER BY submittedAt, hlc`)
    .all(...params) as SubmissionRow[];
}

export function submission(app: LedgerApp, id: string): SubmissionRow {
  const row = app.store.sqlite.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM report_submissions WHERE id = ? AND deletedAt IS NULL`).get(id) as
    | SubmissionRow
    | undefined;
  if (!row) throw new AppError('NOT_FOUND', '没有找到这次报送,可能还没有随同步包送达本机。');
  return row;
}

/** Decisions on the given submissions, oldest first. */
export function decisions(app: LedgerApp, submissionIds: readonly string[]): DecisionInfo[] {
  if (!submissionIds.length) return [];
  return app.store.sqlite
    .prepare(
      `SELECT id, submissionId, decision, reason, decidedAt, decidedBy, officeName FROM report_decisions
       WHERE deletedAt IS NULL AND submissionId IN (SELECT value FROM json_each(?)) ORDER BY decidedAt, hlc`,
    )
    .all(JSON.stringify(submissionIds)) as DecisionInfo[];
}

export function adjustments(app: LedgerApp, submissionIds: readonly string[]): AdjustmentInfo[] {
  if (!submissionIds.length) return [];
  const rows = app.store.sqlite
    .prepare(
      `SELECT id, submissionId, reason, adjustedAt, adjustedBy, officeName, action, recordEntity, recordId, recordTitle, changes FROM report_adjustments
       WHERE deletedAt IS NULL AND submissionId IN (SELECT value FROM json_each(?)) ORDER BY adjustedAt DESC, hlc DESC`,
    )
    .all(JSON.stringify(submissionIds)) as (Omit<AdjustmentInfo, 'changes' | 'recordLabel'> & { changes: string })[];
  return rows.map((r) => ({
    ...r,
    recordLabel: (ENTITIES[r.recordEntity as EntityName] as unknown as EntityDef | undefined)?.label ?? r.recordEntity,
    changes: parseChanges(r.changes),
  }));
}

function parseChanges(text: string): FigureChange[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as FigureChange[]) : [];
  } catch {
    return [];
  }
}

export type { TableId };
