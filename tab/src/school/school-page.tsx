/**
 * The school's attendance, for the attendance lead and the DSLs: the school's and each year group's
 * attendance, persistent and severe absence, the bands, the weekday picture and the weeks, the pupils
 * who crossed a band in the week of the figures (with their cases and brothers or sisters absent on the
 * same days), and those at the penalty-notice threshold. Read from the figures the statistics store.
 */
import {
  Badge,
  Button,
  Link,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { CaseState, CrossingLine, GroupAttendance, PupilLine, SchoolAttendanceView } from '../../../bot/api/api-types';
import { ApiError, type ApiClient } from '../api-client';
import { ErrorBar, Section, formatDate } from '../ui';
import { BaselinePanel } from './baseline-panel';
import { BandChart, WeekdayChart, WeeklyTrendChart, YearGroupChart } from './charts';

const useStyles = makeStyles({
  heading: { margin: 0, marginBlockEnd: tokens.spacingVerticalXS, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  back: { display: 'inline-block', marginBlockStart: tokens.spacingVerticalM },
  asOf: { display: 'block', color: tokens.colorNeutralForeground2, marginBlockEnd: tokens.spacingVerticalL },
  figures: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL, marginBlockEnd: tokens.spacingVerticalXL },
  figure: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  big: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  small: { color: tokens.colorNeutralForeground2 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(34rem, 1fr))', gap: tokens.spacingHorizontalXL },
  panel: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium, marginBlockEnd: tokens.spacingVerticalL, minWidth: 0 },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  siblings: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

const CASE_WORDS: Record<CaseState, string> = { open: 'case open', closed: 'case closed', none: 'no case yet' };

function share(n: number, of: number): string {
  return of ? ` (${((n * 100) / of).toFixed(1)}%)` : '';
}

function KeyFigure(props: { label: string; value: string; detail?: string }) {
  const s = useStyles();
  return (
    <div className={s.figure}>
      <Text>{props.label}</Text>
      <span className={s.big}>{props.value}</span>
      {props.detail && <Text className={s.small}>{props.detail}</Text>}
    </div>
  );
}

function PupilLink(props: { pupil: PupilLine; onOpen: (upn: string) => void }) {
  return (
    <Link href={`#/cases/${props.pupil.upn}`} onClick={(e) => (e.preventDefault(), props.onOpen(props.pupil.upn))}>
      {props.pupil.name}
    </Link>
  );
}

function CaseBadge(props: { state: CaseState }) {
  return (
    <Badge appearance={props.state === 'none' ? 'outline' : 'tint'} color={props.state === 'open' ? 'brand' : 'informative'} shape="rounded">
      {CASE_WORDS[props.state]}
    </Badge>
  );
}

function YearGroupTable(props: { rows: (GroupAttendance & { yearGroup: number })[]; school: GroupAttendance }) {
  const s = useStyles();
  const line = (label: string, g: GroupAttendance) => (
    <>
      <TableCell>{label}</TableCell>
      <TableCell>{g.pupils}</TableCell>
      <TableCell>{g.percent === undefined ? '–' : `${g.percent.toFixed(1)}%`}</TableCell>
      <TableCell>{g.persistent + share(g.persistent, g.pupils)}</TableCell>
      <TableCell>{g.severe + share(g.severe, g.pupils)}</TableCell>
    </>
  );
  return (
    <Table className={s.table} size="small" aria-label="Attendance by year group">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Year group</TableHeaderCell>
          <TableHeaderCell>Pupils</TableHeaderCell>
          <TableHeaderCell>Attendance</TableHeaderCell>
          <TableHeaderCell>Persistent absence</TableHeaderCell>
          <TableHeaderCell>Severe absence</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.rows.map((y) => (
          <TableRow key={y.yearGroup}>{line(y.yearGroup === 0 ? 'Reception' : `Year ${y.yearGroup}`, y)}</TableRow>
        ))}
        <TableRow>{line('Whole school', props.school)}</TableRow>
      </TableBody>
    </Table>
  );
}

function Siblings(props: { crossing: CrossingLine }) {
  const s = useStyles();
  const together = props.crossing.siblings.filter((sib) => sib.days.length > 0);
  if (!props.crossing.siblings.length) return <Text>–</Text>;
  if (!together.length) return <Text>Siblings on roll, never absent on the same day</Text>;
  return (
    <ul className={s.siblings}>
      {together.map((sib) => (
        <li key={sib.upn}>
          {sib.name} (year {sib.yearGroup}): absent on the same {sib.days.length === 1 ? 'day' : `${sib.days.length} days`}, last {formatDate(sib.days[sib.days.length - 1])}
        </li>
      ))}
    </ul>
  );
}

/** Rows shown before "Show all": a bad week can take many pupils into a band at once. */
const FIRST_ROWS = 25;

function CrossingsTable(props: { crossings: CrossingLine[]; onOpen: (upn: string) => void }) {
  const s = useStyles();
  const [all, setAll] = useState(false);
  if (!props.crossings.length) return <Text>No pupil crossed one of the school's bands that week.</Text>;
  const shown = all ? props.crossings : props.crossings.slice(0, FIRST_ROWS);
  return (
    <>
      <Table className={s.table} size="small" aria-label="Pupils who crossed a band">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Pupil</TableHeaderCell>
            <TableHeaderCell>Year / form</TableHeaderCell>
            <TableHeaderCell>Band crossed</TableHeaderCell>
            <TableHeaderCell>Attendance then</TableHeaderCell>
            <TableHeaderCell>On</TableHeaderCell>
            <TableHeaderCell>Support First</TableHeaderCell>
            <TableHeaderCell>Siblings absent on the same days</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((c) => (
            <TableRow key={`${c.upn}|${c.belowPercent}`}>
              <TableCell>
                <PupilLink pupil={c} onOpen={props.onOpen} />
              </TableCell>
              <TableCell>
                Year {c.yearGroup}
                {c.form ? ` · ${c.form}` : ''}
              </TableCell>
              <TableCell>{c.label}</TableCell>
              <TableCell>{c.percent.toFixed(1)}%</TableCell>
              <TableCell>{formatDate(c.crossedOn)}</TableCell>
              <TableCell>
                <CaseBadge state={c.case} />
              </TableCell>
              <TableCell>
                <Siblings crossing={c} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {shown.length < props.crossings.length && (
        <div>
          <Button onClick={() => setAll(true)}>Show all {props.crossings.length}</Button>
        </div>
      )}
    </>
  );
}

export function SchoolPage(props: { client: ApiClient; urn: string; onOpen: (upn: string) => void }) {
  const s = useStyles();
  const { client, urn } = props;
  const [view, setView] = useState<SchoolAttendanceView>();
  const [error, setError] = useState<unknown>();
  // Bumped when the baseline's cases are opened, so the other lists show those pupils' cases too.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    client.schoolAttendance(urn).then(
      (v) => current && (setView(v), setError(undefined)),
      (e) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [client, urn, version]);

  const heading = (
    <h2 className={s.heading} id="school-attendance">
      The school's attendance
    </h2>
  );
  if (error) {
    return (
      <>
        {heading}
        <ErrorBar error={error} title={error instanceof ApiError && error.status === 403 ? "You cannot see the school's figures" : "Could not load the school's figures"} />
        <Link className={s.back} href="#/cases">
          Go to the cases
        </Link>
      </>
    );
  }
  if (!view) return <Spinner label="Loading the school's figures…" />;
  const f = view.figures;
  if (!f) {
    return (
      <>
        {heading}
        <Text>The attendance statistics have not computed this year's figures yet. They are updated with each register import and every night.</Text>
      </>
    );
  }
  const threshold = Math.max(90, ...f.bands.map((b) => b.belowPercent));
  return (
    <>
      {heading}
      <Text className={s.asOf}>
        Figures to {formatDate(f.asOf)}, academic year {view.academicYear}/{String((view.academicYear + 1) % 100).padStart(2, '0')}.
      </Text>
      <div className={s.figures}>
        <KeyFigure label="Attendance this year" value={f.school.percent === undefined ? '–' : `${f.school.percent.toFixed(1)}%`} detail={`${f.school.pupils} pupils · ${f.school.unauthorised} unauthorised sessions`} />
        <KeyFigure label="Persistent absence" value={String(f.school.persistent)} detail={`pupils missing 10% or more${share(f.school.persistent, f.school.pupils)}`} />
        <KeyFigure label="Severe absence" value={String(f.school.severe)} detail={`pupils missing 50% or more${share(f.school.severe, f.school.pupils)}`} />
        <KeyFigure label="Penalty-notice threshold" value={String(f.penaltyThreshold.length)} detail="10 unauthorised sessions in 10 school weeks" />
        <KeyFigure label="Crossed a band" value={String(f.crossingsThisWeek.length)} detail={`in the week of ${formatDate(f.weekOf)}`} />
      </div>
      <div className={s.panel}>
        <Section id="crossings" title={`Crossed a band in the week of ${formatDate(f.weekOf)}`} hint="The lowest band first. Each crossing opens or updates the pupil's Support First case, and their head of year is told once.">
          <CrossingsTable crossings={f.crossingsThisWeek} onOpen={props.onOpen} />
        </Section>
      </div>
      <BaselinePanel client={client} urn={urn} onOpen={props.onOpen} onCasesOpened={() => setVersion((v) => v + 1)} />
      <div className={s.grid}>
        <div className={s.panel}>
          <Section id="year-groups" title="Year groups">
            <YearGroupChart figures={f} thresholdPercent={threshold} />
            <YearGroupTable rows={f.yearGroups} school={f.school} />
          </Section>
        </div>
        <div className={s.panel}>
          <Section id="weekdays" title="Weekday picture" hint="The share of sessions missed on each weekday, morning (solid) and afternoon (hatched).">
            <WeekdayChart figures={f} />
          </Section>
        </div>
        <div className={s.panel}>
          <Section id="weeks" title="Week by week" hint={`Trend over the last four school weeks: ${f.trend.direction.replace(/-/g, ' ')}.`}>
            <WeeklyTrendChart figures={f} thresholdPercent={threshold} />
          </Section>
        </div>
        <div className={s.panel}>
          <Section id="bands" title="Attendance bands">
            <BandChart figures={f} />
          </Section>
        </div>
      </div>
      <div className={s.panel}>
        <Section id="penalty" title="At the penalty-notice threshold" hint="The attendance lead considers whether a penalty notice is appropriate, after support has been offered.">
          {f.penaltyThreshold.length ? (
            <ul className={s.siblings}>
              {f.penaltyThreshold.map((p) => (
                <li key={p.upn}>
                  <PupilLink pupil={p} onOpen={props.onOpen} /> · year {p.yearGroup} · <CaseBadge state={p.case} />
                </li>
              ))}
            </ul>
          ) : (
            <Text>No pupil has reached it.</Text>
          )}
        </Section>
      </div>
    </>
  );
}
