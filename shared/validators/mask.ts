/** Masking of personal data for lists, printed rosters and exports (spec §8). */
export function maskIdCard(v: string | null | undefined): string {
  if (!v) return '';
  if (v.length >= 15) return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
  if (v.length <= 2) return '*'.repeat(v.length);
  return `${'*'.repeat(v.length - 2)}${v.slice(-2)}`;
}

export function maskName(v: string | null | undefined): string {
  if (!v) return '';
  const chars = [...v];
  if (chars.length === 1) return v;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function maskPhone(v: string | null | undefined): string {
  if (!v) return '';
  const landline = /^(0\d{2,3})(-?)(\d+)(\d{4})$/.exec(v);
  if (landline && !/^1/.test(v)) return `${landline[1]}${landline[2]}${'*'.repeat(landline[3].length)}${landline[4]}`;
  if (v.length >= 7) return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, v.length - 2))}${v.slice(-2)}`;
}
