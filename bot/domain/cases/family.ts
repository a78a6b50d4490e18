/**
 * The people around the pupil (the Support First approach): every parent and carer, including a non-resident parent whose
 * inclusion the DSL confirms; school-age siblings and their schools; and the professionals working with
 * the family, whose lead professional must be consulted before an enforcement referral (the attendance escalation checklist).
 */
import type { Contact } from '../pupil';
import type { Actor } from './support-case';
import type { CommunicationPreferences } from './voice';

export interface DslDecision {
  decision: 'include' | 'exclude';
  reason: string;
  by: Actor;
  at: string;
}

export interface CaseCarer {
  id: string;
  name: string;
  relationship: string;
  livesWithPupil: boolean;
  parentalResponsibility: boolean;
  /** The MIS contact this carer came from, if any. */
  contactId?: string;
  communication: CommunicationPreferences;
  /** Set by a DSL for a non-resident parent, or when the MIS says contact needs the DSL's approval. */
  dslDecision?: DslDecision;
  /** The MIS marks this contact as needing the DSL's approval. */
  requiresDslApproval: boolean;
  recordedAt: string;
  recordedBy: Actor;
}

export type Inclusion = 'included' | 'awaiting-dsl' | 'not-included';

/**
 * Whether a carer is sent attendance correspondence. Anyone living with and caring for the child is;
 * a parent who lives elsewhere keeps their responsibility but is included only once the DSL confirms it.
 */
export function inclusionOf(carer: Pick<CaseCarer, 'livesWithPupil' | 'requiresDslApproval' | 'dslDecision'>): Inclusion {
  if (carer.livesWithPupil && !carer.requiresDslApproval) return 'included';
  if (!carer.dslDecision) return 'awaiting-dsl';
  return carer.dslDecision.decision === 'include' ? 'included' : 'not-included';
}

export interface CaseSibling {
  id: string;
  name: string;
  /** When the sibling is on this school's roll: their absences on the same days are shown. */
  upn?: string;
  school: string;
  yearGroup?: number;
  /** The sibling's school was contacted for a joined-up approach (checklist, the attendance escalation checklist). */
  schoolContacted?: { on: string; outcome: string };
  recordedAt: string;
  recordedBy: Actor;
}

export const PROFESSIONAL_SERVICES = [
  { id: 'TAF', label: 'Team Around the Family' },
  { id: 'CIN', label: 'Child in Need' },
  { id: 'CAMHS', label: 'Child and Adolescent Mental Health Services' },
  { id: 'YOS', label: 'Youth Offending Service' },
  { id: 'EHCP', label: 'EHC plan (SEND case manager)' },
  { id: 'CSC', label: "Children's social care" },
  { id: 'Early Help', label: 'Early Help' },
  { id: 'MHST', label: 'Mental Health Support Team' },
  { id: 'other', label: 'Other service' },
] as const;

export type ProfessionalService = (typeof PROFESSIONAL_SERVICES)[number]['id'];

export interface InvolvedProfessional {
  id: string;
  service: ProfessionalService;
  name: string;
  role: string;
  organisation: string;
  phone?: string;
  email?: string;
  /** The lead professional (EHCM, YOS, CAMHS or CSC) must be consulted before an enforcement referral. */
  isLeadProfessional: boolean;
  consulted?: { on: string; summary: string; by: Actor };
  recordedAt: string;
  recordedBy: Actor;
}

/** A case's carers drawn from the MIS contacts: those with parental responsibility or who live with the pupil. */
export function carersFromContacts(contacts: Contact[], recordedAt: string, recordedBy: Actor): CaseCarer[] {
  return contacts
    .filter((c) => c.parentalResponsibility || c.livesWithPupil)
    .map((c) => ({
      id: `mis-${c.contactId}`,
      name: c.name,
      relationship: c.relationship,
      livesWithPupil: c.livesWithPupil,
      parentalResponsibility: c.parentalResponsibility,
      contactId: c.contactId,
      communication: {
        method: c.preferredMethod ?? 'phone',
        bestTime: '',
        language: c.language ?? 'English',
        literacy: 'not-known',
        interpreter: false,
        considerations: '',
      },
      requiresDslApproval: c.requiresDslApproval,
      recordedAt,
      recordedBy,
    }));
}

/** Pupils on the same roll who share a contact (the MIS gives the same person the same id): siblings. */
export function siblingUpnsFrom(pupilUpn: string, pupilContacts: Contact[], schoolContacts: Contact[]): string[] {
  const ids = new Set(pupilContacts.filter((c) => c.parentalResponsibility || c.livesWithPupil).map((c) => c.contactId));
  const out = new Set<string>();
  for (const c of schoolContacts) if (c.pupilUpn !== pupilUpn && ids.has(c.contactId)) out.add(c.pupilUpn);
  return [...out].sort();
}
