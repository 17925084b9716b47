/**
 * Masking of personal information on lists, printed rosters and exports (spec §8, 个人信息保护法 第28条):
 * `420704********1234`, `张*华`, `138****1234`. Enough stays visible for a clerk to tell records apart and to
 * match a paper form, never enough to identify or call the person.
 *
 * Every function takes whatever the database holds (string, null or undefined) and returns '' for empty
 * values, so callers can pass cells straight through.
 */
const stars = (n: number): string => '*'.repeat(Math.max(0, n));

/** Keep the last `n` characters; a value that short is masked entirely rather than shown whole. */
function keepTail(v: string, n: number): string {
  return v.length <= n ? stars(v.length) : stars(v.length - n) + v.slice(-n);
}

/**
 * 18-char numbers keep the 6-digit address code and the last 4 (the format the spec shows);
 * legacy 15-digit numbers keep the address code and the last 3 (their sequence number, there is no check char).
 * Anything shorter is not a real 身份证号 (a typo, a fragment) and keeps only its last 2.
 */
export function maskIdCard(v: string | null | undefined): string {
  const s = (v ?? '').trim();
  if (!s) return '';
  if (s.length >= 18) return s.slice(0, 6) + stars(s.length - 10) + s.slice(-4);
  if (s.length >= 15) return s.slice(0, 6) + stars(s.length - 9) + s.slice(-3);
  return keepTail(s, 2);
}

/** Surname (first char) and, for three or more chars, the last char stay; single-char names stay as they are. */
export function maskName(v: string | null | undefined): string {
  const s = (v ?? '').trim();
  if (!s) return '';
  // Spread, not .length/.slice: rare-name characters (e.g. 𠮷) are outside the BMP and take two UTF-16 units.
  const chars = [...s];
  if (chars.length === 1) return s;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + stars(chars.length - 2) + chars[chars.length - 1];
}

/**
 * Area codes 010 and 020–029 have three digits, all others four (0711, 0311…). Knowing this lets an
 * undashed landline such as 02788881234 keep exactly its area code.
 */
function areaCodeLength(digits: string): number {
  return /^0[12]/.test(digits) ? 3 : 4;
}

function maskOnePhone(token: string): string {
  const s = token.replace(/\s+/g, '');
  if (!s) return token;
  const landline = /^(0\d{2,3})(-)(\d+)$/.exec(s);
  if (landline) return `${landline[1]}-${keepTail(landline[3], 4)}`;
  if (/^0\d{9,11}$/.test(s)) {
    const n = areaCodeLength(s);
    return s.slice(0, n) + keepTail(s.slice(n), 4);
  }
  // Mobiles (and other long numbers): first 3 (the carrier prefix) and last 4, at least 4 hidden.
  if (s.length >= 11) return s.slice(0, 3) + stars(s.length - 7) + s.slice(-4);
  // A local number without area code or a fragment: only the tail, so that at least half is hidden.
  return keepTail(s, Math.min(4, Math.floor(s.length / 2)));
}

/**
 * Clerks often put two numbers in one cell ("13812341234/0711-3201234"); each is masked on its own and the
 * separators are kept.
 */
export function maskPhone(v: string | null | undefined): string {
  const s = (v ?? '').trim();
  if (!s) return '';
  return s.replace(/[^,，/、;；]+/g, (part) => {
    const lead = /^\s*/.exec(part)?.[0] ?? '';
    const trail = /\s*$/.exec(part)?.[0] ?? '';
    return lead + maskOnePhone(part.trim()) + trail;
  });
}
