/**
 * The school view's charts, as SVG pictures that read without colour: every bar carries its value in
 * words, the afternoon is hatched as well as shaded, reference lines are dashed and labelled, and each
 * chart has a title and a description saying what it shows (the tables beside them hold the numbers).
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import type { SchoolAttendanceView } from '../../../bot/api/api-types';
import { formatDate } from '../ui';

type Figures = NonNullable<SchoolAttendanceView['figures']>;

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

const useStyles = makeStyles({
  svg: { display: 'block', maxWidth: '100%', height: 'auto' },
  label: { fill: tokens.colorNeutralForeground1, fontSize: '12px', fontFamily: tokens.fontFamilyBase },
  muted: { fill: tokens.colorNeutralForeground2, fontSize: '11px', fontFamily: tokens.fontFamilyBase },
  bar: { fill: tokens.colorBrandBackground },
  barLow: { fill: tokens.colorPaletteRedBackground3 },
  track: { fill: tokens.colorNeutralBackground3 },
  line: { stroke: tokens.colorBrandForeground1, strokeWidth: 2, fill: 'none' },
  dot: { fill: tokens.colorBrandForeground1 },
  threshold: { stroke: tokens.colorPaletteMarigoldForeground1, strokeWidth: 1.5, strokeDasharray: '5 3' },
  persistent: { stroke: tokens.colorPaletteRedForeground1, strokeWidth: 1.5, strokeDasharray: '2 3' },
  axis: { stroke: tokens.colorNeutralStroke1 },
});

/** Percentages shown as a school reads them: one decimal place, as given (already rounded down). */
const pct = (p: number | undefined) => (p === undefined ? '–' : `${p.toFixed(1)}%`);

/** Horizontal bars of each year group's attendance from 80% (or lower) to 100%, with the threshold and 90% lines. */
export function YearGroupChart(props: { figures: Figures; thresholdPercent: number }) {
  const s = useStyles();
  const id = useId();
  const years = props.figures.yearGroups;
  const low = Math.min(80, ...years.map((y) => Math.floor((y.percent ?? 100) / 5) * 5));
  const left = 80;
  const width = 560;
  const plot = width - left - 70;
  const row = 28;
  const height = 30 + years.length * row + 24;
  const x = (p: number) => left + ((Math.max(p, low) - low) / (100 - low)) * plot;
  const lowest = [...years].filter((y) => y.percent !== undefined).sort((a, b) => a.percent! - b.percent!)[0];
  const desc = `${years.length} year groups. ${lowest ? `Lowest: year ${lowest.yearGroup} at ${pct(lowest.percent)}. ` : ''}${years.map((y) => `Year ${y.yearGroup}: ${pct(y.percent)}`).join('; ')}.`;
  return (
    <svg className={s.svg} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} data-testid="year-group-chart">
      <title id={`${id}-t`}>Attendance by year group this year, against the school's threshold of {props.thresholdPercent}% and the persistent-absence line of 90%</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {years.map((y, i) => {
        const top = 24 + i * row;
        const below = y.percent !== undefined && y.percent <= props.thresholdPercent;
        return (
          <g key={y.yearGroup}>
            <text className={s.label} x={left - 8} y={top + 14} textAnchor="end">
              {y.yearGroup === 0 ? 'Reception' : `Year ${y.yearGroup}`}
            </text>
            <rect className={s.track} x={left} y={top} width={plot} height={18} />
            {y.percent !== undefined && <rect className={below ? s.barLow : s.bar} x={left} y={top} width={x(y.percent) - left} height={18} />}
            <text className={s.label} x={x(y.percent ?? low) + 6} y={top + 14}>
              {pct(y.percent)}
              {below ? ' ▼' : ''}
            </text>
          </g>
        );
      })}
      {[
        { p: props.thresholdPercent, cls: s.threshold, text: `threshold ${props.thresholdPercent}%` },
        { p: 90, cls: s.persistent, text: 'persistent 90%' },
      ].map((l, i) => (
        <g key={l.text}>
          <line className={l.cls} x1={x(l.p)} x2={x(l.p)} y1={18} y2={height - 20} />
          <text className={s.muted} x={x(l.p)} y={i === 0 ? 12 : height - 6} textAnchor="middle">
            {l.text}
          </text>
        </g>
      ))}
      <text className={s.muted} x={left} y={height - 6} textAnchor="start">
        {low}%
      </text>
      <text className={s.muted} x={width - 4} y={height - 6} textAnchor="end">
        ▼ at or below the threshold
      </text>
    </svg>
  );
}

/**
 * The weekday picture: for each day, the share of morning and afternoon sessions missed across the school.
 * Mornings are solid, afternoons hatched, and each bar is labelled with its session and value.
 */
export function WeekdayChart(props: { figures: Figures }) {
  const s = useStyles();
  const id = useId();
  const rates = props.figures.weekdays.map((d) => ({
    day: DAYS[d.weekday - 1],
    am: d.am.possible ? (d.am.absent * 100) / d.am.possible : 0,
    pm: d.pm.possible ? (d.pm.absent * 100) / d.pm.possible : 0,
    lateAm: d.am.late,
  }));
  const top = Math.max(5, Math.ceil(Math.max(...rates.flatMap((r) => [r.am, r.pm])) / 5) * 5);
  const width = 560;
  const height = 230;
  const base = 180;
  const plot = 150;
  const group = (width - 60) / 5;
  const bar = 30;
  const y = (v: number) => base - (v / top) * plot;
  const worst = [...rates.flatMap((r) => [{ name: `${r.day} morning`, v: r.am }, { name: `${r.day} afternoon`, v: r.pm }])].sort((a, b) => b.v - a.v)[0];
  const desc = `Most missed: ${worst.name}, ${worst.v.toFixed(1)}% of sessions. ${rates.map((r) => `${r.day}: morning ${r.am.toFixed(1)}%, afternoon ${r.pm.toFixed(1)}%`).join('; ')}.`;
  return (
    <svg className={s.svg} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} data-testid="weekday-chart">
      <title id={`${id}-t`}>Sessions missed by weekday, morning and afternoon, this year</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <defs>
        <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill={tokens.colorPaletteRedBackground2} />
          <line x1="0" y1="0" x2="0" y2="6" stroke={tokens.colorPaletteRedForeground1} strokeWidth="2.5" />
        </pattern>
      </defs>
      <line className={s.axis} x1={40} x2={width - 10} y1={base} y2={base} />
      <text className={s.muted} x={34} y={y(top) + 4} textAnchor="end">
        {top}%
      </text>
      <text className={s.muted} x={34} y={base + 4} textAnchor="end">
        0%
      </text>
      {rates.map((r, i) => {
        const gx = 50 + i * group;
        return (
          <g key={r.day}>
            {(['am', 'pm'] as const).map((half, j) => {
              const v = r[half];
              const bx = gx + j * (bar + 6);
              return (
                <g key={half}>
                  <rect x={bx} y={y(v)} width={bar} height={base - y(v)} fill={half === 'am' ? tokens.colorPaletteRedBackground3 : `url(#${id}-hatch)`} stroke={tokens.colorPaletteRedForeground1} strokeWidth={0.5} />
                  <text className={s.muted} x={bx + bar / 2} y={y(v) - 4} textAnchor="middle">
                    {v.toFixed(1)}
                  </text>
                  <text className={s.muted} x={bx + bar / 2} y={base + 14} textAnchor="middle">
                    {half.toUpperCase()}
                  </text>
                </g>
              );
            })}
            <text className={s.label} x={gx + bar + 3} y={base + 32} textAnchor="middle">
              {r.day.slice(0, 3)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The school's attendance week by week, with the threshold and the 90% line. */
export function WeeklyTrendChart(props: { figures: Figures; thresholdPercent: number }) {
  const s = useStyles();
  const id = useId();
  const weeks = props.figures.weeks;
  if (weeks.length < 2) return null;
  const width = 560;
  const height = 190;
  const left = 44;
  // The reference lines are labelled to the right of the plot, clear of the line.
  const right = width - 112;
  const min = Math.max(0, Math.min(85, ...weeks.map((w) => w.percent)) - 3);
  const y = (p: number) => 12 + ((100 - p) / (100 - min)) * (height - 44);
  const x = (i: number) => left + (i / (weeks.length - 1)) * (right - left);
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  const worst = [...weeks].sort((a, b) => a.percent - b.percent)[0];
  const desc = `From ${pct(first.percent)} in the week of ${formatDate(first.weekStart)} to ${pct(last.percent)} in the week of ${formatDate(last.weekStart)}; lowest ${pct(worst.percent)} in the week of ${formatDate(worst.weekStart)}. Trend over the last four weeks: ${props.figures.trend.direction.replace(/-/g, ' ')}.`;
  const lines = [
    { p: props.thresholdPercent, cls: s.threshold, text: `threshold ${props.thresholdPercent}%` },
    { p: 90, cls: s.persistent, text: 'persistent 90%' },
  ];
  return (
    <svg className={s.svg} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} data-testid="weekly-chart">
      <title id={`${id}-t`}>The school's attendance week by week this year</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {lines.map((l, i) => (
        <g key={l.text}>
          <line className={l.cls} x1={left} x2={right} y1={y(l.p)} y2={y(l.p)} />
          <text className={s.muted} x={right + 6} y={y(l.p) + (lines.length > 1 && Math.abs(y(lines[0].p) - y(lines[1].p)) < 12 ? (i === 0 ? -3 : 9) : 4)}>
            {l.text}
          </text>
        </g>
      ))}
      <text className={s.muted} x={left - 6} y={y(100) + 4} textAnchor="end">
        100%
      </text>
      <text className={s.muted} x={left - 6} y={y(min) + 4} textAnchor="end">
        {Math.round(min)}%
      </text>
      <polyline className={s.line} points={weeks.map((w, i) => `${x(i).toFixed(1)},${y(w.percent).toFixed(1)}`).join(' ')} />
      {weeks.map((w, i) => (
        <circle key={w.weekStart} className={s.dot} cx={x(i)} cy={y(w.percent)} r={3}>
          <title>{`Week of ${formatDate(w.weekStart)}: ${pct(w.percent)}`}</title>
        </circle>
      ))}
      <text className={s.muted} x={left} y={height - 8} textAnchor="start">
        {formatDate(first.weekStart)}
      </text>
      <text className={s.muted} x={right} y={height - 8} textAnchor="end">
        {formatDate(last.weekStart)}
      </text>
    </svg>
  );
}

/** How many pupils are in each of the school's bands (each pupil in their lowest). */
export function BandChart(props: { figures: Figures }) {
  const s = useStyles();
  const id = useId();
  const bands = props.figures.bands;
  const most = Math.max(1, ...bands.map((b) => b.pupils));
  const left = 250;
  const width = 560;
  const plot = width - left - 60;
  const row = 28;
  const height = 10 + bands.length * row;
  const desc = bands.map((b) => `${b.label}: ${b.pupils} ${b.pupils === 1 ? 'pupil' : 'pupils'}`).join('; ');
  return (
    <svg className={s.svg} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} data-testid="band-chart">
      <title id={`${id}-t`}>Pupils in each of the school's attendance bands</title>
      <desc id={`${id}-d`}>{desc}.</desc>
      {bands.map((b, i) => {
        const top = 6 + i * row;
        const w = (b.pupils / most) * plot;
        return (
          <g key={b.belowPercent}>
            <text className={s.label} x={left - 8} y={top + 14} textAnchor="end">
              {b.label}
            </text>
            <rect className={s.track} x={left} y={top} width={plot} height={18} />
            <rect className={s.barLow} x={left} y={top} width={w} height={18} />
            <text className={s.label} x={left + w + 6} y={top + 14}>
              {b.pupils}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
