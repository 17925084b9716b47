// Draws the app icon (a simple house with a heart on blue) as a 512×512 PNG using only Node built-ins,
// so the icon is reproducible and no image tool is needed. Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 512;
const px = Buffer.alloc(N * N * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * N + x) * 4;
  px[i] = r;
  px[i + 1] = g;
  px[i + 2] = b;
  px[i + 3] = a;
};
const BLUE = [31, 111, 235, 255],
  WHITE = [255, 255, 255, 255],
  RED = [232, 72, 85, 255];
for (let y = 0; y < N; y++)
  for (let x = 0; x < N; x++) {
    const r = 96,
      dx = Math.max(r - x, 0, x - (N - 1 - r)),
      dy = Math.max(r - y, 0, y - (N - 1 - r));
    if (dx * dx + dy * dy <= r * r) set(x, y, BLUE);
    // house: roof triangle and body
    const roof = y >= 120 && y <= 250 && Math.abs(x - 256) <= (y - 120) * 1.15;
    const body = y > 250 && y <= 400 && x >= 150 && x <= 362;
    if (roof || body) set(x, y, WHITE);
    // heart in the body
    const hx = (x - 256) / 52,
      hy = (330 - y) / 52;
    if ((hx * hx + hy * hy - 1) ** 3 - hx * hx * hy * hy * hy <= 0) set(x, y, RED);
  }
const raw = Buffer.alloc((N * 4 + 1) * N);
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (b) => {
  let c = 0xffffffff;
  for (const v of b) c = crcTable[(c ^ v) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../resources/icons/icon.png', import.meta.url), png);
writeFileSync(new URL('../resources/icons/512x512.png', import.meta.url), png);
console.log('icon written', png.length, 'bytes');
