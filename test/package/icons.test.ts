/** The two icons Teams requires, checked as Teams' validation checks them. */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { drawColourIcon, drawOutlineIcon } from '../../scripts/make-icons';

const dir = path.resolve(__dirname, '../../appPackage');
const read = (name: string) => PNG.sync.read(fs.readFileSync(path.join(dir, name)));

function pixels(png: PNG): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  for (let i = 0; i < png.data.length; i += 4) out.push([png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]]);
  return out;
}

test('color.png is 192x192, opaque and in colour', () => {
  const png = read('color.png');
  expect([png.width, png.height]).toEqual([192, 192]);
  const all = pixels(png);
  expect(all.every(([, , , a]) => a === 255)).toBe(true);
  const colours = new Set(all.map(([r, g, b]) => `${r},${g},${b}`));
  expect(colours.size).toBeGreaterThan(10);
  // Not grey: the sun is warm against a blue ground.
  expect(all.some(([r, g, b]) => r > 200 && b < 120)).toBe(true);
  expect(all.some(([r, g, b]) => b > r + 60)).toBe(true);
});

test('outline.png is 32x32, every pixel fully transparent or white, with a visible mark', () => {
  const png = read('outline.png');
  expect([png.width, png.height]).toEqual([32, 32]);
  const all = pixels(png);
  const offending = all.filter(([r, g, b, a]) => a !== 0 && !(r === 255 && g === 255 && b === 255));
  expect(offending).toEqual([]);
  const solid = all.filter(([, , , a]) => a === 255).length;
  const clear = all.filter(([, , , a]) => a === 0).length;
  // A mark, not a blank or a filled square: between a tenth and a half of the square is solid white.
  expect(solid).toBeGreaterThan(all.length / 10);
  expect(solid).toBeLessThan(all.length / 2);
  expect(clear).toBeGreaterThan(all.length / 3);
  // The edge pixels are clear, so the mark does not touch the frame Teams draws it in.
  const edge = all.filter((_, i) => i % 32 === 0 || i % 32 === 31 || i < 32 || i >= 32 * 31);
  expect(edge.every(([, , , a]) => a < 128)).toBe(true);
});

test('the committed icons are exactly what scripts/make-icons.ts draws', () => {
  expect(Buffer.compare(read('color.png').data, drawColourIcon().data)).toBe(0);
  expect(Buffer.compare(read('outline.png').data, drawOutlineIcon().data)).toBe(0);
});
