/**
 * Draws Firstday's two Teams icons: a sun rising over the horizon, for the first day back and the
 * first call of the morning. `npx tsx scripts/make-icons.ts` writes appPackage/color.png (192x192,
 * full colour) and appPackage/outline.png (32x32, white on transparent). The PNGs are committed;
 * the test checks they are what this script draws.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgb = [number, number, number];

/** The icon's background; the manifest's accentColor is the same colour. */
export const ICON_BACKGROUND: Rgb = [0x1f, 0x4e, 0x8c];
const SUN: Rgb = [0xff, 0xb9, 0x38];
const WHITE: Rgb = [0xff, 0xff, 0xff];

/** Which part of the mark a point falls in; coordinates are in the mark's own unit square, y downwards. */
type Part = 'horizon' | 'sun' | 'ray' | undefined;

const CENTRE = { x: 0.5, y: 0.69 };
const SUN_RADIUS = 0.25;
const RAY_FROM = 0.33;
const RAY_TO = 0.46;
const RAY_HALF_WIDTH = 0.038;
const RAY_ANGLES = [20, 55, 90, 125, 160].map((deg) => (deg * Math.PI) / 180);
const HORIZON = { x0: 0.045, x1: 0.955, y: 0.775, halfHeight: 0.042 };

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function partAt(x: number, y: number): Part {
  // Every part lies inside the unit square.
  if (x < 0 || x > 1 || y < 0 || y > 1) return undefined;
  if (distanceToSegment(x, y, HORIZON.x0, HORIZON.y, HORIZON.x1, HORIZON.y) <= HORIZON.halfHeight) return 'horizon';
  // The sun is cut by the horizon, with a gap so the two read apart at 32 pixels.
  if (y <= CENTRE.y && Math.hypot(x - CENTRE.x, y - CENTRE.y) <= SUN_RADIUS) return 'sun';
  for (const angle of RAY_ANGLES) {
    const cos = Math.cos(angle);
    const sin = -Math.sin(angle);
    const d = distanceToSegment(x, y, CENTRE.x + cos * RAY_FROM, CENTRE.y + sin * RAY_FROM, CENTRE.x + cos * RAY_TO, CENTRE.y + sin * RAY_TO);
    if (d <= RAY_HALF_WIDTH) return 'ray';
  }
  return undefined;
}

/** Share of each pixel covered by each part, from a 6x6 grid of samples per pixel (anti-aliasing). */
function coverage(size: number, markFrom: number, markTo: number, px: number, py: number): Map<Exclude<Part, undefined>, number> {
  const samples = 6;
  const counts = new Map<Exclude<Part, undefined>, number>();
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const u = (px + (sx + 0.5) / samples) / size;
      const v = (py + (sy + 0.5) / samples) / size;
      const part = partAt((u - markFrom) / (markTo - markFrom), (v - markFrom) / (markTo - markFrom));
      if (part) counts.set(part, (counts.get(part) ?? 0) + 1);
    }
  }
  for (const [k, n] of counts) counts.set(k, n / (samples * samples));
  return counts;
}

/** 192x192, full colour on a solid background; the mark keeps inside the central 120 pixels Teams never crops. */
export function drawColourIcon(): PNG {
  const size = 192;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cover = coverage(size, 0.19, 0.81, x, y);
      const colour: Rgb = [...ICON_BACKGROUND];
      for (const [part, share] of cover) {
        const paint = part === 'horizon' ? WHITE : SUN;
        for (let c = 0; c < 3; c++) colour[c] += (paint[c] - ICON_BACKGROUND[c]) * share;
      }
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(colour[0]);
      png.data[i + 1] = Math.round(colour[1]);
      png.data[i + 2] = Math.round(colour[2]);
      png.data[i + 3] = 255;
    }
  }
  return png;
}

/** 32x32, white on transparent: only the alpha channel varies, as Teams requires of an outline icon. */
export function drawOutlineIcon(): PNG {
  const size = 32;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let share = 0;
      for (const s of coverage(size, 0.03, 0.97, x, y).values()) share += s;
      const alpha = Math.round(Math.min(1, share) * 255);
      const i = (y * size + x) * 4;
      // A fully transparent pixel is stored as transparent black; every visible pixel is pure white.
      const value = alpha === 0 ? 0 : 255;
      png.data[i] = value;
      png.data[i + 1] = value;
      png.data[i + 2] = value;
      png.data[i + 3] = alpha;
    }
  }
  return png;
}

export function writeIcons(dir: string): { colour: string; outline: string } {
  const colour = path.join(dir, 'color.png');
  const outline = path.join(dir, 'outline.png');
  fs.writeFileSync(colour, PNG.sync.write(drawColourIcon()));
  fs.writeFileSync(outline, PNG.sync.write(drawOutlineIcon()));
  return { colour, outline };
}

if (require.main === module) {
  const written = writeIcons(path.resolve(__dirname, '../appPackage'));
  process.stdout.write(`Wrote ${written.colour} and ${written.outline}\n`);
}
