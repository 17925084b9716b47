import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { LIST_VIEWS } from '../../shared/lists/views';
import type { CallContext, DesktopHost, Session } from '../../electron/api/types';
import type { LedgerApp } from '../../electron/app';
import { contract, type Method } from '../../shared/api/contract';
import type { RevealRule } from '../../shared/api/define';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import type { Role } from '../../shared/domain/enums';
import { leafColumns, REPORT_TABLES } from '../../shared/reports/tables';

/*
 * Calls every contract method with inputs built from its own schema and the ids of a seeded database, and
 * reads everything a call gave back (JSON, base64 files, gzip, xlsx, printed HTML, saved files) as text,
 * so a test can search it for personal data. A new method is covered without being listed here; where its
 * input cannot be built from the schema alone, add it to SAMPLES.
 */

/** Ids and values of the seeded database the inputs are made of. */
export interface Pool {
  ids: Partial<Record<EntityName, string>>;
  users: Partial<Record<Role, string>>;
  officeId: string;
  peerOfficeId: string;
  conflictId: number;
  /** A package imported here (its acknowledgement can be made again) and one not yet imported. */
  importedPackageId: string;
  packageBase64: string;
  townshipCode: string;
  checklistVersion: string;
  year: number;
  quarter: number;
  month: number;
  today: string;
  idCard: string;
}

type Json = { [k: string]: unknown };
type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
};

/** Inputs that the schema alone cannot give (a value that must match another field or the database). */
const SAMPLES: Partial<Record<Method, (p: Pool, base: Json) => Json>> = {
  'reporting.drill': (_p, base) => ({ ...base, tableId: 't1', columnKey: 'beds', rowKey: '合计' }),
  'reports.drill': (_p, base) => {
    const t = REPORT_TABLES.find((x) => x.id === base.tableId) ?? REPORT_TABLES[0];
    return { ...base, columnKey: leafColumns(t)[0].key };
  },
  'print.blankChecklist': (p, base) => ({ ...base, id: base.subjectType === 'canteen' ? p.ids.canteens : p.ids.facilities }),
  'households.checkIdCard': (p, base) => ({ ...base, idCard: p.idCard }),
  'sync.inspectPackage': (p, base) => ({ ...base, dataBase64: p.packageBase64 }),
  'sync.importPackage': (p, base) => ({ ...base, dataBase64: p.packageBase64 }),
  // The list with the most personal data, every column shown (the optional ones too).
  'lists.export': (_p, base) => ({ ...base, source: { kind: 'list', list: 'households' }, columns: HOUSEHOLD_COLUMNS }),
  'lists.print': (_p, base) => ({ ...base, source: { kind: 'list', list: 'households' }, columns: HOUSEHOLD_COLUMNS }),
  'lists.blankChecklists': (p) => ({ subjects: [{ subjectType: 'facility', id: p.ids.facilities }] }),
};
const HOUSEHOLD_COLUMNS = LIST_VIEWS.households.columns.filter((c) => !c.screenOnly).map((c) => c.key);

const entityOf = (method: string) => method.split('.')[0] as EntityName;

function idFor(method: string, key: string, p: Pool): string {
  const byKey: Record<string, string | undefined> = {
    householdId: p.ids.households,
    inspectionId: p.ids.inspections,
    facilityId: p.ids.facilities,
    canteenId: p.ids.canteens,
    receiverId: p.peerOfficeId,
    officeId: p.peerOfficeId,
    packageId: p.importedPackageId,
    submissionId: p.ids.reportSubmissions,
  };
  if (key in byKey) return byKey[key] ?? randomUUID();
  if (key === 'id' && method === 'households.photoData') return p.ids.householdPhotos ?? randomUUID();
  if (key === 'id' && entityOf(method) in ENTITIES) return p.ids[entityOf(method)] ?? randomUUID();
  if (key === 'id' && method.startsWith('users.')) return p.users.clerk ?? randomUUID();
  if (key === 'id' && method.startsWith('reporting.')) return p.ids.reportSubmissions ?? randomUUID();
  return randomUUID();
}

function objectOf(s: JsonSchema): JsonSchema | undefined {
  if (s.type === 'object') return s;
  return s.anyOf?.find((x) => x.type === 'object');
}

/** A valid value for one field: the seeded period and ids by name, the first choice of an enum. */
function valueFor(method: string, key: string, s: JsonSchema, p: Pool): unknown {
  if (s.anyOf) return valueFor(method, key, s.anyOf.find((x) => x.type !== 'null') ?? s.anyOf[0], p);
  if (s.enum) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'boolean') return false;
  if (type === 'integer' || type === 'number') {
    const named: Record<string, number> = { year: p.year, quarter: p.quarter, month: p.month, page: 1, pageSize: 50 };
    if (key in named) return named[key];
    if (key === 'id') return p.conflictId;
    return s.minimum ?? 1;
  }
  if (type === 'string') {
    if (s.format === 'uuid') return idFor(method, key, p);
    if (key === 'townshipCode' || s.pattern === '^\\d{12}$') return p.townshipCode;
    if (key === 'version') return p.checklistVersion;
    if (key === 'dataBase64') return Buffer.from('这不是一个文件').toString('base64');
    if (key === 'jobId') return `job-${randomUUID()}`;
    if (key === 'idCard') return p.idCard;
    if (s.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return p.today;
    return '测试';
  }
  if (type === 'array') return [];
  const o = objectOf(s);
  if (o) return objectFor(method, o, p);
  return {};
}

function objectFor(method: string, s: JsonSchema, p: Pool): Json {
  const out: Json = {};
  for (const key of s.required ?? []) out[key] = valueFor(method, key, s.properties?.[key] ?? {}, p);
  return out;
}

/**
 * The inputs one method is called with: its required fields, then the same with every optional flag set
 * (reveal, full, revealIds …), and one variant per choice of each enum. Desktop wrappers (print.preview,
 * files.saveAs) get every inner method with that method's own inputs.
 */
export function inputsFor(method: Method, p: Pool): unknown[] {
  const schema = z.toJSONSchema(contract[method].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const o = objectOf(schema);
  if (!o) return [undefined];
  const props = o.properties ?? {};
  if (props.method?.enum && 'input' in props)
    return props.method.enum.flatMap((inner) => inputsFor(inner as Method, p).map((input) => ({ method: inner, input })));
  const base = objectFor(method, o, p);
  const variants: Json[] = [base];
  const flags = Object.entries(props).filter(([, v]) => v.type === 'boolean');
  if (flags.length) variants.push({ ...base, ...Object.fromEntries(flags.map(([k]) => [k, true])) });
  for (const [k, v] of Object.entries(props))
    if (v.enum && (o.required ?? []).includes(k)) for (const e of v.enum.slice(1)) variants.push({ ...base, [k]: e });
  const sample = SAMPLES[method];
  return variants.map((v) => (sample ? sample(p, v) : v));
}

/** The method's reveal rule, if it declares one (shared/api/define.ts). */
export function revealRule(method: Method): RevealRule<unknown> | undefined {
  return (contract[method] as { reveals?: RevealRule<unknown> }).reveals;
}

/** A fake desktop window: what it would print or save is kept, so the test reads it too. */
export function fakeDesktop(): DesktopHost & { shown: unknown[] } {
  const shown: unknown[] = [];
  return {
    shown,
    async printPreview(doc) {
      shown.push(doc);
    },
    async saveFile(_name, bytes) {
      shown.push(Buffer.from(bytes));
      return '/U盘/文件';
    },
  };
}

/** A call context logged in as that user (a fresh session each time, so a logout in one call ends nothing). */
export function ctxAs(app: LedgerApp, userId: string, desktop?: DesktopHost): CallContext {
  const u = app.store.sqlite.prepare('SELECT id, username, displayName, role FROM users WHERE id = ?').get(userId) as Session['user'];
  return { app, session: { user: u, lastActive: app.now() }, desktop };
}

/** Adds a user of each role straight into the database (no scrypt: these users never log in). */
export function addRoleUsers(app: LedgerApp): Record<Role, string> {
  const out = {} as Record<Role, string>;
  const officeId = app.requireOffice().id;
  for (const role of ['clerk', 'reviewer', 'admin'] as Role[]) {
    const id = randomUUID();
    const now = new Date().toISOString();
    app.store.sqlite
      .prepare(
        "INSERT INTO users (id, officeId, username, displayName, role, passwordHash, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, 'x', 1, ?, ?)",
      )
      .run(id, officeId, `role-${role}`, `测试${role}`, role, now, now);
    out[role] = id;
  }
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]{16,}={0,2}$/;

/** Everything readable in a result: strings, decoded base64, gunzipped bytes, the cells of an xlsx. */
export async function readable(v: unknown, out: string[] = []): Promise<string[]> {
  if (typeof v === 'string') {
    out.push(v);
    if (v.length % 4 === 0 && BASE64.test(v)) await bytesText(Buffer.from(v, 'base64'), out);
  } else if (v instanceof Uint8Array) await bytesText(Buffer.from(v), out);
  else if (Array.isArray(v)) for (const x of v) await readable(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) await readable(x, out);
  else if (v !== undefined && v !== null) out.push(String(v));
  return out;
}

async function bytesText(b: Buffer, out: string[]): Promise<void> {
  out.push(b.toString('utf8'), b.toString('latin1'));
  if (b[0] === 0x1f && b[1] === 0x8b) {
    try {
      await bytesText(gunzipSync(b), out);
    } catch {
      // not gzip after all
    }
  }
  if (b[0] === 0x50 && b[1] === 0x4b) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(b as unknown as ArrayBuffer);
    } catch {
      return;
    }
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.text ?? '')))));
  }
}

/**
 * Every full personal value in the database (身份证号, names, phones of households and contacts), minus names
 * that also occur in text that is not personal (an inspector called like an elder, a name inside a facility's
 * name): finding those would prove nothing.
 */
export function personalValues(app: LedgerApp, extraPublicText = ''): string[] {
  const db = app.store.sqlite;
  const values = new Set<string>();
  const publicText: string[] = [extraPublicText];
  for (const e of Object.values(ENTITIES) as unknown as EntityDef[]) {
    const rows = db.prepare(`SELECT * FROM "${e.table}"`).all() as Record<string, unknown>[];
    for (const [k, f] of Object.entries(e.fields)) {
      const vs = rows.map((r) => r[k]).filter((x): x is string => typeof x === 'string' && x.length > 0);
      if (f.sensitive) for (const v of vs) values.add(v);
      else publicText.push(vs.join('\n'));
    }
  }
  for (const t of ['users', 'offices', 'divisions', 'checklist_items', 'retrofit_catalogue'])
    publicText.push(JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all()));
  const pub = publicText.join('\n');
  return [...values].filter((v) => /\d{7,}/.test(v) || !pub.includes(v));
}

/** The full values found in any of the texts. */
export function leaks(texts: string[], values: string[]): string[] {
  const all = texts.join('\n');
  return values.filter((v) => all.includes(v));
}
