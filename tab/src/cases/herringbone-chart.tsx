/**
 * The herringbone as a picture (the Support First approach: "compare the pupil's herringbone with their timetable and look
 * for patterns"): one row per school week, one column per weekday session, each session drawn by what
 * happened, with lates marked by a corner flag; under it, bars for how often each session is missed.
 * Shapes as well as colours carry the meaning, so it reads in high contrast and to colour-blind eyes.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Herringbone, HerringboneCell, SessionKind } from '../../../bot/domain/cases/case-attendance';

const CELL_W = 26;
const CELL_H = 14;
const GAP = 2;
const DAY_GAP = 8;
const LEFT = 70;
const TOP = 34;
const BARS = 44;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

const FILL: Record<SessionKind, string> = {
  present: tokens.colorPaletteGreenBackground2,
  activity: tokens.colorPaletteGreenBackground2,
  late: tokens.colorPaletteMarigoldBackground2,
  'late-after-close': tokens.colorPaletteDarkOrangeBackground2,
  authorised: tokens.colorPaletteBlueBackground2,
  unauthorised: tokens.colorPaletteRedBackground2,
  'not-counted': tokens.colorNeutralBackground3,
};

const LABEL: Record<SessionKind, string> = {
  present: 'present',
  activity: 'approved educational activity',
  late: 'late before the register closed',
  'late-after-close': 'late after the register closed (unauthorised)',
  authorised: 'authorised absence',
  unauthorised: 'unauthorised absence',
  'not-counted': 'not a possible session',
};

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  text: { fill: tokens.colorNeutralForeground1, fontSize: '11px', fontFamily: tokens.fontFamilyBase },
  muted: { fill: tokens.colorNeutralForeground2, fontSize: '10px', fontFamily: tokens.fontFamilyBase },
  legend: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, marginBlockStart: tokens.spacingVerticalS, padding: 0, listStyle: 'none' },
  legendItem: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
});

function x(slot: number): number {
  const day = Math.floor(slot / 2);
  return LEFT + day * (2 * CELL_W + GAP + DAY_GAP) + (slot % 2) * (CELL_W + GAP);
}

const weekLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** The marks drawn over a session's fill: a cross for unauthorised, a stroke for authorised, a flag for late. */
function Glyph(props: { kind: SessionKind; cx: number; cy: number }) {
  const { kind, cx, cy } = props;
  const ink = tokens.colorNeutralForeground1;
  const out = [];
  if (kind === 'unauthorised' || kind === 'late-after-close') {
    out.push(<path key="x" d={`M${cx + 6} ${cy + 3}l10 8m0 -8l-10 8`} stroke={ink} strokeWidth={1.5} />);
  }
  if (kind === 'authorised') out.push(<path key="a" d={`M${cx + 5} ${cy + 11}l12 -8`} stroke={ink} strokeWidth={1.5} />);
  if (kind === 'late' || kind === 'late-after-close') out.push(<path key="l" d={`M${cx} ${cy}h8l-8 8z`} fill={ink} />);
  if (kind === 'activity') out.push(<circle key="v" cx={cx + CELL_W / 2} cy={cy + CELL_H / 2} r={2.5} fill={ink} />);
  return <>{out}</>;
}

function describe(cell: HerringboneCell): string {
  const day = weekLabel.format(new Date(`${cell.date}T00:00:00Z`));
  return `${day} ${cell.session}: ${cell.code} – ${LABEL[cell.kind]}${cell.minutesLate !== undefined ? `, ${cell.minutesLate} minutes late` : ''}`;
}

/** Where the absences and lates concentrate, in words: the chart's text alternative. */
export function herringboneSummary(h: Herringbone): string {
  const name = (s: Herringbone['slots'][number]) => `${DAY_NAMES[s.weekday - 1]} ${s.session}`;
  const absences = [...h.slots].filter((s) => s.absences > 0).sort((a, b) => b.absences - a.absences).slice(0, 3);
  const lates = [...h.slots].filter((s) => s.lates > 0).sort((a, b) => b.lates - a.lates).slice(0, 2);
  const parts = [
    absences.length ? `Most absences: ${absences.map((s) => `${name(s)} (${s.absences} of ${s.possible})`).join(', ')}.` : 'No absences.',
    lates.length ? `Most lates: ${lates.map((s) => `${name(s)} (${s.lates})`).join(', ')}.` : 'No lates.',
  ];
  return parts.join(' ');
}

export function HerringboneChart(props: { herringbone: Herringbone }) {
  const s = useStyles();
  const { weeks, slots } = props.herringbone;
  const width = x(9) + CELL_W + 8;
  const rowsH = weeks.length * (CELL_H + GAP);
  const height = TOP + rowsH + 12 + BARS + 16;
  const barsTop = TOP + rowsH + 12;
  const summary = herringboneSummary(props.herringbone);
  return (
    <figure style={{ margin: 0 }}>
      <div className={s.wrap}>
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="herringbone-title herringbone-desc" data-testid="herringbone">
          <title id="herringbone-title">Herringbone: every session this year by weekday, morning and afternoon</title>
          <desc id="herringbone-desc">{summary}</desc>
          {DAYS.map((d, i) => (
            <g key={d}>
              <text className={s.text} x={x(i * 2) + CELL_W + GAP / 2} y={12} textAnchor="middle">
                {d}
              </text>
              <text className={s.muted} x={x(i * 2) + CELL_W / 2} y={27} textAnchor="middle">
                AM
              </text>
              <text className={s.muted} x={x(i * 2 + 1) + CELL_W / 2} y={27} textAnchor="middle">
                PM
              </text>
            </g>
          ))}
          {weeks.map((w, row) => {
            const y = TOP + row * (CELL_H + GAP);
            return (
              <g key={w.weekStart}>
                <text className={s.muted} x={LEFT - 6} y={y + CELL_H - 3} textAnchor="end">
                  {weekLabel.format(new Date(`${w.weekStart}T00:00:00Z`))}
                </text>
                {w.cells.map((cell, slot) =>
                  cell ? (
                    <g key={slot}>
                      <rect x={x(slot)} y={y} width={CELL_W} height={CELL_H} rx={2} fill={FILL[cell.kind]} stroke={tokens.colorNeutralStroke1} strokeWidth={0.5}>
                        <title>{describe(cell)}</title>
                      </rect>
                      <Glyph kind={cell.kind} cx={x(slot)} cy={y} />
                    </g>
                  ) : (
                    <rect key={slot} x={x(slot)} y={y} width={CELL_W} height={CELL_H} rx={2} fill="none" stroke={tokens.colorNeutralStroke3} strokeDasharray="2 2" />
                  ),
                )}
              </g>
            );
          })}
          <text className={s.muted} x={LEFT - 6} y={barsTop + BARS / 2} textAnchor="end">
            % missed
          </text>
          {slots.map((slot, i) => {
            const rate = slot.possible ? slot.absences / slot.possible : 0;
            const late = slot.possible ? slot.lates / slot.possible : 0;
            const h = Math.round(rate * BARS);
            const lh = Math.round(late * BARS);
            return (
              <g key={i}>
                <rect x={x(i)} y={barsTop} width={CELL_W} height={BARS} fill="none" stroke={tokens.colorNeutralStroke2} />
                <rect x={x(i)} y={barsTop + BARS - h} width={CELL_W} height={h} fill={tokens.colorPaletteRedBackground3}>
                  <title>{`${DAY_NAMES[slot.weekday - 1]} ${slot.session}: missed ${slot.absences} of ${slot.possible}, late ${slot.lates}`}</title>
                </rect>
                {lh > 0 && <rect x={x(i) + CELL_W - 6} y={barsTop + BARS - lh} width={6} height={lh} fill={tokens.colorPaletteMarigoldForeground1} />}
                <text className={s.muted} x={x(i) + CELL_W / 2} y={barsTop + BARS + 12} textAnchor="middle">
                  {slot.possible ? Math.round(rate * 100) : ''}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>{summary}</figcaption>
      <ul className={s.legend} aria-label="Key">
        {(['present', 'late', 'late-after-close', 'authorised', 'unauthorised', 'activity', 'not-counted'] as SessionKind[]).map((k) => (
          <li key={k} className={s.legendItem}>
            <svg width={CELL_W} height={CELL_H} aria-hidden="true">
              <rect x={0} y={0} width={CELL_W} height={CELL_H} rx={2} fill={FILL[k]} stroke={tokens.colorNeutralStroke1} strokeWidth={0.5} />
              <Glyph kind={k} cx={0} cy={0} />
            </svg>
            {LABEL[k]}
          </li>
        ))}
      </ul>
    </figure>
  );
}
