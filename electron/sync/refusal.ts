import { AppError } from '../../shared/api/errors';

/** Which check of a package's content refused it (counted by the sync fuzz test; named in docs/sync.md). */
export type RefusalCheck =
  | 'offices' // the offices a child declared below itself are not its own
  | 'origin' // a change claims an office the sender may not speak for
  | 'missing' // a change names a record that is neither in the package nor here
  | 'idClash' // a new record's id is already used by a record of another kind
  | 'owner' // the record's owning office would change
  | 'area' // the record lies outside the sender's area
  | 'move' // the record would move outside the sender's area
  | 'parent' // a child record would move to another parent
  | 'fixed' // a field that never changes once the record exists
  | 'ref' // a field names a record outside the sender's area
  | 'ownerOrAbove' // a record only its owner or an office above may change
  | 'writtenFrom' // a record kind only higher offices write
  | 'writtenBy' // a record only the office at its place (or above it) writes
  | 'photo'; // a photo not tied to a record in the sender's area, or over the limits

/**
 * A package refused because of what it says, not because it is damaged: a registered office signed it,
 * and one of its changes goes beyond what that office may write. Nothing of it is applied.
 */
export class SyncRefusal extends AppError {
  constructor(
    readonly check: RefusalCheck,
    message: string,
    /** How many changes (or declared offices, photos) broke a check, this one included. */
    readonly count = 1,
  ) {
    super('FORBIDDEN', message);
  }
}

/** The sentence every content refusal ends with: nothing changed, and whom to ask. */
export function refusalTail(senderName: string): string {
  return `为安全起见,整个同步包都没有导入,本单位的数据没有任何改动。请与“${senderName}”核实:对方的程序可能有误,或其电脑、密钥可能被他人使用。`;
}
