import { describe, expect, it } from 'vitest';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { SYNC_RULES } from '../../shared/sync/rules';

const UUID = '6f1c1e6e-0000-4000-8000-000000000001';

/**
 * The sync rules are declared in one place (shared/sync/rules.ts). A field that names another record
 * (a ref) gives the receiver something to check: that record must be in the sender's area too. A new
 * record kind, or a new ref field, that is not declared there would travel unchecked: this test says so.
 */
describe('sync rules are declared for every record kind', () => {
  const kinds = Object.entries(ENTITIES) as [EntityName, EntityDef][];

  it('every field naming another record is the parent field or a declared ref', () => {
    for (const [name, e] of kinds) {
      const refs = Object.entries(e.fields)
        .filter(([, f]) => f.zod.safeParse(UUID).success && !f.zod.safeParse('不是编号').success)
        .map(([k]) => k)
        .filter((k) => k !== e.parent?.field);
      expect(Object.keys(SYNC_RULES[name].refs ?? {}).sort(), `${name}: fields that name records`).toEqual(refs.sort());
    }
  });

  it('declared refs, fixed fields and levels name things that exist', () => {
    for (const [name, e] of kinds) {
      const rule = SYNC_RULES[name];
      for (const [field, target] of Object.entries(rule.refs ?? {})) {
        expect(e.fields[field], `${name}.${field}`).toBeDefined();
        expect(ENTITIES[target], `${name}.${field} → ${target}`).toBeDefined();
      }
      for (const f of rule.fixed ?? []) expect(e.fields[f], `${name}.${f}`).toBeDefined();
    }
    expect(Object.keys(SYNC_RULES).sort()).toEqual(Object.keys(ENTITIES).sort());
  });
});
