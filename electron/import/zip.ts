import { crc32, inflateRawSync } from 'node:zlib';

/**
 * The parts of a zip (.xlsx, .xlsb, .ods), read with Node's own zlib and checked against their CRC-32.
 * SheetJS's pure-JS inflater neither checks the CRC (a damaged byte would silently become another value)
 * nor stops on damaged data (it can loop for ever): a file from a pulled-out USB stick must be refused.
 * Returns null when the bytes are not an intact zip.
 */
export interface ZipEntry {
  name: string;
  content: Buffer;
}

/** A ledger's sheet XML is a few MB; anything near this is a zip bomb or not a ledger. */
const MAX_ENTRY = 256 * 1024 * 1024;
const MAX_TOTAL = 400 * 1024 * 1024;

export function readZip(bytes: Buffer, skip: (name: string) => boolean = () => false): ZipEntry[] | null {
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) return null;
  const count = bytes.readUInt16LE(eocd + 10);
  const cdSize = bytes.readUInt32LE(eocd + 12);
  let p = bytes.readUInt32LE(eocd + 16);
  if (p + cdSize > eocd) return null;
  const out: ZipEntry[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== 0x02014b50) return null;
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const crc = bytes.readUInt32LE(p + 16);
    const compressed = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) return null; // encrypted entries: not a workbook we can read
    if (name.endsWith('/')) continue;
    total += size;
    if (size > MAX_ENTRY || total > MAX_TOTAL) return null;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) return null;
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + compressed > bytes.length) return null;
    if (skip(name)) continue;
    const raw = bytes.subarray(start, start + compressed);
    let content: Buffer;
    try {
      if (method === 0) content = Buffer.from(raw);
      else if (method === 8) content = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
      else return null;
    } catch {
      return null;
    }
    if (content.length !== size || crc32(content) >>> 0 !== crc) return null;
    out.push({ name, content });
  }
  return out;
}

function findEndOfCentralDirectory(b: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) if (b.readUInt32LE(i) === 0x06054b50) return i;
  return -1;
}
