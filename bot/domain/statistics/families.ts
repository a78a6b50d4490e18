/**
 * Siblings and the days they were absent together (the attendance escalation checklist: "Checked to see if siblings are having the
 * same absences? Have you contacted the school the siblings attend?"), across the schools of a trust.
 */
import type { Contact } from '../pupil';
import type { PupilYearMarks } from '../session-marks';
import type { PupilOnRoll } from './pupil-figures';
import type { SchoolCalendar } from './school-calendar';
import { CATEGORY_TABLE, Category } from './session-categories';

// Local copies: imported bindings are read through getters once compiled to CommonJS.
const CATEGORIES = CATEGORY_TABLE;
const AUTHORISED = Category.Authorised;
const UNAUTHORISED = Category.Unauthorised;
const LATE_AFTER_CLOSE = Category.LateAfterClose;

export interface PupilAtSchool {
  urn: string;
  pupil: PupilOnRoll;
}

export interface ContactAtSchool {
  urn: string;
  contact: Pick<Contact, 'pupilUpn' | 'contactId' | 'parentalResponsibility' | 'livesWithPupil'>;
}

/** Siblings linked by the school (or the import), e.g. a brother at another school of the trust. */
export interface SiblingLink {
  urn: string;
  upn: string;
  siblingUrn: string;
  siblingUpn: string;
}

/**
 * Whose contact ids identify one person: each school's MIS numbers its own contacts, so by default an
 * id means the same person only within a school; a trust on one MIS may say its ids are shared.
 */
export type ContactIdScope = 'school' | 'trust';

export interface PupilRef {
  urn: string;
  upn: string;
  yearGroup: number;
}

export interface Family {
  /** Two or more pupils, ordered by school then UPN. */
  members: PupilRef[];
  /** The contact ids the members share (as `urn|id`, or the bare id when ids are trust-wide). */
  sharedContactIds: string[];
  /** At least one member was linked to another by a sibling link. */
  linked: boolean;
}

export interface FamilyInput {
  pupils: readonly PupilAtSchool[];
  contacts: readonly ContactAtSchool[];
  links?: readonly SiblingLink[];
  contactIdScope?: ContactIdScope;
}

/**
 * Groups pupils into families: pupils sharing a parent or carer (a contact with parental responsibility
 * or who lives with them) or joined by a sibling link, transitively. A childminder or neighbour listed as
 * an emergency contact for several pupils does not make them siblings. Contacts and links naming pupils
 * not given are left out.
 */
export function findFamilies(input: FamilyInput): Family[] {
  const scope = input.contactIdScope ?? 'school';
  const refs = new Map<string, PupilRef>();
  for (const { urn, pupil } of input.pupils) refs.set(key(urn, pupil.upn), { urn, upn: pupil.upn, yearGroup: pupil.yearGroup });
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.has(root)) root = parent.get(root)!;
    while (k !== root) {
      const next = parent.get(k)!;
      parent.set(k, root);
      k = next;
    }
    return root;
  };
  const joined = new Set<string>();
  const union = (a: string, b: string) => {
    joined.add(a);
    joined.add(b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };

  const firstByContact = new Map<string, string>();
  const contactPupils = new Map<string, Set<string>>();
  for (const { urn, contact } of input.contacts) {
    if (!contact.parentalResponsibility && !contact.livesWithPupil) continue;
    const pupil = key(urn, contact.pupilUpn);
    if (!refs.has(pupil)) continue;
    const person = scope === 'trust' ? contact.contactId : key(urn, contact.contactId);
    const first = firstByContact.get(person);
    if (first === undefined) firstByContact.set(person, pupil);
    else union(first, pupil);
    let set = contactPupils.get(person);
    if (!set) contactPupils.set(person, (set = new Set()));
    set.add(pupil);
  }
  const linked = new Set<string>();
  for (const l of input.links ?? []) {
    const a = key(l.urn, l.upn);
    const b = key(l.siblingUrn, l.siblingUpn);
    if (!refs.has(a) || !refs.has(b) || a === b) continue;
    union(a, b);
    linked.add(a);
  }

  const groups = new Map<string, string[]>();
  for (const k of joined) {
    const root = find(k);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(k);
  }
  const shared = new Map<string, string[]>();
  for (const [person, pupils] of contactPupils) {
    if (pupils.size < 2) continue;
    const root = find(pupils.values().next().value!);
    let list = shared.get(root);
    if (!list) shared.set(root, (list = []));
    list.push(person);
  }
  const families: Family[] = [];
  for (const [root, keys] of groups) {
    if (keys.length < 2) continue;
    keys.sort();
    families.push({
      members: keys.map((k) => refs.get(k)!),
      sharedContactIds: (shared.get(root) ?? []).sort(),
      linked: keys.some((k) => linked.has(k)),
    });
  }
  return families.sort((a, b) => key(a.members[0].urn, a.members[0].upn).localeCompare(key(b.members[0].urn, b.members[0].upn)));
}

export interface SiblingAbsence {
  urn: string;
  upn: string;
  /** The codes of the sessions missed that day. */
  am?: string;
  pm?: string;
}

export interface DayAbsentTogether {
  date: string;
  /** Two or more members absent (authorised or unauthorised, U included) for at least one session. */
  absent: SiblingAbsence[];
}

export interface AbsentTogetherInput {
  /** The members' pupil records (for admission and leaving dates), by `urn|upn`. */
  pupils: ReadonlyMap<string, PupilOnRoll>;
  /** The members' marks for the calendar's academic year, by `urn|upn`. */
  marks: ReadonlyMap<string, PupilYearMarks>;
  /** Any calendar of the academic year: dates, not school days, are compared across schools. */
  calendar: SchoolCalendar;
  /** The last date looked at, inclusive. */
  to: string;
  /** The first date looked at, inclusive; the start of the academic year if omitted. */
  from?: string;
}

/** The days on which two or more members of a family were absent, oldest first. */
export function absentTogether(family: Family, input: AbsentTogetherInput): DayAbsentTogether[] {
  const cal = input.calendar;
  const fromDay = input.from ? cal.dayIndex(input.from) : 0;
  const toDay = cal.dayIndex(input.to);
  const byDay = new Map<number, SiblingAbsence[]>();
  for (const m of family.members) {
    const k = key(m.urn, m.upn);
    const year = input.marks.get(k);
    if (!year) continue;
    const pupil = input.pupils.get(k);
    let lo = fromDay * 2;
    let hi = Math.min((toDay + 1) * 2, year.marks.length >> 1);
    if (pupil?.admissionDate && pupil.admissionDate > cal.dateOf(0)) lo = Math.max(lo, pupil.admissionDate > cal.dateOf(cal.days - 1) ? hi : cal.dayIndex(pupil.admissionDate) * 2);
    if (pupil?.leavingDate && pupil.leavingDate < cal.dateOf(cal.days - 1)) hi = Math.min(hi, pupil.leavingDate < cal.dateOf(0) ? 0 : (cal.dayIndex(pupil.leavingDate) + 1) * 2);
    const marks = year.marks;
    let current: SiblingAbsence | undefined;
    let currentDay = -1;
    for (let s = lo; s < hi; s++) {
      const c0 = marks.charCodeAt(s << 1);
      const c1 = marks.charCodeAt((s << 1) + 1);
      const cat = CATEGORIES[(c0 | c1) < 128 ? (c0 << 7) | c1 : 0];
      if (cat !== AUTHORISED && cat !== UNAUTHORISED && cat !== LATE_AFTER_CLOSE) continue;
      const day = s >> 1;
      const code = marks.slice(s << 1, (s << 1) + 2).trimEnd();
      if (day !== currentDay || !current) {
        currentDay = day;
        current = { urn: m.urn, upn: m.upn };
        let list = byDay.get(day);
        if (!list) byDay.set(day, (list = []));
        list.push(current);
      }
      if (s & 1) current.pm = code;
      else current.am = code;
    }
  }
  return [...byDay.entries()]
    .filter(([, absent]) => absent.length >= 2)
    .sort(([a], [b]) => a - b)
    .map(([day, absent]) => ({ date: cal.dateOf(day), absent }));
}

function key(urn: string, upn: string): string {
  return `${urn}|${upn}`;
}
