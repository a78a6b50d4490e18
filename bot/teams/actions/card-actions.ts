/**
 * Every card press the bot answers, and the registry that finds the one handler for a press's verb. Two
 * handlers for one verb would leave which runs to the order of a list, so the registry refuses them when the
 * bot is built.
 */
import { callActions } from './call-actions';
import { claimActions } from './claim-actions';
import { concernActions, type SafeguardingKit } from './concern-actions';
import { escalationActions, type EscalationKit } from './escalation-actions';
import { listActions, type ListKit } from './list-actions';
import { reminderActions } from './reminder-actions';
import type { CardActionHandler } from './action-kit';

export interface CardActionsKit extends ListKit, SafeguardingKit, EscalationKit {}

/** The handlers of every card's presses, as the bot registers them. */
export function cardActions(kit: CardActionsKit): CardActionHandler[] {
  return [...claimActions(kit), ...callActions(kit), ...listActions(kit), ...concernActions(kit), ...escalationActions(kit), ...reminderActions(kit)];
}

export class CardActionRegistry {
  private readonly byVerb = new Map<string, CardActionHandler>();

  /** Throws, naming the verb, when two handlers answer the same verb. */
  constructor(options: { handlers: readonly CardActionHandler[] }) {
    for (const handler of options.handlers) {
      if (this.byVerb.has(handler.verb)) throw new Error(`Two card action handlers answer the verb "${handler.verb}": each verb needs exactly one.`);
      this.byVerb.set(handler.verb, handler);
    }
  }

  handlerFor(verb: string): CardActionHandler | undefined {
    return this.byVerb.get(verb);
  }

  get verbs(): string[] {
    return [...this.byVerb.keys()];
  }
}
