/**
 * Rectification of a hazard (spec §3.4): 待整改 → 整改中 → 已整改 → 已销号. A step may be skipped forward
 * (a 立行立改 hazard goes straight to 已整改 or 已销号 during the visit); 已整改 may go back to 整改中 when
 * the review finds the fix incomplete; 已销号 is final.
 */
export const HAZARD_TRANSITIONS: Record<string, readonly string[]> = {
  待整改: ['整改中', '已整改', '已销号'],
  整改中: ['已整改', '已销号'],
  已整改: ['已销号', '整改中'],
  已销号: [],
};

export function canMoveHazard(from: string, to: string): boolean {
  return from === to || (HAZARD_TRANSITIONS[from] ?? []).includes(to);
}

export function hazardMoveError(from: string, to: string): string {
  if (from === '已销号') return '该隐患已销号,不能再更改状态。如发现新问题,请在新的检查中登记。';
  return `隐患状态不能从“${from}”改为“${to}”。整改流程为:待整改 → 整改中 → 已整改 → 已销号。`;
}
