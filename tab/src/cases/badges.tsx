/** Badges for a case's attendance band, what is due, and the trend, in words as well as colour. */
import { Badge, Text, makeStyles } from '@fluentui/react-components';
import type { AttendanceBandFilter, CaseAttendance } from '../../../bot/domain/cases/case-attendance';
import { dueState, type CaseDue, type DueAction } from '../../../bot/domain/cases/case-plan';
import { formatDate } from '../ui';

const BAND_LABEL: Record<AttendanceBandFilter, string> = { 'below-threshold': 'below threshold', persistent: 'persistent', severe: 'severe' };

export function BandBadges(props: { bands: AttendanceBandFilter[] }) {
  // The worst band says it all: severe implies persistent implies below the threshold.
  const worst = props.bands.at(-1);
  if (!worst) return null;
  return (
    <Badge appearance="tint" color={worst === 'below-threshold' ? 'warning' : 'danger'} shape="rounded">
      {BAND_LABEL[worst]}
    </Badge>
  );
}

const DUE_LABEL: Record<DueAction, string> = { meeting: 'Meeting', review: 'Review', contact: 'Contact' };

// A badge is one line high; in a narrow column "Meeting by Fri 4 Dec 2026" wraps, so the badge grows with it.
const useStyles = makeStyles({ wraps: { height: 'auto', minHeight: '20px', paddingBlock: '1px' } });

/** Every dated next step of the plan; those due this week or overdue stand out. */
export function DueBadges(props: { due: CaseDue; today: string }) {
  const s = useStyles();
  const steps = (['meeting', 'review', 'contact'] as DueAction[])
    .map((a) => ({ a, date: a === 'meeting' ? props.due.meeting?.date : props.due[a] }))
    .filter((x): x is { a: DueAction; date: string } => Boolean(x.date));
  if (!steps.length) return <Text>–</Text>;
  return (
    <>
      {steps.map(({ a, date }) => {
        const state = dueState(date, props.today);
        const words = state === 'overdue' ? 'overdue since' : state === 'later' ? 'by' : 'due';
        return (
          <Badge key={a} className={s.wraps} appearance={state === 'overdue' ? 'filled' : state === 'later' ? 'outline' : 'tint'} color={state === 'overdue' ? 'danger' : state === 'later' ? 'informative' : 'warning'} shape="rounded">
            {DUE_LABEL[a]} {words} {formatDate(date)}
          </Badge>
        );
      })}
    </>
  );
}

const TREND_LABEL: Record<CaseAttendance['trend']['direction'], string> = {
  improving: '↗ improving',
  declining: '↘ declining',
  steady: '→ steady',
  'not-enough-data': 'not enough weeks yet',
};

export function TrendText(props: { direction: CaseAttendance['trend']['direction'] }) {
  return <Text>{TREND_LABEL[props.direction]}</Text>;
}
