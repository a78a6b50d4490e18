/**
 * Small pieces the tab's pages share: dates as a school reads them, a section with a heading, the error
 * bar, and a hook for "do this change, then show the case as the server returns it".
 */
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useState, type ReactNode } from 'react';
import { ApiError } from './api-client';

const dateFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const instantFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** "2026-11-20" as "Fri 20 Nov 2026". */
export function formatDate(date: string | undefined): string {
  if (!date) return '';
  const parts = Object.fromEntries(dateFormat.formatToParts(new Date(`${date}T00:00:00Z`)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** An ISO instant as "20 Nov 2026, 10:00" in school time. */
export function formatInstant(iso: string | undefined): string {
  return iso ? instantFormat.format(new Date(iso)) : '';
}

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBlockEnd: tokens.spacingVerticalXL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold },
  hint: { color: tokens.colorNeutralForeground2, margin: 0 },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 },
  form: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '44rem', padding: tokens.spacingHorizontalM, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end' },
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { padding: tokens.spacingHorizontalM, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1 },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

export function useSharedStyles() {
  return useStyles();
}

export function Section(props: { title: string; hint?: string; children: ReactNode; id?: string }) {
  const s = useStyles();
  return (
    <section className={s.section} aria-labelledby={props.id}>
      <h3 className={s.heading} id={props.id}>
        {props.title}
      </h3>
      {props.hint && <p className={s.hint}>{props.hint}</p>}
      {props.children}
    </section>
  );
}

/** Words a person wrote or said: shown as plain text, line breaks kept, never as markup. */
export function Words(props: { children: string | undefined }) {
  const s = useStyles();
  return props.children ? <p className={s.text}>{props.children}</p> : null;
}

export function ErrorBar(props: { error: unknown; title?: string }) {
  if (!props.error) return null;
  const e = props.error;
  const message = e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        {props.title && <MessageBarTitle>{props.title}</MessageBarTitle>}
        {message}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * Runs a change and hands its result on; keeps the error to show and whether it is in flight. A stale
 * ETag (412) asks the page to reload the case first.
 */
export function useAction<A extends unknown[], T>(run: (...args: A) => Promise<T>, done: (result: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const act = useCallback(
    async (...args: A): Promise<boolean> => {
      setBusy(true);
      setError(undefined);
      try {
        done(await run(...args));
        return true;
      } catch (err) {
        setError(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [run, done],
  );
  return { act, busy, error, clearError: () => setError(undefined) };
}
