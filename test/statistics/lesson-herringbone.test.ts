import { lessonHerringbone, type LessonMark, type Timetable } from '../../bot/domain/statistics/lesson-herringbone';

// A two-week timetable: Friday P5 is music in week 1 and PE in week 2.
const timetable: Timetable = {
  upn: 'T1',
  cycleWeeks: 2,
  weekOneMonday: '2027-09-06',
  periods: ['P1', 'P2', 'P3', 'P4', 'P5'],
  lessons: [
    { week: 1, weekday: 5, period: 'P5', subject: 'Music' },
    { week: 2, weekday: 5, period: 'P5', subject: 'PE' },
    { week: 1, weekday: 5, period: 'P1', subject: 'Maths' },
    { week: 2, weekday: 5, period: 'P1', subject: 'Maths' },
    { week: 1, weekday: 3, period: 'P1', subject: 'English', teacher: 'Ms Reed' },
    { week: 2, weekday: 3, period: 'P1', subject: 'English', teacher: 'Ms Reed' },
  ],
};

const mark = (date: string, period: string, code: string): LessonMark => ({ upn: 'T1', date, period, code });

test('absent from Friday music in week 1 only, late to Wednesday English: the herringbone by lesson shows it', () => {
  const marks = [
    // Fridays: 10 Sep (week 1), 17 Sep (week 2), 24 Sep (week 1), 1 Oct (week 2)
    mark('2027-09-10', 'P1', '/'), mark('2027-09-10', 'P5', 'N'),
    mark('2027-09-17', 'P1', '/'), mark('2027-09-17', 'P5', '/'),
    mark('2027-09-24', 'P1', '/'), mark('2027-09-24', 'P5', 'O'),
    mark('2027-10-01', 'P1', '/'), mark('2027-10-01', 'P5', '/'),
    mark('2027-09-08', 'P1', 'L'), mark('2027-09-15', 'P1', 'L'), mark('2027-09-22', 'P1', 'U'),
    mark('2027-09-29', 'P1', '#'), // closed: not a possible lesson
    mark('2027-09-29', 'P3', 'I'), // no lesson timetabled
  ];
  const h = lessonHerringbone(timetable, marks);
  expect(h.subjects).toEqual([
    { subject: 'Music', possible: 2, absent: 2, late: 0, percent: 0 },
    { subject: 'English', possible: 3, absent: 1, late: 3, percent: (2 * 100) / 3 },
    { subject: 'Maths', possible: 4, absent: 0, late: 0, percent: 100 },
    { subject: 'PE', possible: 2, absent: 0, late: 0, percent: 100 },
  ]);
  expect(h.slots).toEqual([
    { weekday: 3, period: 'P1', possible: 3, absent: 1, late: 3, subjects: ['English'] },
    { weekday: 3, period: 'P3', possible: 1, absent: 1, late: 0, subjects: [] },
    { weekday: 5, period: 'P1', possible: 4, absent: 0, late: 0, subjects: ['Maths'] },
    { weekday: 5, period: 'P5', possible: 4, absent: 2, late: 0, subjects: ['Music', 'PE'] },
  ]);
  expect(h.unmatched).toBe(1);
});

test('bad lesson marks and timetables are clear errors', () => {
  expect(() => lessonHerringbone(timetable, [mark('2027-09-10', 'P1', 'H')])).toThrow('Lesson mark 1 (T1 2027-09-10 P1): unknown attendance code "H"');
  expect(() => lessonHerringbone(timetable, [{ ...mark('2027-09-10', 'P1', '/'), upn: 'T2' }])).toThrow('is not for T1');
  expect(() => lessonHerringbone(timetable, [mark('2027-09-11', 'P1', '/')])).toThrow('lessons are Monday to Friday');
  expect(() => lessonHerringbone({ ...timetable, weekOneMonday: '2027-09-07' }, [])).toThrow('weekOneMonday "2027-09-07" is not a Monday');
  expect(() => lessonHerringbone({ ...timetable, lessons: [{ week: 3, weekday: 1, period: 'P1', subject: 'Art' }] }, [])).toThrow('lesson 1: week 3, weekday 1 is outside the cycle');
});
