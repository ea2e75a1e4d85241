/**
 * helm/vmsoak rendered by real helm (`helm template`), parsed into objects, for the chart
 * tests; the helm binaries come from test/helpers/helm.ts.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { Helm } from '../helpers/helm.ts';
import { CHART_DIR, type Values } from './chart.ts';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

export const RELEASE = 'vmsoak';
export const NAMESPACE = 'vmsoak';

export interface RenderOptions {
  /** Values files, in order (-f). */
  valuesFiles?: readonly string[];
  /** Values as a mapping, applied after the files (written to a temp file, passed with -f). */
  values?: Values;
  /** Serve the Prometheus Operator's API (monitoring.coreos.com/v1), so "auto" creates its objects. Default true. */
  operatorApi?: boolean;
  release?: string;
  namespace?: string;
}

function withValuesFile<T>(values: Values | undefined, use: (file: string | null) => T): T {
  if (values === undefined) return use(null);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'vmsoak-values-'));
  try {
    const file = path.join(directory, 'values.yaml');
    writeFileSync(file, stringify(values));
    return use(file);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function templateArgs(chart: string, options: RenderOptions, extraValuesFile: string | null): string[] {
  const args = ['template', options.release ?? RELEASE, chart, '--namespace', options.namespace ?? NAMESPACE];
  for (const file of [...options.valuesFiles ?? [], ...(extraValuesFile === null ? [] : [extraValuesFile])]) args.push('-f', file);
  if (options.operatorApi ?? true) args.push('--api-versions', 'monitoring.coreos.com/v1');
  return args;
}

/** `helm template` output as text. */
export function renderText(helm: Helm, options: RenderOptions = {}): string {
  return withValuesFile(options.values, (file) => helm.run(templateArgs(CHART_DIR, options, file)));
}

export function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text).map((document) => document.toJS() as K8sObject | null).filter((object): object is K8sObject => object !== null);
}

export function render(helm: Helm, options: RenderOptions = {}): K8sObject[] {
  return parseObjects(renderText(helm, options));
}

/** The error helm prints when rendering fails (`fail` in a template, a schema violation); throws when it renders. */
export function renderError(helm: Helm, options: RenderOptions = {}): string {
  try {
    renderText(helm, options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('helm template succeeded, a failure was expected');
}

/**
 * NOTES.txt as `helm install` would print it. helm 3.17's `install --dry-run=client` still
 * contacts a cluster and `helm template` leaves NOTES.txt out, so a scratch copy of the chart
 * renders the same text through `tpl` (the same engine, values, release and capabilities)
 * into a ConfigMap.
 */
export function renderNotes(helm: Helm, options: RenderOptions = {}): string {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'vmsoak-notes-'));
  try {
    const chart = path.join(scratch, 'vmsoak');
    cpSync(CHART_DIR, chart, { recursive: true });
    cpSync(path.join(chart, 'templates/NOTES.txt'), path.join(chart, 'files/notes.txt'));
    writeFileSync(path.join(chart, 'templates/zz-notes.yaml'), [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: notes', 'data:',
      '  notes: {{ tpl (.Files.Get "files/notes.txt") . | toJson }}', '',
    ].join('\n'));
    const text = withValuesFile(options.values, (file) => helm.run([...templateArgs(chart, options, file), '--show-only', 'templates/zz-notes.yaml']));
    const [notes] = parseObjects(text);
    return notes.data?.notes ?? '';
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function workload(objects: readonly K8sObject[]): K8sObject {
  const found = objects.find((object) => object.kind === 'DaemonSet' || object.kind === 'Deployment');
  if (found === undefined) throw new Error('no DaemonSet or Deployment rendered');
  return found;
}

export function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}
