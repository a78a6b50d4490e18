/** Pupils and the people the school calls about them. */

export type SenStatus = 'none' | 'sen-support' | 'ehcp';

export interface Professional {
  name: string;
  role: string;
  organisation?: string;
  phone?: string;
  email?: string;
}

export interface Pupil {
  /** Unique pupil number (13 characters, DfE check letter first). */
  upn: string;
  legalForename: string;
  legalSurname: string;
  preferredForename?: string;
  preferredSurname?: string;
  /** National curriculum year, 7 to 11 in a secondary school (R = 0, nursery = -1). */
  yearGroup: number;
  form: string;
  dateOfBirth?: string;
  /** First day on roll (YYYY-MM-DD); a pupil admitted mid-term has no possible sessions before it. */
  admissionDate?: string;
  leavingDate?: string;
  sen: SenStatus;
  childProtectionPlan: boolean;
  childInNeed: boolean;
  lookedAfter: boolean;
  socialWorker?: Professional;
  youthOffendingWorker?: Professional;
  youngCarer: boolean;
  eal: boolean;
  homeLanguage?: string;
}

export type ContactMethod = 'phone' | 'text' | 'email' | 'app' | 'letter';

export interface PhoneNumber {
  label: 'mobile' | 'home' | 'work' | 'other';
  number: string;
}

/** One of a pupil's contacts, as the MIS lists it for that pupil. Siblings share a contactId. */
export interface Contact {
  pupilUpn: string;
  /** The MIS's id for the person: the same person for two siblings has the same id. */
  contactId: string;
  /** 1 is rung first. */
  priority: number;
  name: string;
  relationship: string;
  parentalResponsibility: boolean;
  livesWithPupil: boolean;
  phones: PhoneNumber[];
  email?: string;
  language?: string;
  preferredMethod?: ContactMethod;
  /** The DSL must approve contact with this person (e.g. a non-resident parent). */
  requiresDslApproval: boolean;
}

/** Does the pupil get a priority marker on cards (social worker or looked after; cards never say which). */
export function hasPriorityMarker(pupil: Pupil): boolean {
  return pupil.lookedAfter || pupil.childProtectionPlan || pupil.childInNeed || pupil.socialWorker !== undefined;
}

export function displayName(pupil: Pick<Pupil, 'legalForename' | 'legalSurname' | 'preferredForename' | 'preferredSurname'>): string {
  return `${pupil.preferredForename || pupil.legalForename} ${pupil.preferredSurname || pupil.legalSurname}`;
}

/** Contacts in the order they are rung: priority, then name for a stable order on ties. */
export function contactsInCallOrder(contacts: Contact[]): Contact[] {
  return [...contacts].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
}

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'; // DfE check letters: no I, O or S

/** A UPN's shape and check letter, per the DfE's UPN specification. */
export function isValidUpn(upn: string): boolean {
  if (!/^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$/.test(upn)) return false;
  return upnCheckLetter(upn.slice(1)) === upn[0];
}

export function upnCheckLetter(rest12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = rest12[i];
    const v = /[0-9]/.test(ch) ? Number(ch) : UPN_LETTERS.indexOf(ch);
    sum += v * (i + 2);
  }
  return UPN_LETTERS[sum % 23];
}
