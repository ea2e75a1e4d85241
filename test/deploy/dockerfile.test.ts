/**
 * docker/Dockerfile, read as data: the promises the issue makes about the image that can
 * be checked without a Docker engine. What the image does when it runs is replayed in
 * image-runtime.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { parseListen } from '../../src/config/listen.ts';
import { loadDockerfile, REPO_ROOT } from './dockerfile-model.ts';

// CommonJS whose types declare an ES default export: required, so the types and the runtime agree.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as typeof import('@balena/dockerignore').default;

const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string; license: string; devDependencies: Record<string, string>;
};
const dockerfile = loadDockerfile();
const runtime = dockerfile.runtime;

function majorOf(version: string): number {
  const match = /(\d+)/.exec(version);
  assert.ok(match, `no version number in "${version}"`);
  return Number(match[1]);
}

describe('docker/Dockerfile', () => {
  it('builds every stage on node:<N>-slim with N the Node major that package.json pins', () => {
    const pinnedMajor = majorOf(packageJson.devDependencies.node);
    assert.ok(dockerfile.stages.length >= 2, 'a multi-stage build');
    for (const stage of dockerfile.stages) {
      const match = /^node:(\d+)-slim$/.exec(stage.image);
      assert.ok(match, `stage ${stage.name}: base image ${stage.image} is not node:<major>-slim`);
      assert.equal(Number(match[1]), pinnedMajor, `stage ${stage.name}: ${stage.image} against node@${packageJson.devDependencies.node}`);
    }
  });

  it('runs as uid 10001, not root', () => {
    assert.ok(runtime.user !== null, 'the runtime stage has no USER, so it runs as root');
    const [user, group] = runtime.user.split(':');
    // A numeric uid lets Kubernetes' runAsNonRoot verify the image without /etc/passwd.
    assert.match(user, /^\d+$/, `USER ${runtime.user} is not numeric`);
    assert.notEqual(Number(user), 0, 'USER is root');
    assert.equal(Number(user), 10001);
    if (group !== undefined) assert.notEqual(Number(group), 0, 'the group is root');
  });

  it('exposes the daemon\'s default port', () => {
    const listen = parseListen(defaultConfig().listen);
    assert.ok(!('problem' in listen), 'the default listen address parses');
    assert.deepEqual(runtime.expose, [listen.port]);
  });

  it('has a HEALTHCHECK on /-/healthy that needs no curl or wget', () => {
    assert.ok(runtime.healthcheck, 'no exec-form HEALTHCHECK CMD in the runtime stage');
    assert.equal(runtime.healthcheck[0], 'node', 'node:24-slim has neither curl nor wget');
    assert.match(runtime.healthcheck.join(' '), /\/-\/healthy/);
  });

  it('starts node itself as PID 1, in exec form, so SIGTERM reaches the daemon', () => {
    assert.ok(runtime.entrypoint, 'ENTRYPOINT is missing or in shell form (a shell at PID 1 does not forward SIGTERM)');
    assert.ok(runtime.cmd, 'CMD is missing or in shell form');
    assert.equal(runtime.entrypoint[0], 'node');
    assert.deepEqual([...runtime.entrypoint.slice(1), ...runtime.cmd], ['src/cli.ts', 'run']);
  });

  it('keeps dataDir on a volume outside the application, so the root filesystem can be read-only', () => {
    const dataDir = runtime.env.VMSOAK_DATA_DIR;
    assert.ok(dataDir, 'the runtime stage sets no VMSOAK_DATA_DIR, so data would go to ./var inside the image');
    assert.ok(path.posix.isAbsolute(dataDir));
    assert.ok(!dataDir.startsWith(`${runtime.workdir}/`), `${dataDir} is inside the application directory ${runtime.workdir}`);
    assert.ok(runtime.volumes.includes(dataDir), `VOLUME ${JSON.stringify(runtime.volumes)} does not include ${dataDir}`);
  });

  it('installs production dependencies only, with npm ci from the lockfile', () => {
    const runs = dockerfile.stages.flatMap((stage) => stage.steps).filter((step) => step.kind === 'run').map((step) => step.command);
    const installs = runs.filter((command) => /\bnpm\s+(ci|install|i)\b/.test(command));
    assert.ok(installs.length > 0, 'no npm install at all');
    for (const command of installs) {
      assert.match(command, /\bnpm ci\b/, `"${command}" does not install from the lockfile`);
      assert.match(command, /--omit=dev\b/, `"${command}" installs devDependencies`);
    }
  });

  it('carries the OCI labels: source, version (package.json\'s) and licence', () => {
    const labels = runtime.labels;
    assert.ok('org.opencontainers.image.source' in labels, 'no org.opencontainers.image.source label');
    assert.equal(labels['org.opencontainers.image.version'], packageJson.version);
    assert.equal(labels['org.opencontainers.image.licenses'], packageJson.license);
  });

  it('has a .dockerignore that sends what the build copies and keeps node_modules out', () => {
    const ignore = dockerignore().add(readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n'));
    const contextSources = dockerfile.stages.flatMap((stage) => stage.steps)
      .flatMap((step) => (step.kind === 'copy' && step.from === null ? step.sources : []));
    assert.ok(contextSources.length > 0);
    for (const source of contextSources) {
      assert.equal(ignore.ignores(source), false, `${source} is copied but .dockerignore leaves it out of the context`);
      assert.equal(ignore.ignores(`${source}/some-file.ts`), false, `files below ${source} are left out of the context`);
    }
    for (const local of ['node_modules', 'node_modules/node/bin/node', 'var/results.jsonl', '.git/HEAD', 'test/deploy/dockerfile.test.ts']) {
      assert.equal(ignore.ignores(local), true, `${local} would be sent to the Docker daemon`);
    }
  });
});
