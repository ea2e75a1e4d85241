/**
 * docker/Dockerfile as data, parsed with dockerfile-ast (the parser behind the VS Code
 * Docker extension), so the tests can assert on it and replay its stages outside Docker.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction, type JSONInstruction, type ModifiableInstruction, type PropertyInstruction } from 'dockerfile-ast';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const DOCKERFILE = path.join(REPO_ROOT, 'docker/Dockerfile');
/** The Node 24 binary of the `node` devDependency; the system node may be older. */
export const NODE24 = path.join(REPO_ROOT, 'node_modules/.bin/node');

export type Step =
  | { kind: 'copy'; from: string | null; sources: string[]; destination: string; workdir: string }
  | { kind: 'run'; command: string; workdir: string };

export interface Stage {
  name: string | null;
  /** The FROM image, e.g. node:24-slim. */
  image: string;
  /** COPY and RUN in order, each with the WORKDIR in force. */
  steps: Step[];
  workdir: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  user: string | null;
  expose: number[];
  volumes: string[];
  /** The argv of an exec-form HEALTHCHECK CMD; null without one. */
  healthcheck: string[] | null;
  /** Exec-form argv; null when absent or written in shell form (which would put a shell at PID 1). */
  entrypoint: string[] | null;
  cmd: string[] | null;
}

export interface DockerfileModel {
  stages: Stage[];
  /** The last stage: what `docker build` produces. */
  runtime: Stage;
  stage(name: string): Stage;
}

function argumentValues(instruction: Instruction): string[] {
  return instruction.getArguments().map((argument) => argument.getValue());
}

function execForm(instruction: JSONInstruction): string[] | null {
  const strings = instruction.getJSONStrings();
  return strings.length > 0 ? strings.map((string) => string.getJSONValue()) : null;
}

function properties(instruction: PropertyInstruction, args: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const property of instruction.getProperties()) {
    // getUnescapedValue() resolves escapes but keeps the quotes around a value.
    const raw = (property.getUnescapedValue() ?? '').replace(/^"(.*)"$/s, '$1');
    result[property.getName()] = raw.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string, bare: string) => args[braced ?? bare] ?? '');
  }
  return result;
}

function emptyStage(name: string | null, image: string): Stage {
  return {
    name, image, steps: [], workdir: '/', env: {}, labels: {}, user: null, expose: [], volumes: [],
    healthcheck: null, entrypoint: null, cmd: null,
  };
}

export function parseDockerfile(text: string): DockerfileModel {
  const stages: Stage[] = [];
  let args: Record<string, string> = {};
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = instruction as unknown as { getImage(): string | null; getBuildStage(): string | null };
      stages.push(emptyStage(from.getBuildStage(), from.getImage() ?? ''));
      args = {};
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) continue;
    const values = argumentValues(instruction);
    switch (keyword) {
      case 'ARG': {
        for (const value of values) {
          const [name, ...rest] = value.split('=');
          args[name] = rest.join('=').replace(/^"(.*)"$/, '$1');
        }
        break;
      }
      case 'WORKDIR':
        stage.workdir = path.posix.resolve(stage.workdir, values[0]);
        break;
      case 'ENV':
        Object.assign(stage.env, properties(instruction as PropertyInstruction, args));
        break;
      case 'LABEL':
        Object.assign(stage.labels, properties(instruction as PropertyInstruction, args));
        break;
      case 'USER':
        stage.user = values[0];
        break;
      case 'EXPOSE':
        stage.expose.push(...values.map((value) => Number.parseInt(value, 10)));
        break;
      case 'VOLUME':
        stage.volumes.push(...(execForm(instruction as JSONInstruction) ?? values));
        break;
      case 'COPY': {
        const copy = instruction as JSONInstruction;
        const fromFlag = (copy as ModifiableInstruction).getFlags().find((flag) => flag.getName() === 'from');
        const paths = execForm(copy) ?? values;
        stage.steps.push({
          kind: 'copy', from: fromFlag?.getValue() ?? null, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '', workdir: stage.workdir,
        });
        break;
      }
      case 'RUN':
        stage.steps.push({ kind: 'run', command: instruction.getArgumentsContent() ?? '', workdir: stage.workdir });
        break;
      case 'HEALTHCHECK': {
        // "CMD [...]": the subcommand, then an exec-form array, which dockerfile-ast leaves as text.
        const content = (instruction.getArgumentsContent() ?? '').replace(/^(--\S+\s+)*/, '');
        const json = content.replace(/^CMD\s+/, '');
        stage.healthcheck = json.startsWith('[') ? JSON.parse(json) as string[] : null;
        break;
      }
      case 'ENTRYPOINT':
        stage.entrypoint = execForm(instruction as JSONInstruction);
        break;
      case 'CMD':
        stage.cmd = execForm(instruction as JSONInstruction);
        break;
      default:
        break;
    }
  }
  const runtime = stages.at(-1);
  if (runtime === undefined) throw new Error('the Dockerfile has no FROM');
  return {
    stages,
    runtime,
    stage(name: string): Stage {
      const found = stages.find((candidate) => candidate.name === name);
      if (found === undefined) throw new Error(`the Dockerfile has no stage "${name}"`);
      return found;
    },
  };
}

export function loadDockerfile(): DockerfileModel {
  return parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
}
