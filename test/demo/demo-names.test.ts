import { asciiFold, HERITAGES, KNOWN_AS } from '../../bot/demo/demo-names';

test('names fold to plain letters for e-mail addresses', () => {
  expect(asciiFold('Nguyễn')).toBe('nguyen');
  expect(asciiFold('Łukasz')).toBe('lukasz');
  expect(asciiFold("O'Brien")).toBe('obrien');
  expect(asciiFold('Siobhán')).toBe('siobhan');
  expect(asciiFold('Yılmaz')).toBe('yilmaz');
  expect(asciiFold('Ashworth-Bell')).toBe('ashworthbell');
  expect(asciiFold('Ștefan')).toBe('stefan');
});

test('every heritage has names to give and languages that match its EAL rate', () => {
  for (const h of HERITAGES) {
    for (const list of [h.girls, h.boys, h.surnames, h.women ?? [], h.men ?? []]) {
      for (const name of list) {
        expect(name).toBe(name.trim());
        expect(asciiFold(name).length).toBeGreaterThan(1);
      }
    }
    expect(h.girls.length).toBeGreaterThan(4);
    expect(h.boys.length).toBeGreaterThan(4);
    expect(h.surnames.length).toBeGreaterThan(4);
    // A parent's name is split into forename and surname at the first space when a report names them.
    for (const name of [...(h.women ?? h.girls), ...(h.men ?? h.boys)]) expect(name).not.toContain(' ');
    expect(h.ealRate > 0).toBe(h.languages.length > 0);
  }
  for (const short of Object.values(KNOWN_AS)) expect(short.length).toBeGreaterThan(0);
});
