import type { Role } from '../../shared/domain/enums';

/** Who is acting: every write is attributed, and the role decides what is masked and what is allowed. */
export interface Actor {
  userId: string;
  userName: string;
  role: Role;
}

/** Writes done by the app itself (seeding, migrations of data, sync apply) name themselves. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', userName: '系统', role: 'admin' };
