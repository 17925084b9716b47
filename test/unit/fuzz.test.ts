import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { decodeFile } from '../../electron/sync/format';
import { importPackage } from '../../electron/sync/service';
import { contract, METHODS } from '../../shared/api/contract';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityName } from '../../shared/domain/entity';
import type { Method } from '../../shared/api/contract';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';
import { inputsFor, type Pool } from '../helpers/contractCalls';
import { unclearWords } from '../helpers/messages';

/**
 * Hostile input: every contract method gets malformed, huge, wrongly typed, deeply nested and
 * encoding-broken payloads. No crash, no hang, always a Chinese error envelope (or a valid answer for the
 * read-only methods), and the database is unchanged by anything that was refused.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 3000);
let t: Awaited<ReturnType<typeof makeApp>>;
let pool: Pool;
beforeAll(async () => {
  t = await makeApp();
  // Records for the near-valid payloads to reach (an update of a real record runs its rules and hooks).
  const create = (entity: EntityName, value: Record<string, unknown>) => t.app.records.create(entity, value, t.actor).record.id;
  const facility = create('facilities', { townshipCode: FENGHUANG, name: '模糊测试养老院', type: '民办养老机构', status: '运营' });
  const household = create('households', {
    townshipCode: FENGHUANG,
    name: '测试老人',
    idCard: '11010519491231002X',
    projectYear: 2026,
    status: '申请',
  });
  pool = {
    ids: {
      facilities: facility,
      households: household,
      canteens: create('canteens', { townshipCode: FENGHUANG, name: '模糊测试食堂', type: '老年助餐点', status: '运营' }),
      targets: create('targets', { townshipCode: FENGHUANG, year: 2026 }),
    },
    users: { admin: adminId() },
    officeId: t.app.requireOffice().id,
    peerOfficeId: randomUUID(),
    conflictId: 1,
    importedPackageId: randomUUID(),
    packageBase64: '',
    townshipCode: FENGHUANG,
    checklistVersion: '2025-1',
    year: 2026,
    quarter: 2,
    month: 6,
    today: t.app.today(),
    idCard: '11010519491231002X',
  };
});
afterAll(() => t.cleanup());

const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1), b: [deep(Math.min(n - 1, 3))] });
const hostile = fc.oneof(
  fc.anything({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(null, undefined, NaN, Infinity, -0, '', '\u0000', '\ud800', '__proto__', 'constructor', deep(40), 'x'.repeat(200_000)),
  fc.dictionary(
    fc.constantFrom(
      'id',
      'patch',
      'filters',
      'sort',
      'search',
      'page',
      'pageSize',
      'name',
      'townshipCode',
      '__proto__',
      'dataBase64',
      'year',
      'quarter',
    ),
    fc.anything({ maxDepth: 3 }),
  ),
  fc.record({ id: fc.uuid(), patch: fc.dictionary(fc.string({ maxLength: 20 }), fc.anything({ maxDepth: 2 })) }),
);

/**
 * Payloads one step from valid, so the calls get past the envelope into the handlers and services (their
 * own refusals and messages): an input built from the method's schema with one field replaced, and for
 * record methods a record or patch of the record's own fields with random values.
 */
const nearValidCache = new Map<Method, unknown[]>();
function nearValid(method: Method): fc.Arbitrary<unknown> {
  if (!nearValidCache.has(method)) nearValidCache.set(method, inputsFor(method, pool));
  const bases = nearValidCache.get(method)!;
  const value = fc.oneof(fc.anything({ maxDepth: 2 }), fc.string({ maxLength: 40 }), fc.integer(), fc.double(), fc.constant(null));
  const fields = Object.keys((ENTITIES as Record<string, { fields: object }>)[method.split('.')[0]]?.fields ?? {});
  return fc.constantFrom(...bases).chain((base) => {
    if (!base || typeof base !== 'object') return fc.constant(base);
    const keys = Object.keys(base);
    const options: fc.Arbitrary<unknown>[] = [fc.constant(base)];
    if (keys.length) options.push(fc.constantFrom(...keys).chain((k) => value.map((v) => ({ ...base, [k]: v }))));
    if (fields.length && /\.(create|update)$/.test(method))
      options.push(
        fc
          .dictionary(fc.constantFrom(...fields), value, { maxKeys: 4 })
          .map((r) => (method.endsWith('.update') ? { ...base, patch: r } : { townshipCode: FENGHUANG, ...r })),
      );
    return fc.oneof(...options);
  });
}
const calls = fc.constantFrom(...METHODS).chain((m) => fc.tuple(fc.constant(m), fc.oneof(hostile, nearValid(m))));

describe('fuzzing the contract (every method, hostile payloads)', () => {
  it(`${CASES} random calls: never a crash, always an envelope in plain Chinese, refused calls change nothing`, async () => {
    let refused = 0;
    let answered = 0;
    const unclear = new Map<string, number>();
    const byCode = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(calls, async ([method, payload]) => {
        const before = dumpDb(t.app);
        const beforeRecords = contract[method].writes ? '' : dumpDb(t.app, { except: ['audit_log'] });
        const env = await dispatch(t.ctx, method, payload);
        expect(typeof env.ok).toBe('boolean');
        if (!env.ok) {
          refused++;
          byCode.set(env.error.code, (byCode.get(env.error.code) ?? 0) + 1);
          const words = [env.error.message, ...(env.error.fieldErrors ?? []).map((f) => f.message)].flatMap((m) =>
            unclearWords(m, sentText(payload)),
          );
          const key = `${env.error.message} ‹${words.join(' ')}›`;
          if (words.length) unclear.set(key, (unclear.get(key) ?? 0) + 1);
          expect(env.error.code).not.toBe('INTERNAL');
          // A refusal of any method, read or write, writes nothing.
          expect(dumpDb(t.app), `${method} refused, yet wrote`).toBe(before);
        } else {
          answered++;
          // A read (contract[m].writes false) changes no record even when it answers; only an audit row may be added.
          if (!contract[method].writes) expect(dumpDb(t.app, { except: ['audit_log'] }), `${method} is a read`).toBe(beforeRecords);
        }
        // Keep the session logged in so every method is reached past the access check.
        if (!t.ctx.session.user) t.ctx.session.user = { id: adminId(), username: 'admin', displayName: '王管理', role: 'admin' };
        t.ctx.session.lastActive = t.app.now();
      }),
      { numRuns: CASES },
    );
    const worst = [...unclear].sort((a, b) => b[1] - a[1]);
    console.log(
      `[fuzz] ${CASES} calls, ${answered} answered, ${refused} refused (${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ')}); ` +
        `${worst.reduce((a, [, n]) => a + n, 0)} with a message that is not plain Chinese`,
    );
    expect(worst.slice(0, 10)).toEqual([]);
    expect(refused).toBeGreaterThan(CASES * 0.5);
    expect(answered, 'near-valid payloads reach the handlers').toBeGreaterThan(CASES * 0.05);
  }, 600_000);

  it('the sync-package reader refuses random and mangled bytes with a message, changing nothing', () => {
    const before = dumpDb(t.app);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (bytes, gz) => {
        const data = Buffer.from(gz ? [0x1f, 0x8b, ...bytes] : bytes);
        expect(() => decodeFile(data, '同步包')).toThrow(/[\u4e00-\u9fff]/);
        expect(() => importPackage(t.app, t.actor, data)).toThrow(/[\u4e00-\u9fff]/);
      }),
      { numRuns: 1000 },
    );
    expect(dumpDb(t.app)).toBe(before);
  });
});

function sentText(payload: unknown): string {
  try {
    return JSON.stringify(payload) ?? '';
  } catch {
    return '';
  }
}

function adminId(): string {
  return (t.app.store.sqlite.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: string }).id;
}
