/**
 * Band crossings become Support First cases (the early intervention for attendance guidance: a pupil crossing into a band opens or updates a
 * case). The crossings a school has not handled yet are swept, not just the ones a run has just found:
 * a run that stopped between recording a crossing and opening its case is made good by the next import
 * or the nightly recompute. Opening is idempotent (an open case already in the band, or a lower one, is
 * left alone), so sweeping a crossing twice changes nothing.
 *
 * A crossing stays unhandled here: "handled" means the head of year has been told as well, which is
 * the alerting's job (FiguresRepository.unhandledCrossings → 1:1 message → markCrossingHandled).
 *
 * The pupils of the year's baseline (already in a band when the figures began) are not crossings: their
 * cases open only when the attendance lead opens a band's baseline (openBaselineCases), and no one is
 * alerted for them, since there are no crossing records for the sweep to find.
 */
import type { Contact } from '../domain/pupil';
import { decideBandCrossing } from '../domain/cases/case-opening';
import type { Actor, SupportCase } from '../domain/cases/support-case';
import { CaseOpeningError, openCaseForBandCrossing, openCasesInBulk, type BulkOpeningResult, type CaseOpeningRepos, type OpeningResult } from '../cases/case-opener';
import type { ContactsRepository } from '../store/contacts-repository';
import type { BandBaseline, BandCrossingRecord, FiguresRepository } from '../store/figures-repository';

export interface CrossingCases {
  opened: number;
  reopened: number;
  /** Open cases that now record the lower band the pupil has moved into. */
  bandRecorded: number;
  /** Crossings whose case already said so. */
  unchanged: number;
  /** Crossings no case could be opened for (the pupil has left the roll), with why. */
  skipped: { upn: string; belowPercent: number; reason: string }[];
}

/** Pupils worked on at once; each pupil's crossings go in order, one after another. */
const PARALLEL_PUPILS = 8;

/**
 * Opens or updates the case of every pupil with an unhandled crossing in the school's academic year.
 * A pupil's crossings are applied oldest first, so the case tells the story in order (95%, then 92%).
 */
export async function openCasesForCrossings(
  deps: { repos: CaseOpeningRepos; figures: Pick<FiguresRepository, 'unhandledCrossings'> },
  urn: string,
  academicYear: number,
): Promise<CrossingCases> {
  const outcome: CrossingCases = { opened: 0, reopened: 0, bandRecorded: 0, unchanged: 0, skipped: [] };
  const byPupil = new Map<string, BandCrossingRecord[]>();
  for (const c of await deps.figures.unhandledCrossings(urn, academicYear)) {
    let list = byPupil.get(c.upn);
    if (!list) byPupil.set(c.upn, (list = []));
    list.push(c);
  }
  const repos = withContactsReadOnce(deps.repos, urn);
  // One read of every case header, so that a crossing its case already reflects (the usual thing, once
  // swept) costs nothing more; the rest go through openCaseForBandCrossing, which decides again on what it reads.
  const cases = byPupil.size ? new Map((await deps.repos.cases.list(urn)).map((c) => [c.case.pupilUpn, c.case])) : new Map<string, SupportCase>();
  const pupils = [...byPupil.values()].map((list) => list.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || b.belowPercent - a.belowPercent));
  let next = 0;
  const worker = async () => {
    while (next < pupils.length) {
      const list = pupils[next++];
      let current = cases.get(list[0].upn);
      for (const c of list) {
        const crossing = { belowPercent: c.belowPercent, label: c.label, percent: c.percent, at: c.recordedAt };
        if (decideBandCrossing(current, crossing).action === 'none') {
          outcome.unchanged++;
          continue;
        }
        try {
          const result = await openCaseForBandCrossing(repos, { urn, upn: c.upn, crossing, source: 'statistics' });
          count(outcome, result);
          current = result.case ?? current;
        } catch (err) {
          if (!(err instanceof CaseOpeningError && err.problem === 'not-found')) throw err;
          outcome.skipped.push({ upn: c.upn, belowPercent: c.belowPercent, reason: err.message });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PUPILS, pupils.length) }, worker));
  return outcome;
}

function count(outcome: CrossingCases, result: OpeningResult): void {
  if (result.action === 'opened') outcome.opened++;
  else if (result.action === 'reopened') outcome.reopened++;
  else if (result.action === 'band-recorded') outcome.bandRecorded++;
  else outcome.unchanged++;
}

/**
 * Each new case looks for the pupil's siblings among the school's contacts; read them once per sweep, not
 * once per case (the first computation of a year opens hundreds of cases, and a school's contacts are
 * thousands of rows).
 */
function withContactsReadOnce(repos: CaseOpeningRepos, urn: string): CaseOpeningRepos {
  let school: Promise<Contact[]> | undefined;
  const contacts = Object.create(repos.contacts) as ContactsRepository;
  contacts.list = (of: string) => (of === urn ? (school ??= repos.contacts.list(of)) : repos.contacts.list(of));
  return { ...repos, contacts };
}

export interface BaselineOpening extends BulkOpeningResult {
  academicYear: number;
  belowPercent: number;
  label: string;
  /** Pupils in the band's baseline. */
  pupils: number;
  /** Who first opened the band's cases, and when: this press, or an earlier one. */
  casesOpened: NonNullable<BandBaseline['casesOpened']>;
}

/** The school has no baseline for that band in that year. */
export class BaselineNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineNotFoundError';
  }
}

/**
 * Opens the Support First cases of every pupil in one band's baseline, as `by` (the attendance lead).
 * Idempotent: a pupil whose case is already open in the band, or a lower one, is left alone, so a second
 * press opens nothing; the first opener stays recorded against the band.
 */
export async function openBaselineCases(
  deps: { repos: CaseOpeningRepos; figures: Pick<FiguresRepository, 'baseline' | 'markBaselineCasesOpened'> },
  input: { urn: string; academicYear: number; belowPercent: number; by: Actor; at: string; source?: string },
): Promise<BaselineOpening> {
  const { urn, academicYear, belowPercent, by, at } = input;
  const baseline = await deps.figures.baseline(urn, academicYear);
  const band = baseline.bands.find((b) => b.belowPercent === belowPercent);
  if (!band) throw new BaselineNotFoundError(`There is no baseline for a band at ${belowPercent}% in ${academicYear}/${String((academicYear + 1) % 100).padStart(2, '0')}.`);
  const pupils = baseline.pupils.filter((p) => p.belowPercent === belowPercent);
  const began = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${band.asOf}T12:00:00Z`));
  const result = await openCasesInBulk(deps.repos, {
    urn,
    by,
    source: input.source ?? 'baseline',
    openings: pupils.map((p) => ({
      upn: p.upn,
      crossing: { belowPercent, label: band.label, percent: p.percent, at },
      reason: `Attendance ${p.percent}% was already in the school's band "${band.label}" when this year's figures began on ${began}. Opened from the baseline by ${by.name}.`,
    })),
  });
  const stored = await deps.figures.markBaselineCasesOpened(urn, academicYear, belowPercent, { byId: by.id, byName: by.name, at, opened: result.opened.length + result.reopened.length });
  return { ...result, academicYear, belowPercent, label: band.label, pupils: pupils.length, casesOpened: stored.casesOpened! };
}
