import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { addPhoto } from '../../electron/households/service';
import type { TestApp } from './sync';

/*
 * Valid records and edits of every synced record kind, driven by a number, for the sync properties
 * (sync-convergence, sync-adversarial). RECIPES is a Record over every kind on purpose: a new kind does not
 * compile until the properties know how to make and edit one, so it travels through them like the others.
 */

/** A small deterministic generator from one integer (the property's shrinkable input). */
export function rand(seed: number) {
  let s = (seed ^ 0x9e3779b9) >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}
type Rand = ReturnType<typeof rand>;

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid 身份证号 (GB 11643) of someone born 1940–1959. */
export function idCardFor(r: Rand): string {
  const y = 1940 + r.int(20);
  const m = String(1 + r.int(12)).padStart(2, '0');
  const d = String(1 + r.int(28)).padStart(2, '0');
  const body = `420704${y}${m}${d}${String(r.int(999)).padStart(3, '0')}`;
  const sum = [...body].reduce((a, c, i) => a + Number(c) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}

export interface Ctx {
  /** The township the new record belongs to (top-level kinds). */
  township: string;
  /** A parent (child kinds) or referenced record of the same township, when the recipe needs one. */
  pick: (entity: EntityName) => string | null;
  checklistVersion: string;
  /** The office's today (its PC's date). */
  today: string;
}

interface Recipe {
  /** A record named by a field (besides the parent), which must exist in the same township. */
  needs?: EntityName;
  /**
   * Only offices of this level make it (shared/sync/rules.ts writtenBy): a township its submissions and their
   * parts, the district its decisions on them.
   */
  madeAt?: 'township' | 'district';
  create(r: Rand, c: Ctx): Record<string, unknown> | null;
  /** Fields a clerk edits, with valid values. */
  edits: Record<string, (r: Rand) => unknown>;
}

const n = (max: number) => (r: Rand) => r.int(max);
const word = (prefix: string) => (r: Rand) => `${prefix}${r.int(6)}`;
const parentOf = (e: EntityName) => (ENTITIES[e] as unknown as EntityDef).parent;

export const RECIPES: Record<EntityName, Recipe> = {
  facilities: {
    create: (r, c) => ({ townshipCode: c.township, name: `院${r.int(9)}`, type: '其他', status: '运营', bedsTotal: 10 * r.int(9) }),
    edits: { bedsTotal: (r) => 10 * r.int(6), address: word('路'), name: word('院') },
  },
  facilityQuarters: {
    create: (r, c) => ({ facilityId: c.pick('facilities'), year: 2024, quarter: 1 + r.int(4), residents: r.int(30) }),
    edits: { residents: n(40), admissions: n(5) },
  },
  canteens: {
    create: (r, c) => ({ townshipCode: c.township, name: `食堂${r.int(9)}`, type: '老年助餐点', status: '运营', seats: r.int(50) }),
    edits: { seats: n(60), address: word('街') },
  },
  canteenMonths: {
    create: (r, c) => ({ canteenId: c.pick('canteens'), year: 2024, month: 1 + r.int(12), mealsTotal: 100 + r.int(100) }),
    edits: { mealsTotal: (r) => 100 + r.int(50), openDays: n(28) },
  },
  households: {
    create: (r, c) => ({
      townshipCode: c.township,
      name: r.pick(['李秀英', '王桂兰', '张德明', '刘玉珍']),
      idCard: idCardFor(r),
      projectYear: 2024,
      status: '申请',
      phone: `138${String(r.int(1e8)).padStart(8, '0')}`,
    }),
    edits: { phone: (r) => `139${String(r.int(1e8)).padStart(8, '0')}`, address: word('村'), remark: word('注') },
  },
  householdItems: {
    create: (r, c) => ({
      householdId: c.pick('households'),
      itemCode: `B${r.int(9)}`,
      itemName: '扶手',
      kind: 'basic',
      quantity: 1 + r.int(3),
      unitPrice: 100,
    }),
    edits: { quantity: (r) => 1 + r.int(4), unitPrice: (r) => 50 * (1 + r.int(5)) },
  },
  householdSteps: {
    create: (r, c) => ({ householdId: c.pick('households'), step: r.pick(['资格审核', '入户评估']), date: c.today, byName: '王' }),
    edits: { byName: word('经办'), note: word('说明') },
  },
  householdPhotos: {
    create: (r, c) => ({
      householdId: c.pick('households'),
      phase: r.pick(['before', 'after']),
      originalName: `照片${r.int(9)}.png`,
      seed: r.int(1e6),
    }),
    edits: { originalName: (r) => `改名${r.int(9)}.png`, takenOn: (r) => `2024-0${1 + r.int(9)}-0${1 + r.int(9)}` },
  },
  inspections: {
    needs: 'facilities',
    create: (r, c) => ({
      townshipCode: c.township,
      subjectType: 'facility',
      facilityId: c.pick('facilities'),
      inspectionType: r.pick(['机构自查', '乡镇排查']),
      inspectedOn: `2024-0${1 + r.int(9)}-0${1 + r.int(9)}`,
      inspectors: '某',
      checklistVersion: c.checklistVersion,
    }),
    edits: { inspectors: word('检查员'), remark: word('备注') },
  },
  inspectionAnswers: {
    create: (r, c) => ({ inspectionId: c.pick('inspections'), itemCode: `1.${r.int(9)}`, result: r.pick(['符合', '不适用']) }),
    edits: { remark: word('描述'), result: (r) => r.pick(['符合', '不适用']) },
  },
  hazards: {
    create: (r, c) => ({
      inspectionId: c.pick('inspections'),
      description: `隐患${r.int(9)}`,
      level: '一般隐患',
      method: '立行立改',
      status: '待整改',
    }),
    edits: { measures: word('措施'), reviewer: word('复查') },
  },
  targets: {
    create: (r, c) => ({ townshipCode: c.township, year: 2024 + r.int(6), retrofitHouseholds: r.int(50) }),
    edits: { retrofitHouseholds: n(80), newCanteens: n(5) },
  },
  // The reporting cycle's records never change once made (no edits); a township makes its own submissions
  // and adjustments, the district its decisions on them (shared/sync/rules.ts writtenBy).
  reportSubmissions: {
    madeAt: 'township',
    create: (r, c) => ({
      townshipCode: c.township,
      level: 'township',
      year: 2024,
      quarter: 1 + r.int(4),
      kind: '报送',
      title: `报送${r.int(9)}`,
      officeName: '民政办',
      submittedAt: '2025-01-03T02:00:00.000Z',
      submittedBy: '王',
      contentSha256: 'a'.repeat(64),
      contentParts: 1,
      workbookSha256: 'b'.repeat(64),
      workbookParts: 1,
      workbookBytes: 3,
      workbookName: '报表.xlsx',
    }),
    edits: {},
  },
  reportSubmissionParts: {
    madeAt: 'township',
    create: (r, c) => ({ submissionId: c.pick('reportSubmissions'), part: 'content', seq: r.int(3), data: 'QUJD' }),
    edits: {},
  },
  reportDecisions: {
    madeAt: 'district',
    create: (r, c) => ({
      submissionId: c.pick('reportSubmissions'),
      decision: r.pick(['退回', '审核通过']),
      reason: '请核对',
      decidedAt: '2025-01-05T02:00:00.000Z',
      decidedBy: '区',
      officeName: '区民政局',
    }),
    edits: {},
  },
  reportAdjustments: {
    create: (r, c) => ({
      submissionId: c.pick('reportSubmissions'),
      reason: `调整${r.int(9)}`,
      adjustedAt: '2025-02-01T02:00:00.000Z',
      adjustedBy: '王',
      officeName: '民政办',
      action: 'update',
      recordEntity: 'facilities',
      recordId: `r${r.int(99)}`,
      changes: '[]',
    }),
    edits: {},
  },
};

export const KINDS = Object.keys(RECIPES) as EntityName[];

/** The records of a kind this office holds: id, township, deleted or not (oldest first). */
export function held(o: TestApp, e: EntityName, township?: string): { id: string; townshipCode: string; deletedAt: string | null }[] {
  const rows = o.app.store.sqlite
    .prepare(`SELECT id, townshipCode, deletedAt FROM "${(ENTITIES[e] as unknown as EntityDef).table}" ORDER BY createdAt, id`)
    .all() as { id: string; townshipCode: string; deletedAt: string | null }[];
  return township ? rows.filter((x) => x.townshipCode === township) : rows;
}

/** Refusals a random clerk action may meet (a duplicate, a deleted parent, a rule): not bugs. */
export function expectedRefusal(e: unknown): boolean {
  return e instanceof AppError && ['VALIDATION', 'CONFLICT', 'NOT_FOUND', 'FORBIDDEN'].includes(e.code);
}

/** Whether office `o` writes records of `kind` at all (see Recipe.madeAt): create, edit and delete alike. */
function writesKind(o: TestApp, kind: EntityName): boolean {
  const madeAt = RECIPES[kind].madeAt;
  return !madeAt || madeAt === (o.app.office()?.level === 'township' ? 'township' : 'district');
}

/** Makes a record of `kind` at office `o` in `township`, or nothing when what it needs is missing or a rule refuses. */
export function createRecord(o: TestApp, kind: EntityName, township: string, seed: number): string | null {
  const r = rand(seed);
  const version = o.app.store.sqlite.prepare('SELECT version FROM checklist_versions WHERE isCurrent = 1').pluck().get() as string;
  const pick = (e: EntityName) => {
    const live = held(o, e, township).filter((x) => !x.deletedAt);
    return live.length ? live[r.int(live.length)].id : null;
  };
  if (!writesKind(o, kind)) return null;
  const input = RECIPES[kind].create(r, { township, pick, checklistVersion: version, today: o.app.today() });
  const parent = parentOf(kind);
  if (!input || (parent && !input[parent.field]) || (RECIPES[kind].needs && Object.values(input).includes(null))) return null;
  try {
    if (kind === 'householdPhotos') {
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.from(`photo-${input.seed}-${seed}`),
      ]);
      return addPhoto(o.app, o.actor, {
        householdId: input.householdId as string,
        phase: input.phase as 'before' | 'after',
        originalName: input.originalName as string,
        dataBase64: png.toString('base64'),
      }).id;
    }
    return (o.app.records.create(kind, input, o.actor).record as { id: string }).id;
  } catch (e) {
    if (expectedRefusal(e)) return null;
    throw e;
  }
}

/** Edits, deletes or restores the `pick`-th record of `kind` this office holds. */
export function touchRecord(o: TestApp, kind: EntityName, pick: number, seed: number, what: 'edit' | 'delete' | 'restore'): boolean {
  const rows = held(o, kind);
  if (!rows.length || !writesKind(o, kind)) return false;
  const row = rows[pick % rows.length];
  const r = rand(seed);
  try {
    if (what === 'delete') o.app.records.remove(kind, row.id, o.actor);
    else if (what === 'restore') o.app.records.restore(kind, row.id, o.actor);
    else {
      if (row.deletedAt) return false;
      const fields = Object.entries(RECIPES[kind].edits);
      if (!fields.length) return false;
      const [field, value] = fields[r.int(fields.length)];
      o.app.records.update(kind, { id: row.id, patch: { [field]: value(r) } }, o.actor);
    }
    return true;
  } catch (e) {
    if (expectedRefusal(e)) return false;
    throw e;
  }
}
