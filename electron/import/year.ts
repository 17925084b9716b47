import { cellText, type Cell } from '../../shared/import/cells';

/**
 * Where a ledger without a 年度 column says which year it is for: its title (`2024年适老化改造台账`), the
 * sheet's name, the file's name. Each is only a choice for the clerk to confirm (spec §7: a year taken from
 * nowhere is a guess); today's date is never one of them. A date (填报日期:2025年1月5日, 导出20250105) is when
 * the sheet was filled in or exported, not the year it is about, so it is not offered.
 */
export interface YearOption {
  value: number;
  label: string;
}

const CHINESE_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** 二〇二四年 → 2024年 (titles of printed documents spell years so). */
function arabicYears(s: string): string {
  return s.replace(/[〇零一二三四五六七八九]{4}(?=\s*年)/g, (m) => [...m].map((c) => CHINESE_DIGITS[c]).join(''));
}

const inRange = (y: number) => y >= 2000 && y <= 2100;

/** A four-digit year followed by a month (2024年7月, 2024-07-05, 2024.7, 2024/7) is a date, not a ledger's year. */
const DATE_AFTER = /^\s*(年\s*\d{1,2}\s*月|[-./_]\d{1,2}(?!\d))/;

/** Years a title line names: `2024年…`, `2024年度`, `2024适老化改造台账`; not a date or a 填报日期 line. */
export function yearsInTitle(text: string): number[] {
  const t = arabicYears(text.replace(/\s+/g, ''));
  if (/^(填报|填表|制表|报送|统计|导出|打印)?(日期|时间)[:：]/.test(t)) return [];
  const out: number[] = [];
  for (const m of t.matchAll(/(?<!\d)(\d{4})(?!\d)/g)) {
    const y = Number(m[1]);
    if (inRange(y) && !DATE_AFTER.test(t.slice((m.index ?? 0) + 4))) out.push(y);
  }
  return out;
}

/** Years in a sheet or file name: a four-digit year on its own (not part of a longer number or a date). */
export function yearsInName(name: string): number[] {
  const t = arabicYears(name.replace(/\.[A-Za-z0-9]{2,5}$/, ''));
  const out: number[] = [];
  for (const m of t.matchAll(/(?<!\d)(\d{4})(?!\d)/g)) {
    const y = Number(m[1]);
    if (inRange(y) && !DATE_AFTER.test(t.slice((m.index ?? 0) + 4))) out.push(y);
  }
  return out;
}

/** The years a file offers, each once, with every place it was found; the title first, then sheet, then file. */
export function yearOptions(opts: { titleRows: Cell[][]; sheetName: string; fileName: string }): YearOption[] {
  const found = new Map<number, string[]>();
  const add = (y: number, where: string) => {
    const list = found.get(y) ?? [];
    if (!list.includes(where)) list.push(where);
    found.set(y, list);
  };
  for (const row of opts.titleRows) {
    const texts = [...new Set(row.map((c) => cellText(c)).filter(Boolean))];
    for (const t of texts) for (const y of yearsInTitle(t)) add(y, `标题“${t.length > 30 ? `${t.slice(0, 30)}…` : t}”`);
  }
  for (const y of yearsInName(opts.sheetName)) add(y, `工作表名“${opts.sheetName}”`);
  for (const y of yearsInName(opts.fileName)) add(y, `文件名“${opts.fileName}”`);
  return [...found].map(([value, where]) => ({ value, label: `${value} 年度(见${where.join('、')})` }));
}
