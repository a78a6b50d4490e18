import { absentTogether, findFamilies, type ContactAtSchool, type PupilAtSchool } from '../../bot/domain/statistics/families';
import { SchoolCalendar } from '../../bot/domain/statistics/school-calendar';
import { Register, pupil, testSchool } from './fixtures';

const FENLAND = '100001';
const MARSH = '100002'; // another school of the trust, with its own MIS

const pupils: PupilAtSchool[] = [
  { urn: FENLAND, pupil: pupil('F1', { yearGroup: 7 }) },
  { urn: FENLAND, pupil: pupil('F2', { yearGroup: 9 }) },
  { urn: FENLAND, pupil: pupil('F3', { yearGroup: 8 }) },
  { urn: FENLAND, pupil: pupil('F4', { yearGroup: 8 }) },
  { urn: MARSH, pupil: pupil('G1', { yearGroup: 3, admissionDate: '2027-11-09' }) },
  { urn: MARSH, pupil: pupil('G2', { yearGroup: 5 }) },
];

const contact = (urn: string, pupilUpn: string, contactId: string, parent = true): ContactAtSchool => ({
  urn,
  contact: { pupilUpn, contactId, parentalResponsibility: parent, livesWithPupil: parent },
});

const contacts: ContactAtSchool[] = [
  contact(FENLAND, 'F1', 'C100'),
  contact(FENLAND, 'F2', 'C100'),
  contact(FENLAND, 'F3', 'C200', false), // a childminder, listed for two unrelated pupils
  contact(FENLAND, 'F4', 'C200', false),
  contact(MARSH, 'G2', 'C100'), // Marsh's C100 is a different person
  contact(FENLAND, 'LEFT', 'C100'), // a pupil no longer given
];
const links = [{ urn: MARSH, upn: 'G1', siblingUrn: FENLAND, siblingUpn: 'F1' }];

test('siblings share a parent or carer, or are linked; across schools only by link unless ids are trust-wide', () => {
  const families = findFamilies({ pupils, contacts, links });
  expect(families).toEqual([
    {
      members: [
        { urn: FENLAND, upn: 'F1', yearGroup: 7 },
        { urn: FENLAND, upn: 'F2', yearGroup: 9 },
        { urn: MARSH, upn: 'G1', yearGroup: 3 },
      ],
      sharedContactIds: [`${FENLAND}|C100`],
      linked: true,
    },
  ]);
  const trustWide = findFamilies({ pupils, contacts, contactIdScope: 'trust' });
  expect(trustWide.map((f) => f.members.map((m) => m.upn))).toEqual([['F1', 'F2', 'G2']]);
  expect(trustWide[0]).toMatchObject({ sharedContactIds: ['C100'], linked: false });
});

test('the days siblings were absent together, with the codes, counting each only while on roll', () => {
  const [family] = findFamilies({ pupils, contacts, links });
  const calendar = new SchoolCalendar(testSchool(), 2027);
  const f1 = new Register('F1').days('2027-11-08', '2027-11-12', '/').day('2027-11-08', 'I', 'I').day('2027-11-11', 'G', 'G');
  const f2 = new Register('F2').days('2027-11-08', '2027-11-12', '/').day('2027-11-08', 'N', '\\').day('2027-11-09', '/', 'U');
  const g1 = new Register('G1').days('2027-11-08', '2027-11-12', '/').day('2027-11-08', 'O', 'O').day('2027-11-09', 'I', 'I').day('2027-11-12', 'I', 'I');
  const marks = new Map([
    [`${FENLAND}|F1`, f1.marks],
    [`${FENLAND}|F2`, f2.marks],
    [`${MARSH}|G1`, g1.marks],
  ]);
  const roll = new Map(pupils.map((p) => [`${p.urn}|${p.pupil.upn}`, p.pupil]));
  expect(absentTogether(family, { pupils: roll, marks, calendar, to: '2027-11-12' })).toEqual([
    {
      date: '2027-11-08',
      absent: [
        { urn: FENLAND, upn: 'F1', am: 'I', pm: 'I' },
        { urn: FENLAND, upn: 'F2', am: 'N' },
      ], // G1's O was before admission
    },
    {
      date: '2027-11-09',
      absent: [
        { urn: FENLAND, upn: 'F2', pm: 'U' },
        { urn: MARSH, upn: 'G1', am: 'I', pm: 'I' },
      ],
    },
  ]);
  expect(absentTogether(family, { pupils: roll, marks, calendar, from: '2027-11-09', to: '2027-11-10' }).map((d) => d.date)).toEqual(['2027-11-09']);
});
