/**
 * Storing and loading AOT images. An image is its JavaScript source plus V8's code cache
 * for it (`vm.Script#createCachedData`, the successor of the `produceCachedData` option),
 * taken after the program has run once so it holds the bytecode of every guest function,
 * not only of the top-level script. Loading reads both files and hands the cache back to
 * V8 (`cachedData`), which then skips parsing and compiling; V8 reports
 * `cachedDataRejected` when the cache does not fit this V8 version, flags or source.
 *
 * Each load gets its own script filename: V8's in-isolate compilation cache is keyed by
 * source and origin, and a soak loop loading the same image repeatedly must not be served
 * from it, since a real start-up never is.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { type AotEntry, imageSource } from './aot-compiler.ts';
import type { Executable } from './executable.ts';
import { GuestFault } from './isa.ts';
import type { GuestMachine } from './machine.ts';

type ImageFactory = (badReturn: (address: number) => never) => AotEntry;

function badReturn(address: number): never {
  throw new GuestFault(`AOT: return to 0x${(address >>> 0).toString(16)}, which is not the caller's return point`);
}

export interface AotImage {
  source: string;
  cachedData: Buffer;
}

export interface LoadedImage {
  entry: AotEntry;
  /** V8 did not accept the code cache and compiled from source. */
  cachedDataRejected: boolean;
}

let loads = 0;

function scriptName(): string {
  return `vmsoak-aot-image-${process.pid}-${++loads}.js`;
}

/** Compiles `source` as an image and returns its entry (no code cache involved). */
export function instantiate(source: string, cachedData?: Buffer): LoadedImage & { script: vm.Script } {
  const script = new vm.Script(source, { filename: scriptName(), cachedData });
  const factory = script.runInThisContext() as ImageFactory;
  return { entry: factory(badReturn), cachedDataRejected: cachedData !== undefined && script.cachedDataRejected === true, script };
}

/**
 * Builds the image of `exe`: compiles it, runs it once on `warmMachine` (reset first and
 * left after the run) so V8 compiles every function that runs, and takes the code cache.
 */
export function buildImage(exe: Executable, warmMachine: GuestMachine): AotImage {
  const source = imageSource(exe);
  const { entry, script } = instantiate(source);
  warmMachine.reset();
  entry(warmMachine.regs, warmMachine.flags, warmMachine.memory);
  return { source, cachedData: script.createCachedData() };
}

/** Where an image lies on disk. */
export interface ImageFiles {
  dir: string;
  source: string;
  cache: string;
}

/** Writes the image into a new temporary directory. */
export function writeImage(image: AotImage): ImageFiles {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-aot-'));
  const files = { dir, source: path.join(dir, 'image.js'), cache: path.join(dir, 'image.v8cache') };
  writeFileSync(files.source, image.source);
  writeFileSync(files.cache, image.cachedData);
  return files;
}

/** Reads an image from disk and loads it with its code cache. */
export function loadImage(files: ImageFiles): LoadedImage {
  const source = readFileSync(files.source, 'utf8');
  const cachedData = readFileSync(files.cache);
  const { entry, cachedDataRejected } = instantiate(source, cachedData);
  return { entry, cachedDataRejected };
}

export function removeImage(files: ImageFiles): void {
  rmSync(files.dir, { recursive: true, force: true });
}
