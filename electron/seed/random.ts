import { idCardCheckChar } from '../../shared/validators/idCard';

/** sfc32: small, fast, and the same numbers on every machine for a given seed (deterministic demo data). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  next(): number {
    this.a |= 0;
    this.b |= 0;
    this.c |= 0;
    this.d |= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((a, [, w]) => a + w, 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
  sample<T>(xs: readonly T[], n: number): T[] {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
  /** A v4-shaped UUID from the generator (deterministic, unlike crypto.randomUUID). */
  uuid(): string {
    const h = () =>
      Math.floor(this.next() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    const v = (8 + Math.floor(this.next() * 4)).toString(16);
    return `${h()}${h()}-${h()}-4${h().slice(1)}-${v}${h().slice(1)}-${h()}${h()}${h()}`;
  }
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '秀英桂兰玉珍凤英兰英建国国华志明德明春花金凤淑珍丽华红梅世民文华永福长江明华光辉翠兰宝珍义和德胜家富树林美玲秋菊冬梅爱华振华国强';

export function chineseName(r: Rng): string {
  const s = r.pick([...SURNAMES]);
  const g = [...GIVEN];
  return r.chance(0.75) ? `${s}${r.pick(g)}${r.pick(g)}` : `${s}${r.pick(g)}`;
}

export function mobile(r: Rng): string {
  return `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999999999)).padStart(9, '0')}`;
}

/** A valid 身份证号 (GB 11643 check char) for someone born in the township's county. */
export function idCard(r: Rng, county6: string, birth: string): { id: string; sex: '男' | '女' } {
  const seq = String(r.int(1, 999)).padStart(3, '0');
  const first17 = `${county6}${birth.replace(/-/g, '')}${seq}`;
  return { id: first17 + idCardCheckChar(first17), sex: Number(seq[2]) % 2 === 1 ? '男' : '女' };
}

export { addDays } from '../../shared/domain/dates';

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400_000);
}
