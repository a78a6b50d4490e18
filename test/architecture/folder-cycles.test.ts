/**
 * No folder imports one that imports it back, directly or round a longer loop: a folder is `bot/<top-level
 * folder>` (bot/teams/actions is bot/teams) and the tab's source is one folder. Type imports count too: a
 * folder that needs another's types to compile is tied to it all the same.
 *
 * Files directly under bot/ are the wiring (index.ts, server.ts): they join every folder, so they count as a folder
 * of their own ("bot") that nothing else may import. Settings, logging and telemetry live in bot/platform.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative imports only: a package is no folder of ours. The file as the repository names it. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  return path.relative(ROOT, found ?? base).split(path.sep).join('/');
}

/** Static imports, `export ... from` and `import()`, each resolved to a file. */
function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const add = (specifier: ts.Node | undefined) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const target = resolve(file, specifier.text);
    if (target) out.push(target);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** `bot/<folder>`, "tab" for the tab's source, "bot" for a file directly under bot/; undefined outside both. */
function folderOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] === 'tab') return 'tab';
  if (parts[0] !== 'bot') return undefined;
  return parts.length > 2 ? `bot/${parts[1]}` : 'bot';
}

/** Nothing is left out: the wiring is checked like any folder (nothing may import it back). */
const LEFT_OUT = new Set<string>();

type Graph = Map<string, Map<string, Map<string, Set<string>>>>; // from folder -> to folder -> file -> files it imports there

function folderGraph(files: { file: string; imports: string[] }[]): Graph {
  const graph: Graph = new Map();
  for (const { file, imports } of files) {
    const from = folderOf(file);
    if (!from || LEFT_OUT.has(from)) continue;
    for (const target of imports) {
      const to = folderOf(target);
      if (!to || to === from || LEFT_OUT.has(to)) continue;
      const byTo = graph.get(from) ?? new Map();
      graph.set(from, byTo);
      const byFile = byTo.get(to) ?? new Map();
      byTo.set(to, byFile);
      const targets = byFile.get(file) ?? new Set();
      byFile.set(file, targets);
      targets.add(target);
    }
  }
  return graph;
}

/** Folders that reach each other (strongly connected, Tarjan), with every import that ties them, for the message. */
function folderCycles(graph: Graph): string[][] {
  const folders = new Set([...graph.keys(), ...[...graph.values()].flatMap((m) => [...m.keys()])]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const f of [...folders].sort()) if (!index.has(f)) connect(f);
  return groups.map((group) => [
    `${group.join(' <-> ')}:`,
    ...group.flatMap((from) =>
      [...(graph.get(from) ?? new Map<string, Map<string, Set<string>>>())]
        .filter(([to]) => group.includes(to))
        .flatMap(([, byFile]) => [...byFile].map(([file, targets]) => `  ${file} imports ${[...targets].sort().join(', ')}`)),
    ),
  ]);
}

test('no folder of the bot or the tab imports one that imports it back', () => {
  const files = [...sourceFiles(path.join(ROOT, 'bot')), ...sourceFiles(path.join(ROOT, 'tab/src'))].map((full) => ({
    file: path.relative(ROOT, full).split(path.sep).join('/'),
    imports: importsOf(full),
  }));
  expect(files.length).toBeGreaterThan(100);
  expect(folderCycles(folderGraph(files)).map((lines) => lines.join('\n'))).toEqual([]);
});

test('the check finds a loop through three folders, and says which files make it', () => {
  // The rule itself, so a change to how imports are read cannot quietly pass everything.
  const probe = (file: string, text: string) => ({ file, imports: importsOf(path.join(ROOT, file), text) });
  const cycles = folderCycles(
    folderGraph([
      probe('bot/jobs/a.ts', "import type { B } from '../teams/actions/b';"),
      probe('bot/teams/actions/b.ts', "export { C } from '../../api/c';"),
      probe('bot/api/c.ts', "const a = () => import('../jobs/a');"),
      // The wiring may import every folder: no loop while nothing imports it back.
      probe('bot/server.ts', "import { c } from './api/c'; import { config } from './platform/config';"),
    ]),
  );
  expect(cycles).toEqual([['bot/api <-> bot/jobs <-> bot/teams:', '  bot/api/c.ts imports bot/jobs/a', '  bot/jobs/a.ts imports bot/teams/actions/b', '  bot/teams/actions/b.ts imports bot/api/c']]);
});
