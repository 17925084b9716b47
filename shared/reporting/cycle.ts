import { daysInMonth } from '../domain/dates';
import { quarterPeriod } from '../inspections/coverage';

/** The 报送 deadline of a quarter: `day` of the month after it (the 5th by default; spec §10, configurable). */
export function deadlineOf(year: number, quarter: number, day: number): string {
  const y = quarter === 4 ? year + 1 : year;
  const m = quarter === 4 ? 1 : quarter * 3 + 1;
  const d = Math.min(Math.max(1, Math.round(day)), daysInMonth(y, m));
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The quarter being reported on a day: the last one that has ended before it. */
export function roundOf(today: string): { year: number; quarter: number } {
  const y = Number(today.slice(0, 4));
  const q = Math.ceil(Number(today.slice(5, 7)) / 3);
  return q === 1 ? { year: y - 1, quarter: 4 } : { year: y, quarter: q - 1 };
}

/** A quarter may be submitted once it has ended (figures "as of quarter end" are final only then). */
export function hasEnded(year: number, quarter: number, today: string): boolean {
  return quarterPeriod(year, quarter).end < today;
}

export const quarterName = (year: number, quarter: number) => `${year}年第${quarter}季度`;
