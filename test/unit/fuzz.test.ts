import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { decodeFile } from '../../electron/sync/format';
import { importPackage } from '../../electron/sync/service';
import { METHODS } from '../../shared/api/contract';
import { dumpDb, makeApp } from '../helpers/app';

/**
 * Hostile input: every contract method gets malformed, huge, wrongly typed, deeply nested and
 * encoding-broken payloads. No crash, no hang, always a Chinese error envelope (or a valid answer for the
 * read-only methods), and the database is unchanged by anything that was refused.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 3000);
let t: Awaited<ReturnType<typeof makeApp>>;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.cleanup());

const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1), b: [deep(n - 1 > 3 ? 3 : n - 1)] });
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

describe('fuzzing the contract (every method, hostile payloads)', () => {
  it(`${CASES} random calls: never a crash, always an envelope, refused calls change nothing`, async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), hostile, async (method, payload) => {
        const writes =
          method.endsWith('.create') ||
          method.endsWith('.update') ||
          method.endsWith('.delete') ||
          method.endsWith('.restore') ||
          method.startsWith('sync.') ||
          method.startsWith('users.') ||
          method.startsWith('settings.') ||
          method.startsWith('session.') ||
          method.startsWith('system.setup') ||
          method.startsWith('inspections.record') ||
          method.startsWith('hazards.') ||
          method.startsWith('households.addPhoto') ||
          method.startsWith('backups.create') ||
          method.startsWith('reports.export');
        const before = writes ? dumpDb(t.app) : '';
        const env = await dispatch(t.ctx, method, payload);
        expect(typeof env.ok).toBe('boolean');
        if (!env.ok) {
          refused++;
          expect(env.error.message).toMatch(/[\u4e00-\u9fff]/);
          expect(env.error.code).not.toBe('INTERNAL');
          if (writes) expect(dumpDb(t.app)).toBe(before);
        }
        // Keep the session logged in so every method is reached past the access check.
        if (!t.ctx.session.user) t.ctx.session.user = { id: adminId(), username: 'admin', displayName: '王管理', role: 'admin' };
        t.ctx.session.lastActive = t.app.now();
      }),
      { numRuns: CASES },
    );
    expect(refused).toBeGreaterThan(CASES * 0.8);
  }, 300_000);

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

function adminId(): string {
  return (t.app.store.sqlite.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: string }).id;
}
