import fs from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../../bot/platform/config';

const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

test('the README opens with the two commands a newcomer needs', () => {
  const firstBlock = readme.slice(readme.indexOf('```sh'), readme.indexOf('```', readme.indexOf('```sh') + 5));
  expect(firstBlock).toContain('npm start');
  expect(firstBlock).toContain('npm test');
});

test("the README's configuration table lists every setting the server reads", () => {
  const missing = SETTINGS.filter((s) => !readme.includes(`| \`${s.name}\` |`)).map((s) => s.name);
  expect(missing).toEqual([]);
});
