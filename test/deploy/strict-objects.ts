/**
 * Strict checking of rendered Kubernetes objects: every field must be one the API knows.
 *
 * kubernetes-models' validate() runs JSON schemas without `additionalProperties: false`, so
 * a misspelt field (`subPathExprr`) passes it, and the API server would drop it (or, with
 * strict field validation, reject the object). Here each object becomes a typed object
 * literal, `const o: IDaemonSet = {...}`, against kubernetes-models' generated interfaces
 * (from the Kubernetes OpenAPI spec and the Prometheus Operator's CRDs), and the TypeScript
 * compiler checks it: an object literal may only name properties its type declares, at
 * every depth, and every value must have the declared type. Maps (labels, annotations,
 * ConfigMap data) are index signatures there and stay open, as in the API. The compiler
 * reports the first problem of each object, not every one: enough to fail, and the next
 * shows once the first is fixed.
 */
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './dockerfile-model.ts';

export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}

export interface StrictProblem {
  /** kind/name of the object. */
  object: string;
  /** The offending line of the object, as JSON. */
  at: string;
  message: string;
}

/** The module and interface kubernetes-models declares an object's type in. */
function typeOf(object: RenderedObject): { module: string; name: string } {
  const module = object.apiVersion.startsWith('monitoring.coreos.com/')
    ? `@kubernetes-models/prometheus-operator/${object.apiVersion}/${object.kind}`
    : `kubernetes-models/${object.apiVersion}/${object.kind}`;
  return { module, name: `I${object.kind}` };
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: [],
};

/** Every field of every object that its Kubernetes or Prometheus Operator type does not declare, or declares with another type. */
export function strictProblems(objects: readonly RenderedObject[]): StrictProblem[] {
  // In the repository, so that module resolution finds node_modules/; the file is never written.
  const file = path.join(REPO_ROOT, 'test/deploy/rendered-objects.virtual.ts');
  const aliases = new Map<string, string>();
  const header: string[] = [];
  const ranges: Array<{ object: string; from: number; to: number }> = [];
  const body: string[] = [];
  objects.forEach((object, index) => {
    const { module, name } = typeOf(object);
    let alias = aliases.get(module);
    if (alias === undefined) {
      alias = `T${aliases.size}`;
      aliases.set(module, alias);
      header.push(`import type { ${name} as ${alias} } from '${module}';`);
    }
    const lines = `export const object${index}: ${alias} = ${JSON.stringify(object, null, 2)};`.split('\n');
    ranges.push({ object: `${object.kind}/${object.metadata.name}`, from: body.length, to: body.length + lines.length });
    body.push(...lines);
  });
  const text = [...header, ...body].join('\n');
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => (path.resolve(name) === file
    ? ts.createSourceFile(name, text, languageVersion, true)
    : getSourceFile(name, languageVersion, onError, shouldCreate));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], COMPILER_OPTIONS, host);
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error('the virtual source file was not loaded');
  const sourceLines = text.split('\n');
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((diagnostic) => {
    const line = diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
    const bodyLine = line - header.length;
    const owner = ranges.find((range) => bodyLine >= range.from && bodyLine < range.to);
    return {
      object: owner?.object ?? '(imports)',
      at: (sourceLines[line] ?? '').trim(),
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
    };
  });
}
