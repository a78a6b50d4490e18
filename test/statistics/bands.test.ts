import { bandCrossings, bandFor, isLowerBand, orderedBands, whoToTell } from '../../bot/domain/statistics/bands';
import { testSchool } from './fixtures';

const school = testSchool();
const bands = orderedBands([...school.bands].reverse());

test('bands are ordered highest first whatever order the school set them in, and checked', () => {
  expect(bands.map((b) => b.belowPercent)).toEqual([95, 92, 90, 50]);
  expect(() => orderedBands([{ belowPercent: 95, label: 'a' }, { belowPercent: 95, label: 'b' }])).toThrow('Attendance band 2 ("b"): a band at 95% is set twice');
  expect(() => orderedBands([{ belowPercent: 120, label: 'too high' }])).toThrow('Attendance band 1 ("too high"): belowPercent 120 must be more than 0 and at most 100');
});

test('a pupil is in the lowest band at or above their percentage; exactly on a line is in that band', () => {
  expect(bandFor(bands, 96, 100)).toBeUndefined();
  expect(bandFor(bands, 95, 100)).toEqual({ belowPercent: 95, label: 'Below 95%' });
  expect(bandFor(bands, 93, 100)?.belowPercent).toBe(95);
  expect(bandFor(bands, 92, 100)?.belowPercent).toBe(92);
  expect(bandFor(bands, 90, 100)?.belowPercent).toBe(90);
  expect(bandFor(bands, 51, 100)?.belowPercent).toBe(90);
  expect(bandFor(bands, 0, 100)?.belowPercent).toBe(50);
  // 23 of 25 is 92% exactly, which floating-point division puts a hair above 92.
  expect(bandFor(bands, 23, 25)?.belowPercent).toBe(92);
  expect(bandFor(bands, 0, 19)).toBeUndefined(); // too few sessions to place
  expect(bandFor(bands, 0, 19, 0)?.belowPercent).toBe(50);
});

test('crossing means a lower band than before; improving, staying or a first band from none', () => {
  const b95 = { belowPercent: 95, label: 'Below 95%' };
  const b90 = { belowPercent: 90, label: 'Persistent absence' };
  expect(isLowerBand(undefined, b95)).toBe(true);
  expect(isLowerBand(b95, b90)).toBe(true);
  expect(isLowerBand(b90, b95)).toBe(false);
  expect(isLowerBand(b90, b90)).toBe(false);
  expect(isLowerBand(b90, undefined)).toBe(false);
  const before = new Map([
    ['P1', b95],
    ['P2', b90],
    ['P3', undefined],
  ]);
  const after = [
    { upn: 'P1', yearGroup: 7, band: b90, yearToDate: { percent: 89.5 } },
    { upn: 'P2', yearGroup: 8, band: b95, yearToDate: { percent: 94 } },
    { upn: 'P3', yearGroup: 9, yearToDate: { percent: 97 } },
    { upn: 'P4', yearGroup: 9, band: b95, yearToDate: { percent: 94.96 } }, // shown as 94.9, never as 95.0
  ];
  expect(bandCrossings(before, after)).toEqual([
    { upn: 'P1', yearGroup: 7, from: b95, to: b90, percent: 89.5 },
    { upn: 'P4', yearGroup: 9, to: b95, percent: 94.9 },
  ]);
});

test("the band's watcher and the heads of year for the pupil's year group are told", () => {
  expect(whoToTell(school, { belowPercent: 90, label: 'x' }, 8)).toEqual({ watcherUpn: 'lead@fenland.example', headsOfYear: ['hoy89@fenland.example'] });
  expect(whoToTell({ ...school, bands: [{ belowPercent: 90, label: 'x' }] }, { belowPercent: 90, label: 'x' }, 11)).toEqual({ headsOfYear: [] });
});
