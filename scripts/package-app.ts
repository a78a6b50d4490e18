/**
 * `npm run package -- --env dev`: fills appPackage/manifest.template.json from env/.env.<env> (and
 * env/.env.<env>.user, and the process environment, which wins), checks the values and the icons,
 * validates the manifest offline against the official Teams schema, and writes
 * appPackage/build/firstday-<env>.zip (manifest.json, color.png, outline.png) ready to upload to Teams.
 *
 * The template uses the Microsoft 365 Agents Toolkit's `${{NAME}}` placeholders, so the toolkit's
 * teamsApp/zipAppPackage fills the same file in the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package was not written; fix these first:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

/** A variable's value and where it came from, so an error can point at the line to fix. */
export interface SourcedValue {
  value: string;
  source: string;
}

export type Variables = Map<string, SourcedValue>;

export interface PackageAppOptions {
  /** The environment: reads env/.env.<env> and, if present, env/.env.<env>.user. */
  env: string;
  /** The repository root (default: the one this script is in). */
  root?: string;
  /** Folder of the env files (default <root>/env). */
  envDir?: string;
  /** Folder the zip is written to (default <root>/appPackage/build). */
  outDir?: string;
  /** Values that win over the env files: normally process.env. */
  overrides?: Record<string, string | undefined>;
}

export interface AppPackage {
  zipPath: string;
  manifest: Record<string, unknown>;
}

const ROOT = path.resolve(__dirname, '..');
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** What each placeholder must look like, and why, so a wrong value is caught here rather than by Teams. */
const CHECKS: Record<string, { test: (v: string) => boolean; expect: string }> = {
  TEAMS_APP_ID: { test: (v) => GUID.test(v), expect: 'a GUID that stays the same for every version of the app (Teams identifies the app by it)' },
  BOT_ID: { test: (v) => GUID.test(v), expect: "a GUID: the bot's Entra app (client) id" },
  AAD_APP_CLIENT_ID: { test: (v) => GUID.test(v), expect: "a GUID: the tab's single sign-on Entra app (client) id" },
  PUBLIC_HOST: { test: (v) => HOST.test(v), expect: 'a host name only, without https:// or a path, e.g. firstday-oaktrust.azurewebsites.net' },
  APP_VERSION: { test: (v) => /^\d+\.\d+\.\d+$/.test(v), expect: 'a version of the form 1.2.3 (raise it for every upload, or Teams keeps the old one)' },
  DEVELOPER_NAME: { test: (v) => v.length <= 32, expect: 'at most 32 characters' },
  DEVELOPER_WEBSITE_URL: { test: isHttpsUrl, expect: 'an https:// address' },
  PRIVACY_URL: { test: isHttpsUrl, expect: "an https:// address: your trust's privacy notice" },
  TERMS_OF_USE_URL: { test: isHttpsUrl, expect: 'an https:// address' },
};

function isHttpsUrl(v: string): boolean {
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Reads NAME=value lines; `#` starts a comment line; values may be quoted. Each value remembers its line. */
export function readEnvFile(file: string, label = file): Variables {
  const vars: Variables = new Map();
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new PackageError([`${label} line ${i + 1} is not NAME=value: "${line}"`]);
    let value = m[2];
    if (/^(".*"|'.*')$/.test(value)) value = value.slice(1, -1);
    vars.set(m[1], { value, source: `${label} line ${i + 1}` });
  });
  return vars;
}

/** The env file's values, then the .user file's (secrets), then the overrides: later wins. */
export function loadVariables(options: PackageAppOptions): Variables {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(options.env)) throw new PackageError([`The environment name "${options.env}" may use only letters, digits and hyphens.`]);
  const root = options.root ?? ROOT;
  const envDir = options.envDir ?? path.join(root, 'env');
  const file = path.join(envDir, `.env.${options.env}`);
  if (!fs.existsSync(file)) throw new PackageError([`${relative(root, file)} does not exist: create it (copy env/.env.dev) or pass --env with an environment that has one.`]);
  const vars = readEnvFile(file, relative(root, file));
  const userFile = `${file}.user`;
  if (fs.existsSync(userFile)) for (const [k, v] of readEnvFile(userFile, relative(root, userFile))) vars.set(k, v);
  for (const [k, v] of Object.entries(options.overrides ?? {})) {
    if (v !== undefined && v.trim() !== '') vars.set(k, { value: v, source: 'the environment' });
  }
  if (!vars.get('APP_VERSION')?.value.trim()) {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    vars.set('APP_VERSION', { value: pkg.version, source: 'package.json "version"' });
  }
  return vars;
}

/** Replaces every `${{NAME}}` in a JSON template; every missing, empty or malformed value is reported at once. */
export function fillPlaceholders(template: string, vars: Variables, templateName: string, envFileHint: string): string {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1];
    if (seen.has(name)) continue;
    seen.add(name);
    const found = vars.get(name);
    const value = found?.value.trim() ?? '';
    if (!value) {
      problems.push(`${name} is ${found ? `empty (${found.source})` : 'not set'}: ${templateName} needs it. Set it in ${envFileHint} or the environment${CHECKS[name] ? ` (${CHECKS[name].expect})` : ''}.`);
      continue;
    }
    const check = CHECKS[name];
    if (check && !check.test(value)) problems.push(`${name} must be ${check.expect} (got "${value}", from ${found!.source}).`);
  }
  if (problems.length) throw new PackageError(problems);
  // Values are JSON-escaped so a name with quotes cannot break the manifest.
  return template.replace(PLACEHOLDER, (_all, name: string) => JSON.stringify(vars.get(name)!.value.trim()).slice(1, -1));
}

/** The official schema for the manifest's version, shipped inside @microsoft/app-manifest: no network. */
export function loadTeamsSchema(manifestVersion: string): object {
  const dir = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
  const file = path.join(dir, `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!fs.existsSync(file)) throw new PackageError([`manifestVersion "${manifestVersion}" has no schema in @microsoft/app-manifest (looked for ${file}).`]);
  // The schema files use \a and \v escapes that JSON does not allow; the package's own loader rewrites them the same way.
  return JSON.parse(fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as object;
}

export async function validateAgainstTeamsSchema(manifest: Record<string, unknown>): Promise<string[]> {
  const schema = loadTeamsSchema(String(manifest.manifestVersion));
  // The generated types name one interface per version; the validator only needs the JSON shape.
  type Validate = typeof AppManifestUtils.validateAgainstSchema;
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as Parameters<Validate>[0], schema as Parameters<Validate>[1]);
}

/** Teams rejects a package whose icons are the wrong size, or whose outline icon has any colour but white. */
export function checkIcons(appPackageDir: string, manifest: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const icons = manifest.icons as { color: string; outline: string };
  const expected: Array<[string, number]> = [
    [icons.color, 192],
    [icons.outline, 32],
  ];
  for (const [name, size] of expected) {
    const file = path.join(appPackageDir, name);
    if (!fs.existsSync(file)) {
      problems.push(`${relative(ROOT, file)} is missing (run npx tsx scripts/make-icons.ts).`);
      continue;
    }
    const png = PNG.sync.read(fs.readFileSync(file));
    if (png.width !== size || png.height !== size) problems.push(`${name} must be ${size}x${size} pixels (it is ${png.width}x${png.height}).`);
    if (name === icons.outline) {
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
        if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
          const p = i / 4;
          problems.push(`${name} must be white on transparent; pixel (${p % png.width}, ${Math.floor(p / png.width)}) is rgba(${r}, ${g}, ${b}, ${a}).`);
          break;
        }
      }
    }
  }
  return problems;
}

export async function packageApp(options: PackageAppOptions): Promise<AppPackage> {
  const root = options.root ?? ROOT;
  const appPackageDir = path.join(root, 'appPackage');
  const templatePath = path.join(appPackageDir, 'manifest.template.json');
  const vars = loadVariables(options);
  const envFileHint = relative(root, path.join(options.envDir ?? path.join(root, 'env'), `.env.${options.env}`));
  const filled = fillPlaceholders(fs.readFileSync(templatePath, 'utf8'), vars, relative(root, templatePath), envFileHint);
  const manifest = JSON.parse(filled) as Record<string, unknown>;

  const schemaProblems = await validateAgainstTeamsSchema(manifest);
  const problems = [...schemaProblems.map((p) => `manifest ${p.trim()}`), ...checkIcons(appPackageDir, manifest)];
  if (problems.length) throw new PackageError(problems);

  const icons = manifest.icons as { color: string; outline: string };
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file(icons.color, fs.readFileSync(path.join(appPackageDir, icons.color)));
  zip.file(icons.outline, fs.readFileSync(path.join(appPackageDir, icons.outline)));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

  const outDir = options.outDir ?? path.join(appPackageDir, 'build');
  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `firstday-${options.env}.zip`);
  // Written beside the target and renamed, so a failed write never leaves a half zip to be uploaded.
  const partial = `${zipPath}.${process.pid}.partial`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, zipPath);
  return { zipPath, manifest };
}

function relative(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel.startsWith('..') ? file : rel;
}

function parseArgs(argv: string[]): PackageAppOptions {
  const options: PackageAppOptions = { env: process.env.TEAMSFX_ENV || 'dev', overrides: process.env };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--env' && value) options.env = value;
    else if (arg === '--env-dir' && value) options.envDir = path.resolve(value);
    else if (arg === '--out-dir' && value) options.outDir = path.resolve(value);
    else throw new PackageError([`Unknown argument "${arg}". Use: npm run package -- [--env dev] [--env-dir env] [--out-dir appPackage/build]`]);
    i++;
  }
  return options;
}

if (require.main === module) {
  (async () => {
    const options = parseArgs(process.argv.slice(2));
    const built = await packageApp(options);
    const bot = (built.manifest.bots as Array<{ botId: string }>)[0].botId;
    process.stdout.write(
      `Wrote ${relative(ROOT, built.zipPath)}: manifest ${built.manifest.manifestVersion}, version ${built.manifest.version}, bot ${bot}, valid against the Teams schema.\n`,
    );
  })().catch((err) => {
    process.stderr.write(`${err instanceof PackageError ? err.message : (err as Error).stack}\n`);
    process.exit(err instanceof PackageError ? 2 : 1);
  });
}
