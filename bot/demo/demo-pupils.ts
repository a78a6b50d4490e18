/**
 * The demo school's roll: families first (so siblings share their contacts, as in a MIS), then the
 * pupils in years 7 to 11 with their forms, needs and vulnerabilities at realistic low rates.
 * Every phone number is in Ofcom's drama ranges, every e-mail at a reserved example domain.
 */
import { addDays } from '../domain/clock';
import type { Contact, ContactMethod, PhoneNumber, Professional, Pupil, SenStatus } from '../domain/pupil';
import { upnCheckLetter } from '../domain/pupil';
import { academicYearCalendar } from './demo-calendar';
import { asciiFold, HERITAGES, KNOWN_AS, type Heritage } from './demo-names';
import { Random } from './random';

const YEAR_GROUPS = [7, 8, 9, 10, 11] as const;
const FORM_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
/** Ofcom's numbers reserved for drama: no real person answers them. */
const DRAMA_MOBILE_PREFIX = '07700 900';
const DRAMA_LANDLINE_PREFIX = '01632 960';
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;
const CHILDRENS_SERVICES = "Oakfield Children's Services";

export interface DemoRoll {
  pupils: Pupil[];
  contacts: Contact[];
}

export interface RollOptions {
  seed: number;
  /** The academic year the roll is for (its first calendar year). */
  academicYear: number;
  /** School days of this academic year up to the register day: mid-term admissions fall on one of them. */
  schoolDays: string[];
}

type Sex = 'female' | 'male';
type FamilyKind = 'two-parents' | 'separated' | 'single' | 'step' | 'kinship' | 'looked-after';

interface Adult {
  contactId: string;
  forename: string;
  surname: string;
  sex: Sex;
  relationship: string;
  parentalResponsibility: boolean;
  livesWithPupil: boolean;
  phones: PhoneNumber[];
  email?: string;
  language: string;
  preferredMethod: ContactMethod;
  requiresDslApproval: boolean;
}

interface Family {
  heritage: Heritage;
  kind: FamilyKind;
  surname: string;
  /** The step-parent's surname, which a child may be known by. */
  stepSurname?: string;
  homeLanguage?: string;
  adults: Adult[];
  children: Pupil[];
}

/** Target pupils per year group: about 240 each, 1,200 in all. */
function yearSizes(random: Random): Map<number, number> {
  return new Map(YEAR_GROUPS.map((y) => [y, 240 + random.int(-5, 5)]));
}

export function generateRoll(options: RollOptions): DemoRoll {
  const random = Random.stream(options.seed, 'roll');
  const phones = new PhoneBook(Random.stream(options.seed, 'phones'));
  const remaining = yearSizes(random);
  const families: Family[] = [];
  let nextContact = 100001;
  const newContactId = () => `C${nextContact++}`;

  while ([...remaining.values()].some((n) => n > 0)) {
    const family = makeFamily(random, phones, newContactId);
    const wanted = random.weighted([
      { value: 1, weight: 900 },
      { value: 2, weight: 65 },
      { value: 3, weight: 8 },
    ]);
    const years = chooseYears(random, remaining, wanted, family.kind === 'looked-after');
    for (const year of years) {
      family.children.push(makePupil(random, family, year, options.academicYear));
      remaining.set(year, remaining.get(year)! - 1);
    }
    families.push(family);
  }

  const pupils = families.flatMap((f) => f.children);
  assignForms(random, pupils);
  assignUpns(Random.stream(options.seed, 'upns'), families, options.academicYear);
  assignNeeds(Random.stream(options.seed, 'needs'), families, phones);
  assignMidTermAdmissions(Random.stream(options.seed, 'admissions'), pupils, options.schoolDays);

  const contacts: Contact[] = [];
  for (const family of families) {
    for (const child of family.children) {
      family.adults.forEach((adult, i) => contacts.push(toContact(adult, child.upn, i + 1)));
    }
  }
  pupils.sort(byRegisterOrder);
  const order = new Map(pupils.map((p, i) => [p.upn, i]));
  contacts.sort((a, b) => order.get(a.pupilUpn)! - order.get(b.pupilUpn)! || a.priority - b.priority);
  return { pupils, contacts };
}

/** Year, form, then name: the order of a printed register. Code-unit comparison so every machine agrees. */
function byRegisterOrder(a: Pupil, b: Pupil): number {
  return (
    a.yearGroup - b.yearGroup ||
    compare(a.form, b.form) ||
    compare(a.legalSurname, b.legalSurname) ||
    compare(a.legalForename, b.legalForename) ||
    compare(a.upn, b.upn)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function chooseYears(random: Random, remaining: Map<number, number>, wanted: number, single: boolean): number[] {
  const open = YEAR_GROUPS.filter((y) => remaining.get(y)! > 0);
  if (single || wanted === 1) return [random.pick(open)];
  // Twins now and then; otherwise siblings are in different year groups.
  const first = random.pick(open);
  if (random.chance(0.08) && remaining.get(first)! >= 2) return [first, first];
  const others = random.sample(open.filter((y) => y !== first), wanted - 1);
  return [first, ...others];
}

function makeFamily(random: Random, phones: PhoneBook, newContactId: () => string): Family {
  const heritage = random.weighted(HERITAGES.map((h) => ({ value: h, weight: h.weight })));
  const kind = random.weighted<FamilyKind>([
    { value: 'two-parents', weight: 480 },
    { value: 'separated', weight: 220 },
    { value: 'single', weight: 120 },
    { value: 'step', weight: 110 },
    { value: 'kinship', weight: 30 },
    { value: 'looked-after', weight: 7 },
  ]);
  const surname = random.pick(heritage.surnames);
  const family: Family = { heritage, kind, surname, adults: [], children: [] };
  const eal = heritage.languages.length > 0 && random.chance(heritage.ealRate);
  if (eal) family.homeLanguage = random.chance(0.6) ? heritage.languages[0] : random.pick(heritage.languages);

  const household = random.chance(0.4) ? phones.landline() : undefined;
  const adult = (sex: Sex, relationship: string, opts: { surname?: string; pr: boolean; lives: boolean; dsl?: boolean; older?: boolean }): Adult => {
    const names = sex === 'female' ? heritage.women ?? heritage.girls : heritage.men ?? heritage.boys;
    // Grandparents of English families have names of their generation; elsewhere names change less.
    const forename = opts.older && heritage.key === 'english' ? olderName(random, sex) : random.pick(names);
    const adultSurname = opts.surname ?? surname;
    const list: PhoneNumber[] = [];
    if (random.chance(0.95)) list.push({ label: 'mobile', number: phones.mobile() });
    if (opts.lives && household) list.push({ label: 'home', number: household });
    else if (!opts.lives && (opts.older || list.length === 0)) list.push({ label: 'home', number: phones.landline() });
    if (opts.pr && random.chance(0.08)) list.push({ label: 'work', number: phones.landline() });
    if (list.length === 0) list.push({ label: 'mobile', number: phones.mobile() });
    const a: Adult = {
      contactId: newContactId(),
      forename,
      surname: adultSurname,
      sex,
      relationship,
      parentalResponsibility: opts.pr,
      livesWithPupil: opts.lives,
      phones: list,
      language: family.homeLanguage && random.chance(opts.older ? 0.9 : 0.6) ? family.homeLanguage : 'English',
      preferredMethod: random.weighted<ContactMethod>([
        { value: 'phone', weight: 45 },
        { value: 'text', weight: 25 },
        { value: 'app', weight: 15 },
        { value: 'email', weight: 10 },
        { value: 'letter', weight: 5 },
      ]),
      requiresDslApproval: opts.dsl ?? false,
    };
    if (random.chance(opts.older ? 0.3 : 0.65)) a.email = email(random, forename, adultSurname);
    if (a.preferredMethod === 'email' && !a.email) a.email = email(random, forename, adultSurname);
    return a;
  };
  const otherSurname = () => random.pick(random.chance(0.7) ? heritage.surnames : HERITAGES[0].surnames);
  const mumFirst = random.chance(0.75);

  switch (kind) {
    case 'two-parents': {
      const mother = adult('female', 'Mother', { surname: random.chance(0.8) ? surname : otherSurname(), pr: true, lives: true });
      const father = adult('male', 'Father', { pr: true, lives: true });
      family.adults.push(...(mumFirst ? [mother, father] : [father, mother]));
      break;
    }
    case 'separated': {
      const withMum = random.chance(0.8);
      const dsl = random.chance(0.06);
      const resident = withMum
        ? adult('female', 'Mother', { surname: random.chance(0.5) ? surname : otherSurname(), pr: true, lives: true })
        : adult('male', 'Father', { pr: true, lives: true });
      const away = withMum
        ? adult('male', 'Father', { pr: true, lives: false, dsl })
        : adult('female', 'Mother', { surname: otherSurname(), pr: true, lives: false, dsl });
      family.adults.push(resident, away);
      break;
    }
    case 'single': {
      const sex: Sex = random.chance(0.85) ? 'female' : 'male';
      family.adults.push(adult(sex, sex === 'female' ? 'Mother' : 'Father', { pr: true, lives: true }));
      break;
    }
    case 'step': {
      family.stepSurname = otherSurname();
      family.adults.push(
        adult('female', 'Mother', { surname: family.stepSurname, pr: true, lives: true }),
        adult('male', 'Stepfather', { surname: family.stepSurname, pr: false, lives: true }),
      );
      if (random.chance(0.6)) family.adults.push(adult('male', 'Father', { pr: true, lives: false, dsl: random.chance(0.05) }));
      break;
    }
    case 'kinship':
      // A special guardianship order gives the grandparents parental responsibility.
      family.adults.push(
        adult('female', 'Grandmother', { surname: random.chance(0.6) ? surname : otherSurname(), pr: true, lives: true, older: true }),
      );
      if (random.chance(0.6)) family.adults.push(adult('male', 'Grandfather', { surname: family.adults[0].surname, pr: true, lives: true, older: true }));
      break;
    case 'looked-after': {
      // Foster carers look after the child; the local authority shares parental responsibility with the birth parent.
      const carerSurname = random.pick(HERITAGES[0].surnames);
      family.adults.push(adult('female', 'Foster carer', { surname: carerSurname, pr: false, lives: true }));
      if (random.chance(0.6)) family.adults.push(adult('male', 'Foster carer', { surname: carerSurname, pr: false, lives: true }));
      family.adults.push(adult('female', 'Mother', { surname: otherSurname(), pr: true, lives: false, dsl: true }));
      break;
    }
  }

  if (kind !== 'looked-after' && kind !== 'kinship') {
    if (family.adults.length < 4 && random.chance(0.4)) {
      const sex: Sex = random.chance(0.7) ? 'female' : 'male';
      family.adults.push(adult(sex, sex === 'female' ? 'Grandmother' : 'Grandfather', { surname: random.chance(0.5) ? surname : otherSurname(), pr: false, lives: false, older: true }));
    }
    if (family.adults.length < 4 && random.chance(0.15)) {
      const sex: Sex = random.chance(0.6) ? 'female' : 'male';
      const relationship = random.chance(0.2) ? (sex === 'female' ? 'Older sister' : 'Older brother') : sex === 'female' ? 'Aunt' : 'Uncle';
      family.adults.push(adult(sex, relationship, { surname: random.chance(0.5) ? surname : otherSurname(), pr: false, lives: false }));
    }
  }
  return family;
}

const OLDER_WOMEN = ['Margaret', 'Patricia', 'Linda', 'Susan', 'Janet', 'Christine', 'Pauline', 'Brenda', 'Maureen', 'Jean'];
const OLDER_MEN = ['John', 'David', 'Michael', 'Alan', 'Peter', 'Brian', 'Kenneth', 'Roger', 'Barry', 'Colin'];

function olderName(random: Random, sex: Sex): string {
  return random.pick(sex === 'female' ? OLDER_WOMEN : OLDER_MEN);
}

function email(random: Random, forename: string, surname: string): string {
  const first = asciiFold(forename) || 'parent';
  const last = asciiFold(surname) || 'family';
  const suffix = random.chance(0.3) ? String(random.int(1, 99)) : '';
  const local = random.chance(0.7) ? `${first}.${last}${suffix}` : `${first[0]}${last}${suffix}`;
  return `${local}@${random.pick(EMAIL_DOMAINS)}`;
}

function makePupil(random: Random, family: Family, yearGroup: number, academicYear: number): Pupil {
  const { heritage } = family;
  const sex: Sex = random.chance(0.5) ? 'female' : 'male';
  // Some families give an English name whatever their heritage.
  const names = heritage.key !== 'english' && random.chance(0.12) ? HERITAGES[0] : heritage;
  const forename = random.pick(sex === 'female' ? names.girls : names.boys);
  const pupil: Pupil = {
    upn: '',
    legalForename: forename,
    legalSurname: family.surname,
    yearGroup,
    form: '',
    dateOfBirth: birthDate(random, yearGroup, academicYear),
    admissionDate: firstDayOfYear(academicYear - (yearGroup - 7)),
    sen: 'none',
    childProtectionPlan: false,
    childInNeed: false,
    lookedAfter: family.kind === 'looked-after',
    youngCarer: false,
    eal: family.homeLanguage !== undefined,
  };
  if (family.homeLanguage) pupil.homeLanguage = family.homeLanguage;
  const known = KNOWN_AS[forename];
  if (known && random.chance(0.5)) pupil.preferredForename = random.pick(known);
  if (family.stepSurname && random.chance(0.3)) pupil.preferredSurname = family.stepSurname;
  return pupil;
}

const firstDays = new Map<number, string>();

/** The first day of the autumn term: when a pupil who joined in year 7 came on roll. */
function firstDayOfYear(academicYear: number): string {
  let day = firstDays.get(academicYear);
  if (!day) firstDays.set(academicYear, (day = academicYearCalendar(academicYear).terms[0].start));
  return day;
}

/** Born between 1 September and 31 August of the right year for the year group. */
function birthDate(random: Random, yearGroup: number, academicYear: number): string {
  const from = `${academicYear - yearGroup - 5}-09-01`;
  return addDays(from, random.int(0, 364));
}

function assignForms(random: Random, pupils: Pupil[]): void {
  for (const year of YEAR_GROUPS) {
    const inYear = random.shuffle(pupils.filter((p) => p.yearGroup === year));
    inYear.forEach((p, i) => (p.form = `${year}${FORM_LETTERS[i % FORM_LETTERS.length]}`));
  }
}

/**
 * UPNs as the DfE allocates them: the primary school's LA and establishment number, the year of
 * allocation (reception), a serial, and the check letter in front.
 */
function assignUpns(random: Random, families: Family[], academicYear: number): void {
  const primaries = Array.from({ length: 24 }, () => `${random.pick(['873', '874', '882'])}${random.int(2001, 2999)}`);
  const used = new Set<string>();
  for (const family of families) {
    const primary = random.chance(0.85) ? random.pick(primaries) : `${random.int(201, 938)}${random.int(2001, 3999)}`;
    for (const child of family.children) {
      const yy = String((academicYear - (child.yearGroup - 7) - 7) % 100).padStart(2, '0');
      let rest = '';
      do rest = `${primary}${yy}${String(random.int(1, 999)).padStart(3, '0')}`;
      while (used.has(rest));
      used.add(rest);
      child.upn = upnCheckLetter(rest) + rest;
    }
  }
}

/** SEN, safeguarding, young carers: set at realistic low rates, a family's social worker shared by its children. */
function assignNeeds(random: Random, families: Family[], phones: PhoneBook): void {
  const pupils = families.flatMap((f) => f.children);
  for (const p of pupils) {
    p.sen = random.weighted<SenStatus>([
      { value: 'none', weight: 855 },
      { value: 'sen-support', weight: 120 },
      { value: 'ehcp', weight: 25 },
    ]);
    p.youngCarer = random.chance(0.025);
  }
  const socialWorker = (): Professional => {
    const heritage = random.weighted(HERITAGES.map((h) => ({ value: h, weight: h.weight })));
    const female = random.chance(0.75);
    const forename = random.pick(female ? heritage.women ?? heritage.girls : heritage.men ?? heritage.boys);
    const surname = random.pick(heritage.surnames);
    return {
      name: `${forename} ${surname}`,
      role: 'Social worker',
      organisation: CHILDRENS_SERVICES,
      phone: phones.mobile(),
      email: `${asciiFold(forename)}.${asciiFold(surname)}@example.org`,
    };
  };
  for (const family of families.filter((f) => f.kind === 'looked-after')) {
    const worker = socialWorker();
    for (const child of family.children) child.socialWorker = worker;
  }
  const others = random.shuffle(families.filter((f) => f.kind !== 'looked-after'));
  let cp = 0;
  let cin = 0;
  for (const family of others) {
    if (cp >= 6 && cin >= 16) break;
    const plan = cp < 6;
    const worker = socialWorker();
    for (const child of family.children) {
      if (plan) child.childProtectionPlan = true;
      else child.childInNeed = true;
      child.socialWorker = worker;
    }
    if (plan) cp += family.children.length;
    else cin += family.children.length;
  }
  const older = random.shuffle(pupils.filter((p) => p.yearGroup >= 10 && !p.socialWorker));
  for (const p of older.slice(0, 2)) {
    p.youthOffendingWorker = {
      name: `${random.pick(HERITAGES[0].men!)} ${random.pick(HERITAGES[0].surnames)}`,
      role: 'Youth offending worker',
      organisation: 'Oakfield Youth Justice Service',
      phone: phones.landline(),
    };
  }
}

/** A few pupils joined during the year: they have no sessions before their admission date. */
function assignMidTermAdmissions(random: Random, pupils: Pupil[], schoolDays: string[]): void {
  // Joiners arrive after the first fortnight and before the register day.
  const window = schoolDays.slice(10, -1);
  if (window.length === 0) return;
  for (const p of random.sample(pupils, Math.round(pupils.length * 0.015))) p.admissionDate = random.pick(window);
}

function toContact(adult: Adult, pupilUpn: string, priority: number): Contact {
  const contact: Contact = {
    pupilUpn,
    contactId: adult.contactId,
    priority,
    name: `${adult.forename} ${adult.surname}`,
    relationship: adult.relationship,
    parentalResponsibility: adult.parentalResponsibility,
    livesWithPupil: adult.livesWithPupil,
    phones: adult.phones.map((p) => ({ ...p })),
    language: adult.language,
    preferredMethod: adult.preferredMethod,
    requiresDslApproval: adult.requiresDslApproval,
  };
  if (adult.email) contact.email = adult.email;
  return contact;
}

/**
 * Hands out drama-range numbers in a shuffled order. There are only a thousand of each, so a
 * number is reused once the range is spent: harmless, since no one answers them.
 */
class PhoneBook {
  private readonly mobiles: string[];
  private readonly landlines: string[];
  private m = 0;
  private l = 0;

  constructor(random: Random) {
    const range = (prefix: string) => Array.from({ length: 1000 }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
    this.mobiles = random.shuffle(range(DRAMA_MOBILE_PREFIX));
    this.landlines = random.shuffle(range(DRAMA_LANDLINE_PREFIX));
  }

  mobile(): string {
    return this.mobiles[this.m++ % this.mobiles.length];
  }

  landline(): string {
    return this.landlines[this.l++ % this.landlines.length];
  }
}
