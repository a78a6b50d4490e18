/**
 * Comments and screens cite the guidance by its title (docs/guidance.md), never by a file number a reader cannot
 * find ("seed 002 step 8").
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|json|md)$/.test(e.name) ? [full] : [];
  });
}

test('no source file, card or document cites the guidance by file number', () => {
  const files = [...sourceFiles(path.join(ROOT, 'bot')), ...sourceFiles(path.join(ROOT, 'tab/src')), ...sourceFiles(path.join(ROOT, 'docs')), path.join(ROOT, 'README.md')];
  const cited = files.flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (/\bseeds? ?0{1,2}[0-4]\b/i.test(line) ? [`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(cited).toEqual([]);
});

test('docs/guidance.md names the five documents by the titles the code uses', () => {
  const guide = fs.readFileSync(path.join(ROOT, 'docs/guidance.md'), 'utf8');
  for (const title of ['the one-minute guide to first-day phone calls', 'the attendance escalation checklist', 'the first-day calling guidance', 'the Support First approach', 'the early intervention for attendance guidance']) {
    expect(guide).toContain(`| ${title} |`);
  }
});
