/** The pure casework rules: the plan's dates, the deep link's form, band-crossing decisions, carer inclusion. */
import { decideBandCrossing } from '../../bot/domain/cases/case-opening';
import { caseDeepLink, pupilFromSubEntityId } from '../../bot/domain/cases/case-deep-link';
import { actionsDue, planCase } from '../../bot/domain/cases/case-plan';
import { inclusionOf } from '../../bot/domain/cases/family';
import type { SupportCase } from '../../bot/domain/cases/support-case';
import { upnCheckLetter } from '../../bot/domain/pupil';

const UPN = `${upnCheckLetter('100000000011')}100000000011`;

test('the deep link is Teams\' entity form with the pupil as the URL-encoded sub-entity id', () => {
  const link = caseDeepLink({ appId: 'fe4a8eba-2a31-4737-8e33-e5fae6fee194', upn: UPN, label: 'Amir Haddad' });
  const url = new URL(link);
  expect(`${url.origin}${url.pathname}`).toBe('https://teams.microsoft.com/l/entity/fe4a8eba-2a31-4737-8e33-e5fae6fee194/my-cases');
  expect(url.searchParams.get('label')).toBe('Amir Haddad');
  expect(JSON.parse(url.searchParams.get('context')!)).toEqual({ subEntityId: UPN });
  expect(link).toContain(`context=${encodeURIComponent(`{"subEntityId":"${UPN}"}`)}`);
  const channel = new URL(caseDeepLink({ appId: 'app', upn: UPN, entityId: 'cases', channelId: '19:abc@thread.tacv2' }));
  expect(JSON.parse(channel.searchParams.get('context')!)).toEqual({ subEntityId: UPN, channelId: '19:abc@thread.tacv2' });
  expect(() => caseDeepLink({ appId: 'app', upn: 'not-a-upn' })).toThrow(/not a valid UPN/);
  expect(pupilFromSubEntityId(UPN.toLowerCase())).toBe(UPN);
  expect(pupilFromSubEntityId('<script>')).toBeUndefined();
  expect(pupilFromSubEntityId(undefined)).toBeUndefined();
});

test('the plan: initial meeting within a fortnight, then the review, with fortnightly contact only when it falls before the review', () => {
  expect(planCase({ openedOn: '2026-11-02', meetings: [], contacts: [] })).toEqual({ due: { meeting: { date: '2026-11-16', label: 'Initial Support First meeting' } }, meetingsHeld: 0 });
  const one = planCase({ openedOn: '2026-11-02', meetings: [{ date: '2026-11-05', nextReview: '2026-12-03' }], contacts: [] });
  expect(one.due).toEqual({ review: '2026-12-03', contact: '2026-11-19' });
  const soonReview = planCase({ openedOn: '2026-11-02', meetings: [{ date: '2026-11-05', nextReview: '2026-11-12' }], contacts: [] });
  expect(soonReview.due).toEqual({ review: '2026-11-12' });
  const noReview = planCase({ openedOn: '2026-11-02', meetings: [{ date: '2026-11-05' }], contacts: [{ date: '2026-11-10' }] });
  expect(noReview.due).toEqual({ meeting: { date: '2026-12-03', label: 'Meeting 2 of at least 3' }, contact: '2026-11-24' });
  expect(actionsDue({ review: '2026-11-25', contact: '2026-11-19', meeting: { date: '2026-12-20', label: 'x' } }, '2026-11-20')).toEqual(['review', 'contact']);
});

test('band crossings: open once, record a lower band, reopen a closed case only for a lower band', () => {
  const crossing = (belowPercent: number) => ({ belowPercent, label: `${belowPercent}`, percent: belowPercent - 1, at: '2026-11-20T10:00:00Z' });
  expect(decideBandCrossing(undefined, crossing(95)).action).toBe('open');
  const open = { status: 'open', band: { belowPercent: 95 } } as SupportCase;
  expect(decideBandCrossing(open, crossing(95)).action).toBe('none');
  expect(decideBandCrossing(open, crossing(90)).action).toBe('record-band');
  const closed = { ...open, status: 'closed' } as SupportCase;
  expect(decideBandCrossing(closed, crossing(95)).action).toBe('none');
  expect(decideBandCrossing(closed, crossing(50)).action).toBe('reopen');
});

test('a non-resident parent is included only once the DSL confirms it', () => {
  expect(inclusionOf({ livesWithPupil: true, requiresDslApproval: false })).toBe('included');
  expect(inclusionOf({ livesWithPupil: false, requiresDslApproval: false })).toBe('awaiting-dsl');
  const by = { id: 'd', name: 'D' };
  expect(inclusionOf({ livesWithPupil: false, requiresDslApproval: false, dslDecision: { decision: 'exclude', reason: 'r', by, at: 'x' } })).toBe('not-included');
  expect(inclusionOf({ livesWithPupil: true, requiresDslApproval: true })).toBe('awaiting-dsl');
});
