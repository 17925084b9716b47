/*
 * The smallest part of the POSIX tar (ustar) format that an office archive needs: regular files with
 * relative ASCII names. Plain tar so that a technician can open an archive with 7-Zip or `tar -xf` when the
 * program cannot; read back only by our own reader, which checks every header and never follows a path
 * out of the target (see ./archive.ts for which names are accepted).
 */

const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`文件名太长,不能放入迁移包:${name}`);
  nameBytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum counted as spaces
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** One archive as a list of buffers to write in order (header, data, padding … two zero blocks). */
export function tarChunks(entries: readonly { name: string; data: Buffer; mtime?: number }[]): Buffer[] {
  const out: Buffer[] = [];
  for (const e of entries) {
    out.push(header(e.name, e.data.length, e.mtime ?? Date.now()), e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) out.push(Buffer.alloc(pad, 0));
  }
  out.push(Buffer.alloc(BLOCK * 2, 0));
  return out;
}

/** Every regular file of a tar archive; throws (with what is wrong) on a damaged or foreign archive. */
export function readTar(buf: Buffer): { name: string; data: Buffer }[] {
  const files: { name: string; data: Buffer }[] = [];
  let off = 0;
  while (off + BLOCK <= buf.length) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) return files;
    if (h.toString('ascii', 257, 262) !== 'ustar') throw new Error('不是迁移包格式(文件头不对)');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (parseInt(h.toString('ascii', 148, 156).replace(/\0.*$/, '').trim(), 8) !== sum) throw new Error('文件头校验和不对,文件可能已损坏');
    const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/, '').trim(), 8);
    const type = h.toString('ascii', 156, 157);
    if (!Number.isSafeInteger(size) || size < 0 || off + BLOCK + size > buf.length) throw new Error('文件不完整(可能没有拷贝完)');
    if (type === '0' || type === '\0') files.push({ name, data: buf.subarray(off + BLOCK, off + BLOCK + size) });
    else throw new Error(`迁移包中有不支持的条目:${name}`);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error('文件不完整(缺少结束标记,可能没有拷贝完)');
}
