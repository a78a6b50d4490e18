/**
 * Checks a card the bot produced the way a Teams client would read it: the adaptivecards SDK at schema 1.5
 * (no parse warnings, no validation failures), plus the house rules: version at most 1.5, Action.Execute
 * only, a label on every input, and no template expression left unexpanded.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const AC = require('adaptivecards/dist/adaptivecards.js');

export function cardProblems(card: any): string[] {
  const problems: string[] = [];
  if (!card || card.type !== 'AdaptiveCard') return ['not an AdaptiveCard'];
  if (!/^1\.[0-5]$/.test(String(card.version))) problems.push(`version ${card.version} is above 1.5`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  const validation = parsed.validateProperties();
  for (const e of validation.validationEvents) problems.push(`validate: ${e.message}`);
  walk(card, (node, path) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && !node.label) problems.push(`${path}: ${node.type} "${node.id}" has no label`);
    if (node.type === 'Action.Submit' || node.type === 'Action.Http') problems.push(`${path}: ${node.type} used instead of Action.Execute`);
  });
  if (JSON.stringify(card).includes('${')) problems.push('a template expression was left unexpanded');
  return problems;
}

function walk(node: any, visit: (node: any, path: string) => void, path = '$'): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, visit, `${path}[${i}]`));
  else if (node && typeof node === 'object') {
    visit(node, path);
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}.${k}`);
  }
}

/** Every card in a message activity (attachments). */
export function cardsIn(activity: any): any[] {
  return (activity?.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => a.content);
}
