// Draws the extension icon (icon.png, 128x128): a teal shield with a white cross. Only Node built-ins:
// the shapes are sampled 4x4 per pixel for smooth edges and written as an RGBA PNG.
// Usage: node client/make-icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

function inShield(x, y) {
  const top = 0.1;
  const shoulder = 0.5;
  const tip = 0.93;
  if (y < top || y > tip) return false;
  const dx = Math.abs(x - 0.5);
  if (y <= shoulder) {
    // Rounded top corners.
    const r = 0.08;
    const half = 0.38;
    if (y < top + r && dx > half - r) return Math.hypot(dx - (half - r), y - (top + r)) <= r;
    return dx <= half;
  }
  const t = (y - shoulder) / (tip - shoulder);
  return dx <= 0.38 * Math.sqrt(Math.max(0, 1 - t * t));
}

function inCross(x, y) {
  const cx = 0.5;
  const cy = 0.46;
  const arm = 0.2;
  const half = 0.065;
  const dx = Math.abs(x - cx);
  const dy = Math.abs(y - cy);
  return (dx <= half && dy <= arm) || (dy <= half && dx <= arm);
}

const shield = [15, 118, 110];
const light = [45, 212, 191];
const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let cover = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = (px + (sx + 0.5) / SAMPLES) / SIZE;
        const y = (py + (sy + 0.5) / SAMPLES) / SIZE;
        if (!inShield(x, y)) continue;
        cover++;
        if (inCross(x, y)) {
          r += 255;
          g += 255;
          b += 255;
        } else {
          // A soft vertical gradient from light to deep teal.
          const t = Math.min(1, Math.max(0, (y - 0.1) / 0.83));
          r += light[0] + (shield[0] - light[0]) * t;
          g += light[1] + (shield[1] - light[1]) * t;
          b += light[2] + (shield[2] - light[2]) * t;
        }
      }
    }
    const offset = (py * SIZE + px) * 4;
    if (cover === 0) continue;
    pixels[offset] = Math.round(r / cover);
    pixels[offset + 1] = Math.round(g / cover);
    pixels[offset + 2] = Math.round(b / cover);
    pixels[offset + 3] = Math.round((255 * cover) / (SAMPLES * SAMPLES));
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = process.argv[2] ?? 'icon.png';
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
