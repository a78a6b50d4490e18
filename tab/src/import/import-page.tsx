/**
 * The Import page, for the attendance lead and the attendance officers: CSV exports from the MIS (any of
 * the kinds the server takes), dropped on the page or chosen, several at once. Each file's kind is guessed
 * from its columns or name and can be changed. The files are sent to be checked first, then written; the
 * page shows the upload's progress and each step. Every problem is listed, located, and can be copied;
 * a file with a problem means nothing was imported (the server applies all the files or none).
 */
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { ImportStatusView } from '../../../bot/api/api-types';
import type { ImportFileKind, ImportResult } from '../../../bot/import/import-types';
import type { ImportProblem } from '../../../bot/import/problems';
import type { ApiClient } from '../api-client';
import { ErrorBar, Section, formatInstant } from '../ui';
import { KIND_LABELS, guessKind, kindLabel } from './kinds';
import { LastImports } from './last-imports';
import { summaryLines } from './summary';

const useStyles = makeStyles({
  heading: { margin: 0, marginBlockEnd: tokens.spacingVerticalS, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  intro: { display: 'block', maxWidth: '60rem', marginBlockEnd: tokens.spacingVerticalL },
  drop: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXXL,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    maxWidth: '60rem',
    marginBlockEnd: tokens.spacingVerticalXL,
  },
  dragging: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  hidden: { display: 'none' },
  visuallyHidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
  panel: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium, minWidth: 0, maxWidth: '80rem' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap', marginBlockStart: tokens.spacingVerticalM },
  steps: { display: 'flex', gap: tokens.spacingHorizontalXL, listStyle: 'none', padding: 0, margin: 0, flexWrap: 'wrap' },
  step: { color: tokens.colorNeutralForeground3 },
  stepCurrent: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  stepDone: { color: tokens.colorPaletteGreenForeground1 },
  progress: { maxWidth: '40rem' },
  summary: { display: 'grid', gridTemplateColumns: 'minmax(10rem, max-content) 1fr', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  detail: { margin: 0 },
});

interface ChosenFile {
  id: number;
  file: File;
  kind: ImportFileKind | '';
}

type Step = 'upload' | 'check' | 'write';
type Phase = { step: Step; progress?: number } | undefined;

const STEPS: { step: Step; label: string }[] = [
  { step: 'upload', label: 'Send the files' },
  { step: 'check', label: 'Check every row' },
  { step: 'write', label: 'Write to Firstday' },
];

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
}

/** The file's bytes in base64, as the import's JSON body takes them. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error(`${file.name} could not be read.`));
    reader.readAsDataURL(file);
  });
}

/** Problems as tab-separated lines, ready to paste into a spreadsheet or an email. */
export function problemsAsText(problems: ImportProblem[]): string {
  const clean = (v: unknown) => (v === undefined ? '' : String(v).replace(/[\t\r\n]+/g, ' '));
  return [['File', 'Line', 'Column', 'Problem'], ...problems.map((p) => [p.file, p.line, p.field, p.message])].map((r) => r.map(clean).join('\t')).join('\n');
}

export function ImportPage(props: { client: ApiClient; urn: string }) {
  const { client, urn } = props;
  const s = useStyles();
  const [status, setStatus] = useState<ImportStatusView>();
  const [statusError, setStatusError] = useState<unknown>();
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [phase, setPhase] = useState<Phase>();
  const [result, setResult] = useState<ImportResult>();
  const [error, setError] = useState<unknown>();
  const [dragging, setDragging] = useState(false);
  const [copied, setCopied] = useState<string>();
  const nextId = useRef(0);
  const picker = useRef<HTMLInputElement>(null);

  const loadStatus = useCallback(() => client.importStatus(urn).then(setStatus, setStatusError), [client, urn]);
  useEffect(() => void loadStatus(), [loadStatus]);

  const add = useCallback(
    async (list: FileList | null) => {
      if (!list || !status) return;
      const added = await Promise.all(
        Array.from(list).map(async (file): Promise<ChosenFile> => {
          // The header is in the first few kilobytes; a year of marks need not be read to guess.
          const head = await file.slice(0, 8192).text().catch(() => '');
          return { id: nextId.current++, file, kind: guessKind(file.name, head, status.kinds) ?? '' };
        }),
      );
      setFiles((all) => [...all, ...added]);
      setResult(undefined);
      setError(undefined);
    },
    [status],
  );

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!phase) void add(e.dataTransfer.files);
  };

  const run = async () => {
    setResult(undefined);
    setError(undefined);
    setCopied(undefined);
    try {
      setPhase({ step: 'upload', progress: 0 });
      const payload = await Promise.all(files.map(async (f) => ({ kind: f.kind, name: f.file.name, contentBase64: await base64Of(f.file) })));
      const checked = await client.sendImport(urn, payload, {
        checkOnly: true,
        onUploadProgress: (fraction) => setPhase({ step: 'upload', progress: fraction }),
        onUploaded: () => setPhase({ step: 'check' }),
      });
      if (checked.status !== 'checked') {
        setResult(checked);
        return;
      }
      setPhase({ step: 'write' });
      setResult(await client.sendImport(urn, payload, { checkOnly: false }));
      void loadStatus();
    } catch (err) {
      setError(err);
    } finally {
      setPhase(undefined);
    }
  };

  const copyProblems = async (problems: ImportProblem[]) => {
    try {
      await navigator.clipboard.writeText(problemsAsText(problems));
      setCopied(`${problems.length} problem${problems.length === 1 ? '' : 's'} copied.`);
    } catch {
      setCopied('Could not copy: select the table and copy it instead.');
    }
  };

  if (statusError) return <ErrorBar error={statusError} title="Could not open the Import page" />;
  if (!status) return <Spinner label="Opening…" />;

  const busy = phase !== undefined;
  const tooMany = files.length > status.maxFiles;
  const tooLarge = files.find((f) => f.file.size > status.maxFileBytes);
  const ready = files.length > 0 && files.every((f) => f.kind) && !tooMany && !tooLarge && !busy;

  return (
    <>
      <h2 className={s.heading}>Import</h2>
      <Text className={s.intro}>
        Import the CSV files your MIS exports: {status.kinds.map((k) => kindLabel(k).toLowerCase()).join(', ')}. Every file is checked in full before anything is
        written: if any file has a problem, nothing is imported, and each problem is listed with its file, line and column.
      </Text>

      <div
        className={mergeClasses(s.drop, dragging && s.dragging)}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Text>Drop CSV files here, or</Text>
        <Button onClick={() => picker.current?.click()} disabled={busy}>
          Choose files
        </Button>
        <input
          ref={picker}
          className={s.hidden}
          type="file"
          multiple
          accept=".csv,text/csv"
          aria-label="Choose files to import"
          onChange={(e) => {
            void add(e.target.files);
            e.target.value = '';
          }}
        />
        <Text size={200}>Up to {status.maxFiles} files, each up to {megabytes(status.maxFileBytes)}.</Text>
      </div>

      {files.length > 0 && (
        <Section title="Files to import" id="import-files">
          <div className={s.panel}>
            <Table size="small" aria-label="Files to import">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>File</TableHeaderCell>
                  <TableHeaderCell>Size</TableHeaderCell>
                  <TableHeaderCell>Kind of file</TableHeaderCell>
                  <TableHeaderCell>
                    <span className={s.visuallyHidden}>Remove</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {files.map((f) => (
                  <TableRow key={f.id}>
                    <TableCell>{f.file.name}</TableCell>
                    <TableCell>{megabytes(f.file.size)}</TableCell>
                    <TableCell>
                      <Field validationState={f.kind ? 'none' : 'warning'} validationMessage={f.kind ? undefined : 'Choose what this file holds'}>
                        <Select
                          aria-label={`Kind of file for ${f.file.name}`}
                          value={f.kind}
                          disabled={busy}
                          onChange={(_, d) => setFiles((all) => all.map((x) => (x.id === f.id ? { ...x, kind: d.value as ImportFileKind } : x)))}
                        >
                          <option value="">Choose…</option>
                          {status.kinds.map((k) => (
                            <option key={k} value={k}>
                              {KIND_LABELS[k] ?? k}
                            </option>
                          ))}
                        </Select>
                      </Field>
                    </TableCell>
                    <TableCell>
                      <Button appearance="subtle" disabled={busy} aria-label={`Remove ${f.file.name}`} onClick={() => setFiles((all) => all.filter((x) => x.id !== f.id))}>
                        Remove
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {tooMany && <Text role="alert">An import takes up to {status.maxFiles} files: remove some and import them next.</Text>}
            {tooLarge && <Text role="alert">{tooLarge.file.name} is larger than {megabytes(status.maxFileBytes)}: export a shorter date range.</Text>}
            <div className={s.actions}>
              <Button appearance="primary" disabled={!ready} onClick={() => void run()}>
                Check and import {files.length === 1 ? 'this file' : `these ${files.length} files`}
              </Button>
              <Button
                disabled={busy}
                onClick={() => {
                  setFiles([]);
                  setResult(undefined);
                  setError(undefined);
                }}
              >
                Clear
              </Button>
            </div>
          </div>
        </Section>
      )}

      <Progress phase={phase} />
      {error !== undefined && <ErrorBar error={error} title="Nothing was imported" />}
      {result && <Outcome result={result} onCopy={copyProblems} copied={copied} />}

      <Section title="Last imports" id="import-last">
        <div className={s.panel}>
          <LastImports kinds={status.kinds} last={status.last} />
        </div>
      </Section>
    </>
  );
}

function Progress(props: { phase: Phase }) {
  const s = useStyles();
  const { phase } = props;
  const at = phase ? STEPS.findIndex((x) => x.step === phase.step) : -1;
  const label = !phase
    ? ''
    : phase.step === 'upload'
      ? `Sending the files: ${Math.round((phase.progress ?? 0) * 100)}%`
      : phase.step === 'check'
        ? 'Checking every row…'
        : 'Writing to Firstday… Keep this page open.';
  return (
    <div aria-live="polite">
      {phase && (
        <Section title="Importing" id="import-progress">
          <ol className={s.steps} aria-label="Steps">
            {STEPS.map((x, i) => (
              <li key={x.step} className={mergeClasses(s.step, i === at && s.stepCurrent, i < at && s.stepDone)} aria-current={i === at ? 'step' : undefined}>
                {i + 1}. {x.label}
                {i < at ? ' ✓' : ''}
              </li>
            ))}
          </ol>
          <Field label={label} className={s.progress}>
            <ProgressBar value={phase.step === 'upload' ? phase.progress : undefined} thickness="large" />
          </Field>
        </Section>
      )}
    </div>
  );
}

function Outcome(props: { result: ImportResult; onCopy: (problems: ImportProblem[]) => void; copied?: string }) {
  const s = useStyles();
  const { result } = props;
  switch (result.status) {
    case 'imported': {
      const lines = summaryLines(result.summary);
      return (
        <Section title="Imported" id="import-result">
          <MessageBar intent="success">
            <MessageBarBody>
              <MessageBarTitle>Imported.</MessageBarTitle>
              Every file was checked and written.
            </MessageBarBody>
          </MessageBar>
          <div className={s.panel}>
            <dl className={s.summary} aria-label="What changed">
              {lines.map((l, i) => (
                <div key={i} style={{ display: 'contents' }}>
                  <dt className={s.term}>{l.what}</dt>
                  <dd className={s.detail}>{l.change}</dd>
                </div>
              ))}
            </dl>
          </div>
        </Section>
      );
    }
    case 'already-imported':
      return (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>Nothing changed.</MessageBarTitle>
            These files were imported already, by {result.importedBy} on {formatInstant(result.importedAt)}.
          </MessageBarBody>
        </MessageBar>
      );
    case 'rejected':
      return (
        <Section title="Problems in the files" id="import-problems">
          <MessageBar intent="error" role="alert">
            <MessageBarBody>
              <MessageBarTitle>Nothing was imported.</MessageBarTitle>
              {result.errorCount === 1 ? 'There is 1 problem' : `There are ${result.errorCount.toLocaleString('en-GB')} problems`} in the files. Fix{' '}
              {result.errorCount === 1 ? 'it' : 'them'} in the MIS or the file, then import again.
              {result.errorCount > result.errors.length ? ` The first ${result.errors.length} are listed.` : ''}
            </MessageBarBody>
          </MessageBar>
          <div className={s.panel}>
            <Table size="small" aria-label="Problems in the files">
              <TableHeader>
                <TableRow>
                  {/* The message is what needs the room. */}
                  <TableHeaderCell style={{ width: '22%' }}>File</TableHeaderCell>
                  <TableHeaderCell style={{ width: '5rem' }}>Line</TableHeaderCell>
                  <TableHeaderCell style={{ width: '10rem' }}>Column</TableHeaderCell>
                  <TableHeaderCell>Problem</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.errors.map((p, i) => (
                  <TableRow key={i}>
                    <TableCell>{p.file}</TableCell>
                    <TableCell>{p.line ?? ''}</TableCell>
                    <TableCell>{p.field ?? ''}</TableCell>
                    <TableCell>{p.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <div className={s.actions}>
              <Button onClick={() => props.onCopy(result.errors)}>Copy problems</Button>
              <span role="status">{props.copied ?? ''}</span>
            </div>
          </div>
        </Section>
      );
    case 'checked':
      return <Text>The files were checked and have no problem.</Text>;
    case 'busy':
    case 'unknown-school':
      return <ErrorBar error={new Error(result.message)} title="Nothing was imported" />;
    case 'failed':
      return <ErrorBar error={new Error(result.message)} title={result.rolledBack ? 'Nothing was imported' : 'The import did not finish'} />;
  }
}

