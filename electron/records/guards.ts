import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import type { Actor } from './actor';

/**
 * A write as a guard sees it: inside the write's transaction, before anything of it is stored. Other domains
 * (e.g. the reporting cycle's locked quarters) register guards with Records.addGuard; the engine knows none of
 * them. A guard may throw (the transaction rolls back, the database is unchanged) now or after the write.
 */
export interface GuardedWrite {
  entity: EntityName;
  action: 'create' | 'update' | 'delete' | 'restore';
  /** The stored record before the write (null on create). */
  before: Record<string, unknown> | null;
  /** The record as it will be stored, with its township (null on delete). */
  after: Record<string, unknown> | null;
  /**
   * Every record kind the write may change: its own, the children that go with a deleted or restored parent,
   * and the records that rules of the engine write with it (a household's dated steps and its 进度).
   */
  touches: EntityName[];
  actor: Actor;
  /** A reason given for the write where a guard asks for one (never stored by the engine itself). */
  reason?: string;
}

/** What a guard returns to run once the write (and everything written with it) is done, still in its transaction. */
export type AfterWrite = (done: { id: string }) => void;
export type WriteGuard = (write: GuardedWrite) => AfterWrite | undefined;

/** Records written by the engine's own rules together with a record of this kind (see Records.afterWrite). */
const WRITTEN_WITH: Partial<Record<EntityName, EntityName[]>> = { households: ['householdSteps'], householdSteps: ['households'] };

/** The kinds a write of `name` may change (see GuardedWrite.touches). */
export function touchedKinds(name: EntityName, action: GuardedWrite['action']): EntityName[] {
  if (action === 'create' || action === 'update') return [name, ...(WRITTEN_WITH[name] ?? [])];
  const out: EntityName[] = [name];
  for (let i = 0; i < out.length; i++)
    for (const e of Object.values(ENTITIES) as unknown as EntityDef[])
      if (e.parent?.entity === out[i] && !out.includes(e.name)) out.push(e.name);
  return out;
}
