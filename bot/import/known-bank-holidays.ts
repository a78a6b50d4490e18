/**
 * England's bank holidays as Firstday ships them: a copy of https://www.gov.uk/bank-holidays.json in
 * bot/data/bank-holidays.json (docs/import.md says how to refresh it). Checked when first needed, so a bad
 * copy fails the first calendar import with what is wrong rather than closing the wrong days.
 */
import { loadBankHolidays, type BankHolidays } from '../domain/bank-holidays';
import published from '../data/bank-holidays.json';

let loaded: BankHolidays | undefined;

export function knownBankHolidays(): BankHolidays {
  loaded ??= loadBankHolidays(published);
  return loaded;
}
