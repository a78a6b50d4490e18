/** Attendance this term, this year and over the last four weeks, the weekly trend, the herringbone, and what the plan has falling due. */
import { Badge, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CaseView } from '../../../bot/api/api-types';
import type { CaseAttendance, PeriodAttendance } from '../../../bot/domain/cases/case-attendance';
import type { DueState } from '../../../bot/domain/cases/case-plan';
import { Section, formatDate } from '../ui';
import { BandBadges, TrendText } from './badges';
import { HerringboneChart } from './herringbone-chart';

const useStyles = makeStyles({
  figures: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL },
  figure: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  big: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  small: { color: tokens.colorNeutralForeground2 },
  plan: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  line: { stroke: tokens.colorBrandForeground1, strokeWidth: 2, fill: 'none' },
  threshold: { stroke: tokens.colorPaletteMarigoldForeground1, strokeDasharray: '4 3' },
  persistent: { stroke: tokens.colorPaletteRedForeground1, strokeDasharray: '2 3' },
  axis: { fill: tokens.colorNeutralForeground2, fontSize: '10px', fontFamily: tokens.fontFamilyBase },
});

function Figure(props: { label: string; figures?: PeriodAttendance; late?: number }) {
  const s = useStyles();
  const f = props.figures;
  return (
    <div className={s.figure}>
      <Text>{props.label}</Text>
      <span className={s.big}>{f?.percent === undefined ? '–' : `${f.percent.toFixed(1)}%`}</span>
      {f && (
        <Text className={s.small}>
          {f.attended} of {f.possible} sessions · {f.unauthorised} unauthorised{props.late !== undefined ? ` · ${props.late} late` : ''}
        </Text>
      )}
    </div>
  );
}

function TrendChart(props: { attendance: CaseAttendance }) {
  const s = useStyles();
  const weeks = props.attendance.trend.weeks;
  if (weeks.length < 2) return <Text>Not enough weeks of marks to draw a trend.</Text>;
  const w = 380;
  const h = 140;
  const min = Math.max(0, Math.min(80, ...weeks.map((x) => x.percent)) - 5);
  const y = (p: number) => 8 + ((100 - p) / (100 - min)) * (h - 24);
  const xAt = (i: number) => 30 + (i / (weeks.length - 1)) * (w - 40);
  const points = weeks.map((wk, i) => `${xAt(i).toFixed(1)},${y(wk.percent).toFixed(1)}`).join(' ');
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  const label = `Weekly attendance from ${formatDate(first.weekStart)} (${first.percent}%) to ${formatDate(last.weekStart)} (${last.percent}%), against the school's threshold of ${props.attendance.thresholdPercent}% and the persistent-absence line of 90%.`;
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label} data-testid="trend">
      <line className={s.threshold} x1={30} x2={w - 10} y1={y(props.attendance.thresholdPercent)} y2={y(props.attendance.thresholdPercent)} />
      <line className={s.persistent} x1={30} x2={w - 10} y1={y(90)} y2={y(90)} />
      <text className={s.axis} x={26} y={y(100) + 4} textAnchor="end">100%</text>
      <text className={s.axis} x={26} y={y(min) + 4} textAnchor="end">{Math.round(min)}%</text>
      <text className={s.axis} x={w - 10} y={y(props.attendance.thresholdPercent) - 3} textAnchor="end">threshold {props.attendance.thresholdPercent}%</text>
      <text className={s.axis} x={w - 10} y={y(90) + 11} textAnchor="end">persistent 90%</text>
      <polyline className={s.line} points={points} />
    </svg>
  );
}

const STATE: Record<DueState, string> = { overdue: 'overdue', today: 'due today', soon: 'due this week', later: 'planned' };

export function AttendancePanel(props: { view: CaseView }) {
  const s = useStyles();
  const { attendance, plan, case: c } = props.view;
  return (
    <>
      {attendance ? (
        <>
          <Section id="attendance" title="Attendance" hint={`Figures to ${formatDate(attendance.asOf)}.`}>
            <div className={s.figures}>
              <Figure label={`This term${attendance.term ? ` (${attendance.term.name})` : ''}`} figures={attendance.term} />
              <Figure label="This year" figures={attendance.year} late={attendance.lates.beforeClose + attendance.lates.afterClose} />
              <Figure label="Last four school weeks" figures={attendance.lastFourWeeks} />
              <div className={s.figure}>
                <Text>Trend</Text>
                <TrendText direction={attendance.trend.direction} />
                <BandBadges bands={attendance.bands} />
                {attendance.band && <Text className={s.small}>School band: {attendance.band.label}</Text>}
              </div>
              <TrendChart attendance={attendance} />
            </div>
            {attendance.unauthorisedTenWeeks.thresholdReached && (
              <MessageBar intent="warning">
                <MessageBarBody>
                  {attendance.unauthorisedTenWeeks.sessions} sessions of unauthorised absence since {formatDate(attendance.unauthorisedTenWeeks.from)}: the national threshold for considering a penalty notice (10 sessions in 10 school weeks) is reached.
                </MessageBarBody>
              </MessageBar>
            )}
          </Section>
          <Section id="herringbone" title="Herringbone" hint="Each row is a school week. Look for the same days or sessions going wrong, and explore them with the pupil and their timetable.">
            <HerringboneChart herringbone={attendance.herringbone} />
          </Section>
        </>
      ) : (
        <Section id="attendance" title="Attendance">
          <Text>The attendance statistics have not computed this pupil's figures for this year yet. They are updated with each register import and every night.</Text>
        </Section>
      )}
      <Section id="plan" title="What is due">
        <ul className={s.plan}>
          <li>
            Meetings held: {plan.meetingsHeld} of at least {plan.minimumMeetings}
          </li>
          {plan.due.meeting && (
            <li>
              {plan.due.meeting.label}: by {formatDate(plan.due.meeting.date)} <Badge appearance="tint" color={plan.states.meeting === 'overdue' ? 'danger' : 'informative'}>{STATE[plan.states.meeting!]}</Badge>
            </li>
          )}
          {plan.due.review && (
            <li>
              Review meeting: {formatDate(plan.due.review)} <Badge appearance="tint" color={plan.states.review === 'overdue' ? 'danger' : 'informative'}>{STATE[plan.states.review!]}</Badge>
            </li>
          )}
          {plan.due.contact && (
            <li>
              Fortnightly contact with the family: {formatDate(plan.due.contact)} <Badge appearance="tint" color={plan.states.contact === 'overdue' ? 'danger' : 'informative'}>{STATE[plan.states.contact!]}</Badge>
            </li>
          )}
          {plan.nextCheckIn && c.trustedAdult && (
            <li>
              {c.trustedAdult.name}'s next check-in with the pupil: {formatDate(plan.nextCheckIn)} <Badge appearance="tint" color={plan.nextCheckInState === 'overdue' ? 'danger' : 'informative'}>{STATE[plan.nextCheckInState!]}</Badge>
            </li>
          )}
        </ul>
      </Section>
    </>
  );
}
