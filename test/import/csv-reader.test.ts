import { CsvFile, type CsvRow } from '../../bot/import/csv-reader';
import { Problems } from '../../bot/import/problems';

function read(content: string | Buffer): { header?: string[]; rows: CsvRow[]; problems: Problems } {
  const problems = new Problems();
  const csv = CsvFile.read(typeof content === 'string' ? Buffer.from(content) : content, problems.forFile('f.csv'));
  return { header: csv?.header, rows: csv ? [...csv.rows()] : [], problems };
}

test('a BOM, CRLF, quoted commas, doubled quotes and blank trailing rows read as the values a person typed', () => {
  const { header, rows, problems } = read(
    Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('UPN,Name,Note\r\nG1,"Smith, Jr","She said ""hi"""\r\nG2,Zoë O\'Brien-Nguyễn,\r\n\r\n,,\r\n  ,  ,\r\n'),
    ]),
  );
  expect(problems.list).toEqual([]);
  expect(header).toEqual(['UPN', 'Name', 'Note']);
  expect(rows).toEqual([
    { line: 2, fields: ['G1', 'Smith, Jr', 'She said "hi"'] },
    { line: 3, fields: ['G2', "Zoë O'Brien-Nguyễn", ''] },
  ]);
});

test('a quoted value spanning lines keeps the line numbers of later rows right', () => {
  const { rows } = read('A,B\n1,"two\nlines"\n3,x\r\n4,"a\r\nb\r\nc"\n5,y');
  expect(rows.map((r) => r.line)).toEqual([2, 4, 5, 8]);
  expect(rows[1].fields).toEqual(['3', 'x']);
  expect(rows[2].fields[1]).toBe('a\r\nb\r\nc');
});

test('LF-only and old Mac CR-only line endings both work, and a last row without a line ending is read', () => {
  expect(read('A,B\n1,2\n3,4').rows.map((r) => r.fields)).toEqual([['1', '2'], ['3', '4']]);
  expect(read('A,B\r1,2\r3,4\r').rows.map((r) => r.fields)).toEqual([['1', '2'], ['3', '4']]);
});

test('a semicolon-, tab- or bar-separated file is refused at line 1 with what to do', () => {
  for (const [text, name] of [
    ['UPN;Name\nG1;Zoë\n', 'semicolons'],
    ['UPN\tName\nG1\tZoë\n', 'tabs'],
    ['UPN|Name\nG1|Zoë\n', 'vertical bars'],
  ]) {
    const { header, problems } = read(text);
    expect(header).toBeUndefined();
    expect(problems.list).toEqual([{ file: 'f.csv', line: 1, message: expect.stringContaining(`separated by ${name}, not commas`) }]);
  }
});

test('Excel\'s "sep=" line is skipped when it names a comma and refused when it names anything else', () => {
  const ok = read('sep=,\r\nUPN,Name\r\nG1,Zoë\r\n');
  expect(ok.header).toEqual(['UPN', 'Name']);
  expect(ok.rows).toEqual([{ line: 3, fields: ['G1', 'Zoë'] }]);
  expect(read('sep=;\nUPN;Name\n').problems.list[0].message).toMatch(/separated by semicolons/);
});

test('an empty file, or one of blank lines, is refused as empty', () => {
  expect(read('').problems.list).toEqual([{ file: 'f.csv', message: 'the file is empty: it has no header row and no data' }]);
  expect(read(Buffer.from([0xef, 0xbb, 0xbf, 0x0d, 0x0a, 0x0d, 0x0a])).problems.list[0].message).toMatch(/empty/);
});

test('a header with no rows is a valid file with no rows', () => {
  const { header, rows, problems } = read('UPN,Date,Minutes Late\r\n');
  expect(problems.any).toBe(false);
  expect(header).toEqual(['UPN', 'Date', 'Minutes Late']);
  expect(rows).toEqual([]);
});

test('UTF-16 text and Excel workbooks are refused with the export to use instead', () => {
  expect(read(Buffer.from([0xff, 0xfe, 0x55, 0x00])).problems.list[0].message).toMatch(/UTF-16.*CSV UTF-8/);
  expect(read(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])).problems.list[0].message).toMatch(/Excel workbook/);
});

test("Excel's plain CSV save (Windows-1252) is read, so Zoë stays Zoë", () => {
  const { rows } = read(Buffer.from([...Buffer.from('Name\r\nZo'), 0xeb, ...Buffer.from("\r\nO'Brien\r\n")]));
  expect(rows.map((r) => r.fields[0])).toEqual(['Zoë', "O'Brien"]);
});

test('an unclosed quote is reported on the line it opens, and rows before it are still read', () => {
  const { rows, problems } = read('A,B\n1,2\n3,"never closed\n5,6\n');
  expect(rows).toEqual([{ line: 2, fields: ['1', '2'] }]);
  expect(problems.list).toEqual([{ file: 'f.csv', line: 3, message: 'a double quote opened on this line is never closed' }]);
});

test('text after a closing quote, and a row with more values than the header, are reported on their lines', () => {
  const { rows, problems } = read('A,B\n"x"y,1\n2,Smith, Jr\n3,4,,\n');
  expect(problems.list).toEqual([
    { file: 'f.csv', line: 2, message: expect.stringMatching(/^text follows a closing double quote/) },
    { file: 'f.csv', line: 3, message: expect.stringMatching(/^the row has 3 values but the header has 2 columns: a value with a comma in it must be in double quotes/) },
  ]);
  // Trailing empty values beyond the header are harmless (spreadsheets add them).
  expect(rows).toEqual([{ line: 4, fields: ['3', '4', '', ''] }]);
});
