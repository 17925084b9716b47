import { gunzipSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ENTITIES } from '../../shared/domain/entities';
import { decodeFile, encodeFile, signedBytes } from '../../electron/sync/format';
import { OFFICE_CARD_FORMAT_V1 } from '../../electron/sync/offices';
import { isSealed, sealedHeader } from '../../electron/sync/seal';
import {
  exportOfficeCard,
  exportPackage,
  importAck,
  importPackage,
  openPackage,
  registerOffice,
  stateHash,
  unregisterOffice,
} from '../../electron/sync/service';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';
import { personalValues } from '../helpers/contractCalls';
import { makeHierarchy, type TestApp } from '../helpers/sync';
import { createRecord, idCardFor, KINDS, rand } from '../helpers/syncWorld';

/*
 * Issue 14.1: what leaves the PC on a USB stick is encrypted to the office it is for. A person who finds the
 * stick sees no name, 身份证号, phone or address in the file's bytes, in any encoding; the office it is for
 * reads it; any other office is refused in Chinese.
 */

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** GBK/GB18030 bytes of a string (what a Chinese Windows program would write), from the decoder's own table. */
const gbk = (() => {
  const table = new Map<string, Buffer>();
  const dec = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      const ch = dec.decode(Buffer.from([a, b]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, Buffer.from([a, b]));
    }
  return (s: string) => Buffer.concat([...s].map((ch) => table.get(ch) ?? Buffer.from(ch, 'latin1')));
})();

/** Every form a value could take in a file: text encodings, JSON escapes, base64 at each alignment, hex. */
function forms(v: string): Buffer[] {
  const utf8 = Buffer.from(v, 'utf8');
  const escaped = JSON.stringify(v)
    .slice(1, -1)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const out = [utf8, Buffer.from(v, 'utf16le'), Buffer.from(v, 'utf16le').swap16(), gbk(v), Buffer.from(escaped, 'latin1')];
  out.push(Buffer.from(utf8.toString('hex'), 'latin1'), Buffer.from(utf8.toString('hex').toUpperCase(), 'latin1'));
  // Base64 of the value at each of the three alignments, without the edge characters that depend on neighbours.
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), utf8]).toString('base64');
    const inner = b64.slice(pad ? 4 : 0, -4);
    if (inner.length >= 8) out.push(Buffer.from(inner, 'latin1'));
  }
  return out;
}

/** The file and whatever decompresses from it at any offset (gzip members, raw deflate streams). */
function layers(file: Buffer): Buffer[] {
  const out = [file];
  for (let i = 0; i + 1 < file.length; i++) {
    if (file[i] === 0x1f && file[i + 1] === 0x8b)
      try {
        out.push(gunzipSync(file.subarray(i)));
      } catch {
        // not a gzip member
      }
  }
  try {
    out.push(inflateRawSync(file));
  } catch {
    // not deflate
  }
  return out;
}

/** The personal values (and key material) found in a file, in any of their forms. */
function found(file: Buffer, values: string[]): string[] {
  const hay = layers(file);
  return values.filter((v) => forms(v).some((f) => hay.some((h) => h.includes(f))));
}

/** A township with personal data in every kind that has some, and households with every personal field. */
function fill(t: TestApp, township: string, n: number) {
  const r = rand(7);
  for (let i = 0; i < n; i++)
    t.app.records.create(
      'households',
      {
        townshipCode: township,
        name: `欧阳${['秀英', '桂兰', '德明', '玉珍', '建国'][i % 5]}${'甲乙丙丁戊己庚辛'[i % 8]}`,
        idCard: idCardFor(r),
        phone: `1380000${String(1000 + i).padStart(4, '0')}`,
        address: `凤凰街道幸福村${i + 1}组${10 + i}号`,
        contactName: `诸葛${'春夏秋冬'[i % 4]}${'东南西北中'[i % 5]}`,
        contactPhone: `1590000${String(2000 + i).padStart(4, '0')}`,
        projectYear: 2026,
        status: '申请',
      },
      t.actor,
    );
  for (const [i, k] of KINDS.entries()) createRecord(t, k, township, 500 + i);
}

/**
 * What must not be readable: every value the app masks (personalValues), and addresses and contact people,
 * which it shows but which identify a person as much.
 */
function personal(t: TestApp): string[] {
  const rows = t.app.store.sqlite.prepare('SELECT name, idCard, phone, address, contactName, contactPhone FROM households').all() as Record<
    string,
    string | null
  >[];
  return [
    ...new Set([...personalValues(t.app), ...rows.flatMap((r) => Object.values(r).filter((v): v is string => !!v && v.length >= 4))]),
  ];
}

/** The private keys of an office, in the forms they could leak: PEM, and the raw bytes of the JWK's d. */
function keyMaterial(t: TestApp): string[] {
  const ed = t.app.keys.ensure();
  const x = t.app.keys.boxPrivateKey();
  const pem = ed.export({ type: 'pkcs8', format: 'pem' }).toString();
  const lines = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  return [...lines, ed.export({ format: 'jwk' }).d as string, x.export({ format: 'jwk' }).d as string];
}

describe('a lost USB stick reveals nothing (issue 14.1)', () => {
  it('township → district and district → township: no name, 身份证号, phone, address or key in the bytes; the receiver reads them all', async () => {
    const h = await makeHierarchy([FENGHUANG], { named: true });
    cleanup = h.cleanup;
    const d = h.district;
    const [t] = h.townships;
    fill(t, FENGHUANG, 40);
    const values = personal(t);
    // Every personal kind is in the search: names, 身份证号, phones, addresses.
    expect(values.filter((v) => /^\d{17}[\dX]$/.test(v)).length).toBeGreaterThanOrEqual(40);
    expect(values.filter((v) => /^1\d{10}$/.test(v)).length).toBeGreaterThanOrEqual(40);
    expect(values.filter((v) => v.startsWith('欧阳')).length).toBeGreaterThanOrEqual(40);
    expect(values.filter((v) => v.includes('幸福村')).length).toBeGreaterThanOrEqual(40);
    const up = exportPackage(t.app, t.actor, d.app.office()!.id, true);
    expect(isSealed(up.bytes)).toBe(true);
    expect(found(up.bytes, [...values, ...keyMaterial(t), ...keyMaterial(d)])).toEqual([]);
    // The search would have found them: the same bytes, opened by the district, hold every value.
    const inner = openPackage(d.app, up.bytes);
    expect(found(inner, values).sort()).toEqual([...values].sort());
    const ack = importPackage(d.app, d.actor, up.bytes).ack!;
    // The acknowledgement is signed, not encrypted: it carries no personal data.
    expect(found(Buffer.from(ack.bytes), values)).toEqual([]);
    importAck(t.app, t.actor, Buffer.from(ack.bytes));

    // Down: the district corrects a household and adds one; its package to the township is sealed the same way.
    const hh = d.app.records.list('households', {}).rows[0];
    d.app.records.update('households', { id: hh.id, patch: { phone: '13999990000', address: '凤凰街道新建路8号' } }, d.actor);
    d.app.records.create(
      'households',
      { townshipCode: FENGHUANG, name: '司马婉清', idCard: '42070419520305002X', phone: '13712345678', projectYear: 2026, status: '申请' },
      d.actor,
    );
    const down = exportPackage(d.app, d.actor, t.app.office()!.id);
    const downValues = ['13999990000', '凤凰街道新建路8号', '司马婉清', '42070419520305002X', '13712345678'];
    expect(found(down.bytes, [...downValues, ...values])).toEqual([]);
    expect(found(openPackage(t.app, down.bytes), downValues)).toEqual(downValues);
    importPackage(t.app, t.actor, down.bytes);
    expect(stateHash(t.app)).toBe(stateHash(d.app, new Set([FENGHUANG])));
  }, 120_000);

  it('a package for another office, for an older key of this office, or with a changed byte: refused in Chinese, nothing changed', async () => {
    const h = await makeHierarchy([FENGHUANG], { named: true });
    const other = await makeApp({ level: 'district', divisionCode: '420703000000', name: '华容区民政局' });
    cleanup = () => {
      h.cleanup();
      other.cleanup();
    };
    const d = h.district;
    const [t] = h.townships;
    fill(t, FENGHUANG, 3);
    const pkg = exportPackage(t.app, t.actor, d.app.office()!.id);
    // An office it is not for (another district).
    const before = dumpDb(other.app);
    expect(() => importPackage(other.app, other.actor, pkg.bytes)).toThrow(
      /^这个同步包是发给其他单位的,不是发给本单位.华容区民政局.的,本机无法解密/,
    );
    expect(dumpDb(other.app)).toBe(before);
    // One's own package is recognised, though it cannot be read here.
    expect(() => importPackage(t.app, t.actor, pkg.bytes)).toThrow(/这是本单位自己导出的同步包/);
    // The district's key as the header names it changed (a new installation under the same office id): said so.
    const header = sealedHeader(pkg.bytes);
    expect(header).toMatchObject({ senderId: t.app.office()!.id, receiverId: d.app.office()!.id });
    expect(JSON.stringify(header)).not.toMatch(/[\u4e00-\u9fff]/);
    const dBefore = dumpDb(d.app);
    /** The package with the first character of a header field's value replaced (a valid value of that field). */
    const withHeader = (field: 'receiverKey' | 'ephemeralKey' | 'iv') => {
      const b = Buffer.from(pkg.bytes);
      const at = b.indexOf(Buffer.from(`"${field}":"${header[field]}"`)) + `"${field}":"`.length;
      b.write(header[field][0] === '0' ? '1' : '0', at, 'latin1');
      return b;
    };
    const stale = withHeader('receiverKey');
    expect(() => importPackage(d.app, d.actor, stale)).toThrow(
      /按本单位.鄂城区民政局.以前的加密公钥加密的.*请把本单位的单位公钥文件重新交给对方登记/,
    );
    // Any changed byte of header, tag or ciphertext, and a cut-off copy: the decryption fails, said in Chinese.
    for (const field of ['ephemeralKey', 'iv'] as const)
      expect(() => importPackage(d.app, d.actor, withHeader(field)), field).toThrow(/^这个同步包无法解密:文件不完整或被改动过/);
    const len = pkg.bytes.readUInt32BE(8);
    for (const pos of [12 + len + 3, 12 + len + 16 + 5, Math.floor((12 + len + pkg.bytes.length) / 2), pkg.bytes.length - 1]) {
      const bad = Buffer.from(pkg.bytes);
      bad[pos] ^= 0x20;
      expect(() => importPackage(d.app, d.actor, bad), `byte ${pos}`).toThrow(/^这个同步包无法解密:文件不完整或被改动过/);
    }
    expect(() => importPackage(d.app, d.actor, pkg.bytes.subarray(0, pkg.bytes.length - 50))).toThrow(/无法解密:文件不完整或被改动过/);
    expect(() => importPackage(d.app, d.actor, pkg.bytes.subarray(0, 20))).toThrow(/无法解密/);
    expect(() => importAck(d.app, d.actor, pkg.bytes)).toThrow(/这是一个同步包文件,不是回执/);
    expect(dumpDb(d.app)).toBe(dBefore);
    // The right office, the right bytes: imported.
    expect(importPackage(d.app, d.actor, pkg.bytes).ack).toBeTruthy();
  }, 120_000);

  it('a package of the formats before encryption (plain gzip, signed) still imports when it passes the checks', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const d = h.district;
    const [t] = h.townships;
    fill(t, FENGHUANG, 2);
    const sealed = exportPackage(t.app, t.actor, d.app.office()!.id);
    const plain = openPackage(d.app, sealed.bytes);
    expect(plain[0]).toBe(0x1f);
    const res = importPackage(d.app, d.actor, plain);
    expect(res.summary.perEntity.find((e) => e.entity === 'households')?.new).toBe(t.app.records.list('households', {}).total);
    expect(stateHash(d.app, new Set([FENGHUANG]))).toBe(stateHash(t.app));
    // A plain package still passes every check: an altered one is refused as before.
    const f = decodeFile(plain, '同步包');
    const m = { ...(f.manifest as object), packageId: '00000000-0000-4000-8000-000000000001' };
    const altered = encodeFile(
      m,
      t.app.keys.sign(signedBytes(m)),
      f.body!.replace(/"townshipCode":"420704001000"/, '"townshipCode":"420704002000"'),
    );
    expect(() => importPackage(d.app, d.actor, altered)).toThrow(/校验值不符/);
  }, 120_000);

  it('an office registered from an old card (no encryption key): packages from it are read, none is sent to it until the card is re-exchanged', async () => {
    const d = await makeApp({ level: 'district', divisionCode: '420704000000', name: '鄂城区民政局' });
    const t = await makeApp({ level: 'township', divisionCode: FENGHUANG, name: '凤凰街道民政办' });
    cleanup = () => {
      d.cleanup();
      t.cleanup();
    };
    // The card the previous version wrote: format 1, no boxKey, signed.
    const {
      boxKey: _boxKey,
      signature: _signature,
      ...card
    } = JSON.parse(exportOfficeCard(t.app).bytes.toString('utf8')) as Record<string, unknown>;
    const old = { ...card, format: OFFICE_CARD_FORMAT_V1 };
    const oldCard = Buffer.from(JSON.stringify({ ...old, signature: t.app.keys.sign(signedBytes(old)) }), 'utf8');
    const reg = registerOffice(d.app, d.actor, oldCard);
    expect(reg.notice).toMatch(/旧版单位公钥文件.*可以导入“凤凰街道民政办”的同步包.*不能给它导出同步包/);
    registerOffice(t.app, t.actor, exportOfficeCard(d.app).bytes);
    fill(t, FENGHUANG, 1);
    expect(importPackage(d.app, d.actor, exportPackage(t.app, t.actor, d.app.office()!.id).bytes).ack).toBeTruthy();
    const before = dumpDb(d.app);
    expect(() => exportPackage(d.app, d.actor, t.app.office()!.id)).toThrow(
      /^“凤凰街道民政办”是用旧版单位公钥文件登记的,其中没有加密用的公钥,不能给它导出同步包.*重新导出单位公钥文件.*不用先解除。没有导出任何数据。$/,
    );
    expect(dumpDb(d.app)).toBe(before);
    // Re-exchanging the card (same signing key) upgrades the registration without ending it.
    expect(registerOffice(d.app, d.actor, exportOfficeCard(t.app).bytes).notice).toBeUndefined();
    const down = exportPackage(d.app, d.actor, t.app.office()!.id);
    expect(importPackage(t.app, t.actor, down.bytes).ack).toBeTruthy();
    // A card whose encryption key is not an X25519 key, or whose signing key is replaced, is refused.
    const parsed = JSON.parse(exportOfficeCard(t.app).bytes.toString('utf8')) as Record<string, unknown>;
    const { signature: _s, ...unsigned } = parsed;
    const wrongBox = { ...unsigned, boxKey: unsigned.publicKey };
    expect(() =>
      registerOffice(d.app, d.actor, Buffer.from(JSON.stringify({ ...wrongBox, signature: t.app.keys.sign(signedBytes(wrongBox)) }))),
    ).toThrow(/单位公钥文件内容不完整或格式不对/);
    expect(() => unregisterOffice(d.app, d.actor, t.app.office()!.id)).not.toThrow();
  }, 120_000);
});

it('every synced kind is in the lost-stick fill', () => {
  expect([...KINDS].sort()).toEqual(Object.keys(ENTITIES).sort());
});
