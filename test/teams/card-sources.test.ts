/**
 * One way to build a card: every Adaptive Card is a JSON template in bot/teams/cards/, so no other file in
 * bot/ spells out a card (its type or its schema).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const BOT = join(__dirname, '../../bot');
const CARDS = join(BOT, 'teams/cards');
const CARD_LITERAL = [/(['"`])AdaptiveCard\1/, /adaptivecards\.io\/schemas/];

function sourcesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === CARDS ? [] : sourcesIn(path);
    return /\.(tsx?|jsx?|json)$/.test(entry.name) ? [path] : [];
  });
}

test('no file in bot/ outside the card templates builds a card object itself', () => {
  const sources = sourcesIn(BOT);
  expect(sources.length).toBeGreaterThan(20);
  const offenders = sources
    .filter((path) => {
      const text = readFileSync(path, 'utf8');
      return CARD_LITERAL.some((pattern) => pattern.test(text));
    })
    .map((path) => relative(BOT, path));
  expect(offenders).toEqual([]);
});
