/**
 * Every button on a card reaches exactly one handler, and every handler has a button: the verbs of the
 * Action.Execute actions in the card templates (refreshes included) against the handlers the bot registers.
 * Two handlers for one verb are refused when the bot is built, naming the verb.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CardActionHandler } from '../../bot/teams/actions/action-kit';
import { CardActionRegistry, cardActions, type CardActionsKit } from '../../bot/teams/actions/card-actions';
import { reminderActions } from '../../bot/teams/actions/reminder-actions';
import { FirstdayBot, type FirstdayBotOptions } from '../../bot/teams/firstday-bot';

const CARDS = join(__dirname, '../../bot/teams/cards');

/** Building the handlers reaches for no service: the kit is only used when a press arrives. */
const unusedKit = {} as CardActionsKit;

function templateVerbs(): { file: string; verb: unknown }[] {
  const found: { file: string; verb: unknown }[] = [];
  const walk = (node: unknown, file: string): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, file));
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute') found.push({ file, verb: o.verb });
      Object.values(o).forEach((v) => walk(v, file));
    }
  };
  for (const file of readdirSync(CARDS).filter((f) => f.endsWith('.json'))) walk(JSON.parse(readFileSync(join(CARDS, file), 'utf8')), file);
  return found;
}

test('every button in every card template has exactly one handler, and every handler a button', () => {
  const handlers = cardActions(unusedKit);
  const registry = new CardActionRegistry({ handlers });
  const buttons = templateVerbs();
  expect(buttons.length).toBeGreaterThan(0);

  for (const { file, verb } of buttons) {
    // A verb worked out by the template could not be checked here.
    expect({ file, verb: typeof verb === 'string' && !verb.includes('${') ? verb : `not a fixed verb: ${String(verb)}` }).toEqual({ file, verb });
    expect({ file, verb, handlers: handlers.filter((h) => h.verb === verb).length }).toEqual({ file, verb, handlers: 1 });
    expect(registry.handlerFor(verb as string)).toBeDefined();
  }
  const onCards = new Set(buttons.map((b) => b.verb));
  expect(registry.verbs.filter((verb) => !onCards.has(verb))).toEqual([]);
});

test('two handlers for one verb are refused when the registry is built, naming the verb', () => {
  const handler = (verb: string): CardActionHandler => ({ verb, handle: async () => ({ message: verb }) });
  expect(() => new CardActionRegistry({ handlers: [handler('claim'), handler('open'), handler('claim')] })).toThrow('"claim"');
  expect(() => new CardActionRegistry({ handlers: [handler('claim'), handler('open')] })).not.toThrow();
});

test('the bot refuses to start with a verb handled twice', () => {
  const options = { handlers: [...cardActions(unusedKit), ...reminderActions(unusedKit)] } as FirstdayBotOptions;
  expect(() => new FirstdayBot(options)).toThrow('"callBackDone"');
  expect(() => new FirstdayBot({ handlers: cardActions(unusedKit) } as FirstdayBotOptions)).not.toThrow();
});
