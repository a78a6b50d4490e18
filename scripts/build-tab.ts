/**
 * `npm run build:tab`: bundles the case tab (tab/src/main.tsx, React + Fluent UI + teams-js) with esbuild
 * into dist/tab (or the folder given), minified, with index.html pointing at the content-hashed bundle so
 * a new build is never served from a stale cache.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

export interface TabBuild {
  outDir: string;
  /** The entry script index.html loads. */
  mainJs: string;
  /** Every script the build wrote: the entry, and the chunks it loads (teams-js, inside Teams). */
  scripts: string[];
}

const ROOT = path.resolve(__dirname, '..');

export async function buildTab(options: { outDir?: string } = {}): Promise<TabBuild> {
  const outDir = path.resolve(options.outDir ?? path.join(ROOT, 'dist/tab'));
  // Build beside the target and swap in, so a server reading the folder never sees half a build.
  const staging = `${outDir}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'tab/src/main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    // teams-js is its own chunk, loaded only inside Teams.
    splitting: true,
    target: ['es2022', 'chrome110', 'edge110', 'safari16'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    entryNames: 'main-[hash]',
    chunkNames: 'chunk-[name]-[hash]',
    outdir: staging,
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  const mainJs = Object.entries(result.metafile.outputs).find(([f, o]) => f.endsWith('.js') && o.entryPoint)![0];
  const mainName = path.basename(mainJs);
  const html = fs.readFileSync(path.join(ROOT, 'tab/index.html'), 'utf8').replace('%MAIN_JS%', mainName);
  fs.writeFileSync(path.join(staging, 'index.html'), html);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(staging, outDir);
  const scripts = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).map((f) => path.join(outDir, path.basename(f)));
  return { outDir, mainJs: path.join(outDir, mainName), scripts };
}

if (require.main === module) {
  buildTab({ outDir: process.argv[2] }).then(
    (b) => console.log(`Built the tab into ${path.relative(process.cwd(), b.outDir) || '.'}: ${b.scripts.map((f) => `${path.basename(f)} (${(fs.statSync(f).size / 1024).toFixed(0)} KB)`).join(', ')}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
