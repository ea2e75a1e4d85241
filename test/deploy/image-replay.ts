/**
 * Replays the stages of docker/Dockerfile in a temporary directory instead of an image:
 * each stage gets a directory that stands for its root filesystem, COPY copies exactly
 * what the Dockerfile names (from the repository or from an earlier stage), and the npm
 * commands of RUN run there as written. Other RUN commands (creating the volume's
 * directory, chown) are not replayed: the test supplies its own data directory.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DockerfileModel, Stage, Step } from './dockerfile-model.ts';

const run = promisify(execFile);

export interface ReplayedImage {
  /** Directory standing for each stage's root filesystem, by stage name (or index). */
  roots: Map<string, string>;
  /** The runtime stage's WORKDIR, inside its root. */
  appDir: string;
  /** RUN commands that were executed, and those that were left out. */
  replayed: string[];
  skipped: string[];
}

function stageKey(stage: Stage, index: number): string {
  return stage.name ?? String(index);
}

/** A path of the image (absolute, or relative to the step's WORKDIR) inside a stage's root. */
function inRoot(root: string, workdir: string, imagePath: string): string {
  return path.join(root, path.posix.resolve(workdir, imagePath));
}

async function isDirectory(file: string): Promise<boolean> {
  return (await stat(file)).isDirectory();
}

/** Docker's COPY: a directory's contents go into the destination; a file goes into it when it ends in "/". */
async function copyStep(step: Extract<Step, { kind: 'copy' }>, root: string, contextDir: string, roots: Map<string, string>): Promise<void> {
  const sourceRoot = step.from === null ? null : roots.get(step.from);
  if (step.from !== null && sourceRoot === undefined) throw new Error(`COPY --from=${step.from}: no such stage before this one`);
  const destination = inRoot(root, step.workdir, step.destination);
  const intoDirectory = step.destination.endsWith('/') || step.sources.length > 1;
  for (const source of step.sources) {
    const from = sourceRoot === null || sourceRoot === undefined ? path.join(contextDir, source) : path.join(sourceRoot, source);
    if (await isDirectory(from)) {
      await cp(from, destination, { recursive: true, verbatimSymlinks: true });
    } else {
      const target = intoDirectory ? path.join(destination, path.basename(source)) : destination;
      await mkdir(path.dirname(target), { recursive: true });
      await cp(from, target);
    }
  }
}

export async function replayImage(dockerfile: DockerfileModel, contextDir: string, workRoot: string): Promise<ReplayedImage> {
  const roots = new Map<string, string>();
  const replayed: string[] = [];
  const skipped: string[] = [];
  // npm must not see the test runner's own context (node --test sets NODE_TEST_CONTEXT).
  const { NODE_TEST_CONTEXT: _context, NODE_OPTIONS: _options, ...env } = process.env;
  for (const [index, stage] of dockerfile.stages.entries()) {
    const root = path.join(workRoot, `stage-${stageKey(stage, index)}`);
    await mkdir(path.join(root, stage.workdir), { recursive: true });
    for (const step of stage.steps) {
      if (step.kind === 'copy') {
        await copyStep(step, root, contextDir, roots);
      } else if (/^npm\s/.test(step.command)) {
        const cwd = inRoot(root, step.workdir, '.');
        await run('sh', ['-c', step.command], { cwd, env, maxBuffer: 16 * 1024 * 1024 });
        replayed.push(step.command);
      } else {
        skipped.push(step.command);
      }
    }
    roots.set(stageKey(stage, index), root);
  }
  const runtimeIndex = dockerfile.stages.length - 1;
  const runtimeRoot = roots.get(stageKey(dockerfile.runtime, runtimeIndex));
  if (runtimeRoot === undefined) throw new Error('no runtime stage was replayed');
  return { roots, appDir: inRoot(runtimeRoot, dockerfile.runtime.workdir, '.'), replayed, skipped };
}
