/** The copy of GOV.UK's bank holidays Firstday ships, and the loader that checks any copy put over it. */
import { bankHolidaysBetween, loadBankHolidays } from '../../bot/domain/bank-holidays';
import { englandBankHolidays } from '../../bot/demo/demo-calendar';
import published from '../../bot/data/bank-holidays.json';
import { knownBankHolidays } from '../../bot/import/known-bank-holidays';

test("the shipped copy is GOV.UK's shape and has England and Wales's bank holidays for 2024 to 2028, substitutes marked", () => {
  const holidays = knownBankHolidays();
  const england = holidays.divisions['england-and-wales'];
  const expected = [2024, 2025, 2026, 2027, 2028].flatMap((y) => englandBankHolidays(y));
  expect(england.map((h) => h.date)).toEqual(expected);
  expect(holidays.knownTo).toBe('2028-12-31');
  // Weekend days moved to the Monday (and Tuesday) after are GOV.UK's "Substitute day"s.
  expect(england.filter((h) => h.notes === 'Substitute day').map((h) => `${h.date} ${h.title}`)).toEqual([
    '2026-12-28 Boxing Day',
    '2027-12-27 Christmas Day',
    '2027-12-28 Boxing Day',
    '2028-01-03 New Year’s Day',
  ]);
  expect(bankHolidaysBetween(holidays, '2026-01-01', '2026-12-31').map((h) => h.title)).toEqual([
    'New Year’s Day', 'Good Friday', 'Easter Monday', 'Early May bank holiday', 'Spring bank holiday', 'Summer bank holiday', 'Christmas Day', 'Boxing Day',
  ]);
  // Firstday serves schools in England: the other divisions are kept empty until a download fills them.
  expect(Object.keys(published)).toEqual(['england-and-wales', 'scotland', 'northern-ireland']);
  expect(holidays.divisions.scotland).toEqual([]);
});

test('a copy that is not what GOV.UK publishes is refused, saying where', () => {
  const event = (date: unknown) => ({ title: 'Christmas Day', date, notes: '', bunting: true });
  const doc = (events: unknown[]) => ({ 'england-and-wales': { division: 'england-and-wales', events } });
  expect(() => loadBankHolidays([])).toThrow('bank holidays (document): is not a JSON object');
  expect(() => loadBankHolidays({ scotland: { division: 'scotland', events: [] } })).toThrow('bank holidays england-and-wales: is missing');
  expect(() => loadBankHolidays(doc([event('2026-12-25'), event('2026-02-30')]))).toThrow('bank holidays england-and-wales.events[1].date: "2026-02-30" is not a real date as YYYY-MM-DD');
  expect(() => loadBankHolidays(doc([event('25/12/2026')]))).toThrow('england-and-wales.events[0].date');
  expect(() => loadBankHolidays(doc([event('2026-12-25'), event('2026-12-25')]))).toThrow('england-and-wales.events[1].date: 2026-12-25 is listed twice');
  expect(() => loadBankHolidays(doc([]))).toThrow('england-and-wales.events: is empty');
  expect(() => loadBankHolidays({ 'england-and-wales': { division: 'scotland', events: [] } })).toThrow('england-and-wales.division: should be "england-and-wales"');
  // GOV.UK's full download, with Scotland and Northern Ireland filled in, loads as it is.
  const full = loadBankHolidays({ ...doc([event('2026-12-25')]), scotland: { division: 'scotland', events: [{ title: 'St Andrew’s Day', date: '2026-11-30', notes: '', bunting: true }] } });
  expect(full.divisions.scotland.map((h) => h.date)).toEqual(['2026-11-30']);
  expect(full.divisions['northern-ireland']).toEqual([]);
});
