/**
 * The tab shares the API's types and the domain's rules, never the server's insides: nothing under
 * tab/src imports from storage, Teams, the jobs or Graph, not even a type; and nothing the tab's bundle
 * pulls in at run time reaches them by way of another module.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const TAB = path.join(ROOT, 'tab/src');
const FORBIDDEN = ['bot/store', 'bot/teams', 'bot/jobs', 'bot/graph'];

interface Import {
  /** The file the import resolves to, relative to the repository; undefined for a package. */
  target?: string;
  /** `import type`, or every name imported is a type: gone from the bundle. */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  return found ? path.relative(ROOT, found).split(path.sep).join('/') : path.relative(ROOT, base).split(path.sep).join('/');
}

function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Import[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = Boolean(clause && (clause.isTypeOnly || (!clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly))));
      out.push({ target: resolve(file, node.moduleSpecifier.text), typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      out.push({ target: resolve(file, node.moduleSpecifier.text), typeOnly: node.isTypeOnly || Boolean(named && named.length > 0 && named.every((e) => e.isTypeOnly)) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      out.push({ target: resolve(file, node.arguments[0].text), typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ target: resolve(file, node.argument.literal.text), typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const forbidden = (target: string | undefined) => target !== undefined && FORBIDDEN.some((f) => target === f || target.startsWith(`${f}/`) || target.startsWith(`${f}.`));

test('no file of the tab imports from storage, Teams, the jobs or Graph, not even a type', () => {
  const files = sourceFiles(TAB);
  expect(files.length).toBeGreaterThan(10);
  const offending = files.flatMap((file) => importsOf(file).filter((i) => forbidden(i.target)).map((i) => `${path.relative(ROOT, file)} imports ${i.target}`));
  expect(offending).toEqual([]);
});

test("the tab takes the API's types from one module, bot/api/api-types.ts, never from a route's code", () => {
  const offending = sourceFiles(TAB).flatMap((file) =>
    importsOf(file)
      .filter((i) => i.target?.startsWith('bot/api/') && i.target !== 'bot/api/api-types.ts')
      .map((i) => `${path.relative(ROOT, file)} imports ${i.target}`),
  );
  expect(offending).toEqual([]);
});

test("nothing the tab's bundle runs reaches them by way of another module", () => {
  const seen = new Map<string, string>(); // file -> the file that first imported it, for the message
  const queue = sourceFiles(TAB).map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
  for (const f of queue) seen.set(f, '(tab)');
  const offending: string[] = [];
  while (queue.length) {
    const file = queue.shift()!;
    for (const i of importsOf(path.join(ROOT, file))) {
      if (i.typeOnly || !i.target) continue;
      if (forbidden(i.target)) offending.push(`${file} imports ${i.target} (reached from ${seen.get(file)})`);
      else if (!seen.has(i.target) && fs.existsSync(path.join(ROOT, i.target))) {
        seen.set(i.target, file);
        queue.push(i.target);
      }
    }
  }
  expect(seen.size).toBeGreaterThan(sourceFiles(TAB).length);
  expect(offending).toEqual([]);
});

test('the check notices an import from storage, a type import included', () => {
  // The rule itself, so a change to how imports are read cannot quietly pass everything.
  const probe = path.join(TAB, 'cases/probe.tsx');
  const read = (text: string) => importsOf(probe, text).map((i) => ({ forbidden: forbidden(i.target), typeOnly: i.typeOnly }));
  expect(read("import type { AuditEvent } from '../../../bot/store/audit-repository';")).toEqual([{ forbidden: true, typeOnly: true }]);
  expect(read("import { type A, B } from '../../../bot/teams/cards/x';")).toEqual([{ forbidden: true, typeOnly: false }]);
  expect(read("export type { X } from '../../../bot/jobs/daily';")).toEqual([{ forbidden: true, typeOnly: true }]);
  expect(read("type G = import('../../../bot/graph/client').GraphClient;")).toEqual([{ forbidden: true, typeOnly: true }]);
  expect(read("import { readInput } from '../../../bot/domain/cases/case-input';")).toEqual([{ forbidden: false, typeOnly: false }]);
});
