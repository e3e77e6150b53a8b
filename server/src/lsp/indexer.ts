/**
 * The files not open in the editor: every `.fmk` under the workspace folders
 * is read from disk and summarized (only the summary is kept), with progress;
 * watched-file events keep them current; factmark.json is found, validated
 * and applied. A later (re)index supersedes a running one.
 */
import { basename, dirname, relative, sep } from 'node:path';
import { FileChangeType, type Diagnostic, type FileEvent } from 'vscode-languageserver';
import { DEFAULT_CONFIG, parseConfig, sameAnalysis, type FactmarkConfig } from '../core/config';
import { severityOf } from '../core/diagnosticCodes';
import { decodeRetained, encodeRetained } from '../core/retained';
import { trimEndWhile } from '../core/text';
import { describeFileError, discoverArticles, findConfig, readArticle } from '../node/files';
import { summarizeFile, type SummarizedFile } from '../node/summarizeFile';
import { summarizeOnThreads, threadCount } from '../node/summarizePool';
import { pruneSummaryCaches, readSummaryCache, summaryCacheFile, summaryCacheKey, writeSummaryCache, type CacheRecord } from '../node/summaryCache';
import { configDiagnostics, notAppliedNotice } from './configFile';
import { SEVERITY } from './features/diagnostics';
import { canonicalUri, pathToUri, uriToPath } from './convert';
import type { DocumentState } from './documents';
import type { ServerSettings } from './settings';
import { SLICE_MS } from './timeSlices';

export interface WorkspaceFolderInput {
  readonly uri: string;
}

interface Root {
  readonly uri: string;
  readonly path: string;
  /** `exclude` of the factmark.json that governs this folder. */
  readonly exclude: readonly string[];
}

export interface ProgressReporter {
  begin(title: string, percentage?: number, message?: string): void;
  report(percentage: number, message: string): void;
  done(): void;
}

export interface IndexerHooks {
  /** A progress reporter (server-initiated work done progress where the client supports it). */
  startProgress(): Promise<ProgressReporter>;
  /** A (re)index read every file: every document's diagnostics may have changed (resolves once they are out, or superseded; `indexingChanged` follows). */
  indexed(isCurrent: () => boolean): Promise<void>;
  /** Indexing started or stopped. */
  indexingChanged(): void;
  /** Diagnostics of a factmark.json (empty: none). */
  configProblems(uri: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
  /** What the summary cache did (an information message). */
  info(message: string): void;
  settings(): ServerSettings;
}

/** Where (the file) and under which key (build and analysis settings) the summary cache of an index lives. */
interface CachePlace {
  readonly file: string;
  readonly key: string;
}

/** A cache write given up because a newer (re)index started. */
class Superseded extends Error {}

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);
/** How often indexing progress is reported. */
const PROGRESS_INTERVAL_MS = 50;
const CONFIG_FILE_NAME = 'factmark.json';

export class Indexer {
  private roots: Root[] = [];
  /** Canonical URIs of the articles on disk that belong to the index. */
  private readonly members = new Set<string>();
  /** factmark.json files with problems or a notice published (to clear them when fixed). */
  private readonly flaggedConfigs = new Set<string>();
  private generation = 0;
  private running = 0;
  /** The summary cache's folder; undefined: no cache. */
  private cacheDirectory: string | undefined;
  /** The stamp of the file each closed article's summary was made from: what the summary cache records. */
  private readonly stamps = new Map<string, string>();

  constructor(
    private readonly documents: DocumentState,
    private readonly hooks: IndexerHooks,
  ) {}

  get indexing(): boolean {
    return this.running > 0;
  }

  /** Keep the summary cache in this folder (undefined: keep none). Takes effect at the next (re)index. */
  useSummaryCache(directory: string | undefined): void {
    this.cacheDirectory = directory;
  }

  /** The folders to index (reindexes). */
  async setFolders(folders: readonly WorkspaceFolderInput[]): Promise<void> {
    this.roots = folders.flatMap((folder) => {
      const uri = canonicalUri(folder.uri);
      const path = uriToPath(uri);
      return path ? [{ uri: uri.replace(/\/$/, ''), path, exclude: [] }] : [];
    });
    await this.reindex();
  }

  /** How an article is named to people: its path in its workspace folder. */
  relativeName(uri: string): string {
    const root = this.rootOf(uri);
    return root ? decodeURIComponent(uri.slice(root.uri.length + 1)) : decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  }

  private rootOf(uri: string): Root | undefined {
    let best: Root | undefined;
    for (const root of this.roots) if (uri.startsWith(`${root.uri}/`) && (!best || root.uri.length > best.uri.length)) best = root;
    return best;
  }

  /**
   * Reads the configuration, finds every article, and summarizes the ones not open in the editor.
   * Progress ends once the index is complete (every cross-file question has its answer); the
   * diagnostics of every file are then published in time slices, and the status says "indexing"
   * until they are out.
   */
  async reindex(): Promise<void> {
    const generation = ++this.generation;
    const isCurrent = () => generation === this.generation;
    this.running++;
    this.hooks.indexingChanged();
    let cache: { place: CachePlace; stale: boolean } | undefined;
    try {
      const built = await this.buildIndex(isCurrent);
      if (built) {
        cache = built.cache;
        await this.hooks.indexed(isCurrent);
      }
    } finally {
      this.running--;
      this.hooks.indexingChanged();
    }
    if (!cache || !isCurrent()) return;
    if (cache.stale) await this.writeCache(cache.place, isCurrent);
    const removed = await pruneSummaryCaches(cache.place.file);
    if (removed.length) this.hooks.info(`summary cache: removed ${removed.join(', ')} (no start used them for 30 days)`);
  }

  /**
   * The index part of a (re)index, under a progress report; false when a newer reindex took over.
   * `cache.stale`: the summary cache differs from the index (articles were summarized, or entries dropped).
   */
  private async buildIndex(isCurrent: () => boolean): Promise<false | { cache?: { place: CachePlace; stale: boolean } }> {
    const progress = await this.hooks.startProgress().catch(() => undefined);
    try {
      progress?.begin('Factmark: indexing articles', 0, 'finding articles');
      const { config, roots } = await this.loadConfigs(this.roots);
      if (!isCurrent()) return false;
      this.roots = roots;
      const configChanged = config !== this.documents.workspace.config;
      if (configChanged) this.documents.workspace.setConfig(config);

      const paths: string[] = [];
      for (const root of this.roots) paths.push(...(await discoverArticles(root.path, root.exclude)));
      if (!isCurrent()) return false;
      const uris = paths.map(pathToUri);
      this.members.clear();
      for (const uri of uris) this.members.add(uri);
      for (const uri of [...this.documents.workspace.uris()]) {
        if (!this.members.has(uri) && !this.documents.isOpen(uri)) this.documents.remove(uri, { quiet: true });
      }
      if (configChanged) for (const uri of this.documents.openUris()) this.documents.setText(uri, this.documents.text(uri)!, { quiet: true });

      const toRead = uris.filter((uri) => !this.documents.isOpen(uri));
      for (const uri of [...this.stamps.keys()]) if (!this.members.has(uri)) this.stamps.delete(uri);
      const cachePlace = this.cachePlace(config);
      const cache = cachePlace ? await readSummaryCache(cachePlace.file, cachePlace.key) : undefined;
      if (!isCurrent()) return false;
      if (cache?.problem) this.hooks.info(`summary cache ${cachePlace!.file} not used: ${cache.problem}`);
      const files = toRead.map((uri) => {
        const path = uriToPath(uri)!;
        return { path, knownStamp: cache?.entries.get(path)?.stamp };
      });
      let fromCache = 0;
      let lastReport = performance.now();
      const take = (result: SummarizedFile, index: number) => {
        const uri = toRead[index];
        if (performance.now() - lastReport >= PROGRESS_INTERVAL_MS || index + 1 === toRead.length) {
          lastReport = performance.now();
          progress?.report(Math.floor(((index + 1) * 100) / toRead.length), `${index + 1}/${toRead.length} articles`);
        }
        // Opened (or deleted) meanwhile: the editor's text, or nothing, wins.
        if (this.documents.isOpen(uri) || !this.members.has(uri)) return;
        if (result.kind === 'unchanged') {
          const summary = decodeRetained(cache!.entries.get(result.path)!.unpack());
          if (summary) {
            this.documents.setRetainedSummary(uri, summary);
            this.stamps.set(uri, result.stamp);
            fromCache++;
            return;
          }
          result = summarizeFile({ path: result.path }, config, 'file');
        }
        if (result.kind === 'summarized') {
          this.documents.setRetainedSummary(uri, result.summary);
          this.setStamp(uri, result.stamp);
        } else if (result.kind === 'unreadable') {
          this.stamps.delete(uri);
          this.hooks.log(`${result.path}: ${result.message}`);
        }
      };
      const threads = threadCount(this.hooks.settings().indexingThreads, files.length);
      const failures = new Set<string>();
      const threadFailed = (reason: string) => {
        if (!failures.has(reason)) this.hooks.log(`an indexing thread failed (${reason}): its articles are summarized on the server's thread`);
        failures.add(reason);
      };
      // Without threads, the summarizing is done here in time slices, and requests are answered in between.
      if (!(await summarizeOnThreads(files, config, { threads, stamps: 'file', sliceMs: SLICE_MS, threadFailed }, take, isCurrent))) return false;
      if (!cachePlace) return {};
      this.hooks.info(`summary cache: ${fromCache} of ${toRead.length} articles read from ${cachePlace.file}`);
      return { cache: { place: cachePlace, stale: fromCache < toRead.length || cache!.entries.size > fromCache } };
    } finally {
      progress?.done();
    }
  }

  private cachePlace(config: FactmarkConfig): CachePlace | undefined {
    const key = summaryCacheKey(config);
    if (!this.cacheDirectory || this.roots.length === 0 || !key) return undefined;
    return { file: summaryCacheFile(this.cacheDirectory, this.roots.map((root) => root.path)), key };
  }

  private setStamp(uri: string, stamp: string | undefined): void {
    if (stamp) this.stamps.set(uri, stamp);
    else this.stamps.delete(uri);
  }

  /** Writes every closed article's summary, with the stamp of the file it was made from. A failure is logged. */
  private async writeCache(place: CachePlace, isCurrent: () => boolean): Promise<void> {
    const { documents, members, stamps } = this;
    function* records(): Generator<CacheRecord> {
      for (const uri of [...members]) {
        if (!isCurrent()) throw new Superseded();
        const stamp = stamps.get(uri);
        const summary = documents.workspace.summary(uri);
        if (stamp && summary && !documents.isOpen(uri)) yield { path: uriToPath(uri)!, stamp, packed: encodeRetained(summary) };
      }
    }
    const started = Date.now();
    try {
      const count = await writeSummaryCache(place.file, place.key, records());
      this.hooks.info(`summary cache: wrote ${count} summaries to ${place.file} in ${Date.now() - started} ms`);
    } catch (error) {
      if (!(error instanceof Superseded)) this.hooks.log(`summary cache: cannot write ${place.file}: ${describeFileError(error)}`);
    }
  }

  /**
   * Each folder's factmark.json (its own or an ancestor's): problems are published on the file,
   * `exclude` applies to the folder. The first folder's configuration analyses every folder (ids are
   * shared by all); a broken one means the defaults. Another folder's factmark.json that would
   * analyse differently is told so, on the file, rather than ignored in silence.
   */
  private async loadConfigs(folders: readonly Root[]): Promise<{ config: FactmarkConfig; roots: Root[] }> {
    let governing: { config: FactmarkConfig; path: string } | undefined;
    const flagged = new Set<string>();
    const roots: Root[] = [];
    const setting = severityOf('config', this.hooks.settings().rules);
    for (const root of folders) {
      const path = await findConfig(root.path);
      let config = DEFAULT_CONFIG;
      if (path) {
        const uri = pathToUri(path);
        const read = await readArticle(path);
        const parsed = read.ok ? parseConfig(read.text) : { ok: false as const, problems: [{ path: '', message: `cannot read: ${read.message}` }] };
        if (parsed.ok) {
          config = parsed.config;
          if (governing && !sameAnalysis(config, governing.config) && setting !== 'off') {
            flagged.add(uri);
            this.hooks.configProblems(uri, [notAppliedNotice(read.ok ? read.text : '', relative(dirname(path), governing.path))]);
          }
        } else {
          flagged.add(uri);
          if (setting !== 'off') this.hooks.configProblems(uri, configDiagnostics(read.ok ? read.text : '', parsed.problems, SEVERITY[setting]));
        }
        governing ??= { config, path };
      }
      roots.push({ ...root, exclude: config.exclude });
    }
    for (const uri of this.flaggedConfigs) if (!flagged.has(uri)) this.hooks.configProblems(uri, []);
    this.flaggedConfigs.clear();
    for (const uri of flagged) this.flaggedConfigs.add(uri);
    return { config: governing?.config ?? DEFAULT_CONFIG, roots };
  }

  /** workspace/didChangeWatchedFiles: articles are re-read or dropped; a factmark.json change reindexes. */
  async filesChanged(changes: readonly FileEvent[]): Promise<void> {
    let configChanged = false;
    for (const change of changes) {
      const uri = canonicalUri(change.uri);
      const path = uriToPath(uri);
      if (!path) continue;
      if (basename(path) === CONFIG_FILE_NAME) {
        configChanged = true;
        continue;
      }
      if (!path.endsWith('.fmk')) continue;
      if (change.type === FileChangeType.Deleted) {
        this.members.delete(uri);
        this.stamps.delete(uri);
        if (!this.documents.isOpen(uri)) this.documents.remove(uri);
        continue;
      }
      if (!this.belongs(uri, path)) continue;
      this.members.add(uri);
      if (!this.documents.isOpen(uri)) await this.reload(uri, path);
    }
    if (configChanged) await this.reindex();
  }

  /** An editor closed a document: the file on disk (unsaved edits are gone) or, if it is not an indexed article, nothing. */
  async closed(uri: string): Promise<void> {
    const path = uriToPath(uri);
    if (path && this.members.has(uri)) await this.reload(uri, path);
    else this.documents.remove(uri);
  }

  private async reload(uri: string, path: string): Promise<void> {
    const result = await readArticle(path);
    if (this.documents.isOpen(uri) || !this.members.has(uri)) return;
    if (result.ok) {
      this.documents.setText(uri, result.text);
      this.setStamp(uri, result.stamp);
    } else {
      this.stamps.delete(uri);
      this.hooks.log(`${path}: ${result.message}`);
      this.documents.remove(uri);
    }
  }

  /**
   * Whether a new file is an article of the index: under a folder and not
   * excluded, by the rules discoverArticles applies (plain names match at any
   * depth, paths with a `/` relative to the folder).
   */
  private belongs(uri: string, path: string): boolean {
    const root = this.rootOf(uri);
    if (!root) return false;
    const segments = relative(root.path, path).split(sep);
    const withoutTrailingSlashes = (e: string) => trimEndWhile(e, (c) => c === '/');
    const names = new Set([...ALWAYS_SKIPPED, ...root.exclude.filter((e) => !withoutTrailingSlashes(e).includes('/'))]);
    const paths = new Set(root.exclude.map((e) => withoutTrailingSlashes(e.replace(/^(\.\/)+/, ''))).filter((e) => e.includes('/')));
    return segments.every((name, i) => !names.has(name) && !paths.has(segments.slice(0, i + 1).join('/')));
  }
}


