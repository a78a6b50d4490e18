/**
 * The 1:1 messages of the escalation after no contact: the decision card to each DSL and deputy, the home
 * visitor's task, every copy brought up to date when something is recorded, and the prompt when 24 hours
 * pass without contact. Every message sent is remembered on the pupil's card, so nothing goes twice.
 */
import { addDays, toLocal } from '../domain/clock';
import { markDayPrompt, rememberSent, type SentCard } from '../domain/no-contact-escalation';
import type { PupilCard } from '../domain/pupil-card';
import type { School, StaffMember } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import { cardMessage, staffName } from './card-views';
import { dslDecisionCard, homeVisitCard } from './escalation-cards';
import type { AuditActor, PupilCardDesk } from './pupil-card-desk';
import type { Delivered, StaffMessenger } from './staff-messenger';
import type { TeamsSender } from './teams-sender';

export interface NoContactEscalationsOptions {
  repos: Repositories;
  desk: PupilCardDesk;
  messenger: StaffMessenger;
  sender: TeamsSender;
  logger: Logger;
  now: () => Date;
  /** The school's DSLs and deputies, by the staff list or by Entra group. */
  teamOf: (school: School) => Promise<StaffMember[]>;
}

const FIRSTDAY: AuditActor = { id: 'firstday', name: 'Firstday', source: 'bot' };
/** How far back the 24-hour prompt looks for no-contact cards: a Friday's card is still found on Monday. */
const LOOKBACK_DAYS = 6;

export class NoContactEscalations {
  constructor(private readonly options: NoContactEscalationsOptions) {}

  /** Staff a DSL can send on a home visit: everyone with a role. */
  visitors(school: School): { title: string; value: string }[] {
    return school.staff
      .filter((s) => s.roles.length > 0)
      .map((s) => ({ title: staffName(s), value: s.upn }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }

  /** The decision card to each DSL and deputy who has not had it yet (or, as the 24-hour prompt, to all). */
  async sendDecisionCards(school: School, card: PupilCard, dayPrompt = false): Promise<PupilCard> {
    const had = new Set((card.escalation?.sent ?? []).map((s) => s.upn.toLowerCase()));
    const to = (await this.options.teamOf(school)).filter((s) => dayPrompt || !had.has(s.upn.toLowerCase()));
    const view = dslDecisionCard(card, { school, visitors: this.visitors(school), dayPrompt });
    const delivered = await this.options.messenger.sendEach(school.urn, to, () => cardMessage(view, `No contact: ${card.pupil.name}`));
    return this.remember(school, card, delivered, 'escalation.decision-card');
  }

  /** The visitor's task, once. */
  async sendVisitTask(school: School, card: PupilCard): Promise<PupilCard> {
    const d = card.escalation?.decision;
    if (d?.kind !== 'home-visit') return card;
    const visitor = school.staff.find((s) => s.upn.toLowerCase() === d.visitorUpn.toLowerCase());
    if (!visitor || (card.escalation?.sent ?? []).some((s) => s.visitFor === d.at)) return card;
    const delivered = await this.options.messenger.sendEach(school.urn, [visitor], () => cardMessage(homeVisitCard(card, { school }), `Home visit: ${card.pupil.name}`));
    return this.remember(school, card, delivered, 'escalation.visit-task', d.at);
  }

  /** Every 1:1 copy shows the card as it now is (skipping the one just pressed, which is the reply). */
  refreshCopies(school: School, card: PupilCard, except?: string): void {
    const d = card.escalation?.decision;
    for (const sent of card.escalation?.sent ?? []) {
      if (sent.activityId === except) continue;
      const isVisitor = !!sent.visitFor;
      const view = isVisitor ? homeVisitCard(card, { school }) : dslDecisionCard(card, { school, visitors: this.visitors(school) });
      this.options.sender
        .update({ serviceUrl: sent.serviceUrl, conversationId: sent.conversationId, tenantId: sent.tenantId }, sent.activityId, cardMessage(view, `No contact: ${card.pupil.name}`))
        .catch((err) => this.options.logger.warn('could not bring a copy of an escalation card up to date', { urn: school.urn, error: (err as Error).message }));
    }
  }

  /**
   * The 'reminders' step's part: each no-contact card of the last days that has gone 24 hours without contact
   * prompts the DSLs once. The mark is stored (under the card's ETag) before the prompt goes, so two servers,
   * or a step run twice, send it once.
   */
  async dayPrompts(school: School, now: Date): Promise<number> {
    const { repos, desk } = this.options;
    const today = toLocal(now, school.timeZone).date;
    const days = Array.from({ length: LOOKBACK_DAYS + 1 }, (_, i) => addDays(today, -i));
    const lists = await Promise.all(days.map((d) => repos.pupilCards.list(school.urn, d)));
    const cards = lists.flat().map((s) => s.value);
    let prompted = 0;
    for (const card of cards) {
      if (card.status !== 'no-contact') continue;
      // Reached on a later day's list: that is contact.
      if (cards.some((c) => c.pupil.upn === card.pupil.upn && c.date > card.date && c.status === 'resolved')) continue;
      const applied = await desk.apply(card.urn, card.date, card.pupil.upn, { ...FIRSTDAY, source: 'scheduler' }, (c) => markDayPrompt(c, FIRSTDAY, now));
      if (!applied.ok || !applied.changed) continue;
      await this.sendDecisionCards(school, applied.card, true);
      this.options.logger.warn(`24 hours without contact since ${card.pupil.upn} was recorded as no contact on ${card.date}: the safeguarding team has been prompted`, { urn: school.urn });
      prompted++;
    }
    return prompted;
  }

  private async remember(school: School, card: PupilCard, delivered: { staff: StaffMember; delivered: Delivered }[], action: string, visitFor?: string): Promise<PupilCard> {
    if (!delivered.length) return card;
    const sent: SentCard[] = delivered.map((d) => ({ upn: d.staff.upn, serviceUrl: d.delivered.destination.serviceUrl, conversationId: d.delivered.conversationId, tenantId: d.delivered.destination.tenantId, activityId: d.delivered.activityId, ...(visitFor ? { visitFor } : {}) }));
    const [applied] = await Promise.all([
      this.options.desk.apply(card.urn, card.date, card.pupil.upn, FIRSTDAY, (c) => rememberSent(c, sent, this.options.now())),
      ...delivered.map((d) => this.options.desk.audit(school.urn, card.pupil.upn, FIRSTDAY, action, 'ok', `sent to ${d.staff.upn}`)),
    ]);
    return applied.ok ? applied.card : card;
  }
}
