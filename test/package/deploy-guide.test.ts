/** docs/deploy.md says what the code and the Entra manifest do. */
import fs from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../../bot/platform/config';

const ROOT = path.resolve(__dirname, '../..');
const guide = fs.readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8');

/** The first table after a heading: its body rows, cells trimmed. */
function tableAfter(heading: string): string[][] {
  const lines = guide.slice(guide.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start + 2, end).map((r) => r.split('|').slice(1, -1).map((c) => c.trim()));
}

test('the production settings table lists every setting the server reads, as the server treats it in production', () => {
  const rows = new Map(tableAfter('## Production settings').map(([name, production]) => [name.replace(/`/g, ''), production]));
  expect([...rows.keys()].sort()).toEqual(SETTINGS.map((s) => s.name).sort());
  for (const s of SETTINGS) {
    const said = rows.get(s.name)!;
    if (s.production === 'one-of-storage') expect(said).toMatch(/TABLES_|not used/);
    else expect(said.startsWith(s.production)).toBe(true);
  }
});

test('the consent table explains exactly the Graph permissions the Entra manifest asks for', () => {
  const aad = JSON.parse(fs.readFileSync(path.join(ROOT, 'aad.manifest.json'), 'utf8'));
  const asked = aad.requiredResourceAccess
    .find((r: { resourceAppId: string }) => r.resourceAppId === 'Microsoft Graph')
    .resourceAccess.map((a: { id: string; type: string }) => `${a.id} ${a.type === 'Role' ? 'Application' : 'Delegated'}`)
    .sort();
  const explained = tableAfter('## 3. Grant admin consent').map(([permission, type, why]) => {
    expect(why.length).toBeGreaterThan(40);
    return `${permission.replace(/`/g, '')} ${type}`;
  });
  expect(explained.sort()).toEqual(asked);
});
