/**
 * POST /schools/:urn/imports (mounted under /api): the school data import over HTTP, for the tab and for a
 * scheduled MIS export. Body: { files: [{ kind, name, contentBase64 }] }. Answers 200 with the result when the
 * files were imported (or already had been), 400 with every located problem, 401 when the caller is not
 * signed in, 403 when `authorize` refuses, 404 for an unknown school, 409 while another import for the school
 * is being written, 503 when writing failed (nothing kept, or re-run to complete).
 * With `?check=true` the files are only read and checked (audited as import.check): 200 `{ status: "checked",
 * files }` when they have no problem, 400 as above when they do; nothing is written and no import is waited for.
 * GET /schools/:urn/imports/last: for each kind of file, the last applied import that had one (when, by whom),
 * for the tab's Import page; the same callers may read it as may import.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { IMPORT_FILE_KINDS, type ImportFile, type ImportFileKind, type ImportResult } from '../import/import-types';
import type { ImportProblem } from '../import/problems';
import { ImportJournalRepository } from '../import/import-journal-repository';
import { MAX_FILE_BYTES, SchoolImport, type SchoolImportOptions } from '../import/school-import';
import type { Repositories } from '../store/repositories';

export interface ImportCaller {
  id: string;
  name: string;
}

export interface ImportRoutesOptions {
  repos: Repositories;
  /** Who is calling; throws when they are not signed in. */
  authenticate: (req: Request) => Promise<ImportCaller>;
  /** Whether the caller may import for the school; without it, everyone `authenticate` accepts may. */
  authorize?: (caller: ImportCaller, urn: string) => boolean | Promise<boolean>;
  now?: () => Date;
  /** Passed to the import: what to do for staff a new staff list leaves out, and where its errors are logged. */
  importOptions?: Pick<SchoolImportOptions, 'onStaffReplaced' | 'logger'>;
}

/** Base64 makes a file a third larger: room for one file of the largest size, plus the JSON around it. */
export const IMPORT_BODY_LIMIT = Math.ceil((MAX_FILE_BYTES * 4) / 3) + 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

export function importRoutes(options: ImportRoutesOptions): Router {
  const router = express.Router();
  const journal = new ImportJournalRepository({ store: options.repos.store });
  const importer = new SchoolImport({ repos: options.repos, ...(options.now ? { now: options.now } : {}), ...options.importOptions });

  // The caller is checked before a large body is read.
  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.caller = await options.authenticate(req);
    } catch (err) {
      res.status(401).json({ error: err instanceof Error && err.message ? err.message : 'Sign in required.' });
      return;
    }
    next();
  };

  router.post('/schools/:urn/imports', authenticate, express.json({ limit: IMPORT_BODY_LIMIT }), async (req, res, next) => {
    const caller = res.locals.caller as ImportCaller;
    const { urn } = req.params;
    const checkOnly = req.query.check === 'true';
    try {
      if (options.authorize && !(await options.authorize(caller, urn))) {
        await options.repos.audit.record({
          urn,
          at: (options.now?.() ?? new Date()).toISOString(),
          actorId: caller.id,
          actorName: caller.name,
          action: checkOnly ? 'import.check' : 'import.apply',
          source: `api ${req.ip ?? ''}`.trim(),
          outcome: 'denied',
        });
        res.status(403).json({ error: `${caller.name} may not import data for school ${urn}.` });
        return;
      }
      const body = readBody(req.body);
      if ('errors' in body) {
        res.status(400).json({ status: 'rejected', errors: body.errors, errorCount: body.errors.length });
        return;
      }
      const result = await importer.run({
        urn,
        files: body.files,
        actor: caller.id,
        actorName: caller.name,
        source: `api ${req.ip ?? ''}`.trim(),
        ...(checkOnly ? { checkOnly } : {}),
      });
      res.status(statusOf(result)).json(result);
    } catch (err) {
      next(err);
    }
  });

  router.get('/schools/:urn/imports/last', authenticate, async (req, res, next) => {
    const caller = res.locals.caller as ImportCaller;
    const { urn } = req.params;
    try {
      if (options.authorize && !(await options.authorize(caller, urn))) {
        res.status(403).json({ error: `${caller.name} may not see the imports of school ${urn}.` });
        return;
      }
      if (!(await options.repos.schools.get(urn))) {
        res.status(404).json({ error: `There is no school with URN ${urn} in Firstday.` });
        return;
      }
      res.json({ lastByKind: await journal.lastByKind(urn) });
    } catch (err) {
      next(err);
    }
  });

  router.use((err: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.too.large') {
      res.status(413).json({ error: `The request is too large: an import takes one file of up to ${MAX_FILE_BYTES / 1024 / 1024} MB per request.` });
    } else if (err.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'The request body is not valid JSON: send { "files": [{ "kind", "name", "contentBase64" }] }.' });
    } else {
      next(err);
    }
  });
  return router;
}

function statusOf(result: ImportResult): number {
  switch (result.status) {
    case 'imported':
    case 'already-imported':
    case 'checked':
      return 200;
    case 'rejected':
      return 400;
    case 'unknown-school':
      return 404;
    case 'busy':
      return 409;
    case 'failed':
      return 503;
  }
}

/** The files in the body, or what is wrong with it, located by file name (or position) and field. */
function readBody(body: unknown): { files: ImportFile[] } | { errors: ImportProblem[] } {
  const list = (body as { files?: unknown } | undefined)?.files;
  if (!Array.isArray(list) || list.length === 0) {
    return { errors: [{ file: '(request)', field: 'files', message: 'send { "files": [{ "kind", "name", "contentBase64" }] } with at least one file' }] };
  }
  const errors: ImportProblem[] = [];
  const files: ImportFile[] = [];
  list.forEach((item: unknown, i) => {
    const f = (item ?? {}) as { kind?: unknown; name?: unknown; contentBase64?: unknown };
    const file = typeof f.name === 'string' && f.name.trim() ? f.name.trim().slice(0, 200) : `files[${i}]`;
    const before = errors.length;
    if (typeof f.name !== 'string' || !f.name.trim()) errors.push({ file, field: 'name', message: 'every file needs a name' });
    if (typeof f.kind !== 'string' || !(IMPORT_FILE_KINDS as readonly string[]).includes(f.kind)) {
      errors.push({ file, field: 'kind', message: `"kind" must be one of ${IMPORT_FILE_KINDS.join(', ')}` });
    }
    if (typeof f.contentBase64 !== 'string' || !BASE64.test(f.contentBase64)) {
      errors.push({ file, field: 'contentBase64', message: '"contentBase64" must be the file\'s bytes in base64' });
    }
    if (errors.length === before) files.push({ kind: f.kind as ImportFileKind, name: file, content: Buffer.from(f.contentBase64 as string, 'base64') });
  });
  return errors.length ? { errors } : { files };
}
