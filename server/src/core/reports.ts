/**
 * Report data shared by every adapter: `factmark claims`/`figures` (all
 * formats) and the language server's `factmark/claims` request render these
 * structures; none of them recomputes anything.
 */
import type { Interval } from './figureTypes';
import type { ReconciledStatus } from './reconcile';
import type { SourcingStatus } from './summary';
import { LineIndex } from './text';
import type { Workspace } from './workspace';

/** 1-based line and column (UTF-16 units), end exclusive: what people and CI annotations read. */
export interface ReportLocation {
  readonly uri: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface ReportInterval {
  /** Decimal strings; null = unbounded. */
  readonly low: string | null;
  readonly high: string | null;
  readonly lowOpen: boolean;
  readonly highOpen: boolean;
}

export interface ClaimMentionReport {
  readonly location: ReportLocation;
  readonly text: string;
  readonly value: string | null;
  readonly unit: string | null;
  /** Interval converted to the claim's unit; null when left out. */
  readonly interval: ReportInterval | null;
  readonly excluded: 'no-value' | 'unit-mismatch' | null;
  readonly status: SourcingStatus;
  readonly sources: readonly string[];
  readonly speakers: readonly string[];
  /** Indexes of the mentions this one disagrees with. */
  readonly disagreesWith: readonly number[];
}

export interface ClaimReport {
  readonly id: string;
  readonly description: string | null;
  readonly definition: ReportLocation | null;
  readonly unit: string | null;
  readonly status: ReconciledStatus;
  readonly reconciled: ReportInterval | null;
  readonly point: string | null;
  readonly mentions: readonly ClaimMentionReport[];
}

export interface FigureReport {
  readonly location: ReportLocation;
  readonly text: string;
  readonly qualifier: string | null;
  readonly value: string;
  readonly low: string | null;
  readonly high: string | null;
  readonly unit: string;
  readonly claim: string | null;
  readonly status: SourcingStatus;
}

export function reportInterval(interval: Interval): ReportInterval {
  return {
    low: interval.low?.toString() ?? null,
    high: interval.high?.toString() ?? null,
    lowOpen: interval.lowOpen,
    highOpen: interval.highOpen,
  };
}

/**
 * Locates ranges of the workspace's documents, with one LineIndex per
 * document: a report points into the same documents again and again.
 */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly workspace: Workspace) {}

  lines(uri: string): LineIndex {
    let index = this.indexes.get(uri);
    if (!index) {
      const summary = this.workspace.summary(uri);
      this.indexes.set(uri, (index = new LineIndex(summary?.lineStarts ?? Uint32Array.of(0), summary?.length ?? 0)));
    }
    return index;
  }

  locate(uri: string, range: { start: number; end: number }): ReportLocation {
    const index = this.lines(uri);
    const start = index.positionAt(range.start);
    const end = index.positionAt(range.end);
    return { uri, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }
}

/** The ids a claims report covers: every claim defined or mentioned (or those of `only`), sorted. */
export function sortedClaimIds(workspace: Workspace, only?: ReadonlySet<string>): string[] {
  return [...workspace.ids('claim')].filter((id) => !only || only.has(id)).sort();
}

/** One claim's report: its definition, reconciliation and every mention. */
export function claimReport(workspace: Workspace, id: string, locator = new Locator(workspace)): ClaimReport {
  const definition = workspace.definitions('claim', id)[0];
  // Reports pass over many claims: reconciliations made for them are not kept.
  const reconciliation = workspace.reconcileInPassing(id);
  return {
    id,
    description: definition?.definition.label ?? null,
    definition: definition ? locator.locate(definition.uri, definition.definition.headRange) : null,
    unit: reconciliation.unit,
    status: reconciliation.status,
    reconciled: reconciliation.interval && reportInterval(reconciliation.interval),
    point: reconciliation.point?.toString() ?? null,
    mentions: reconciliation.mentions.map((m) => ({
      location: locator.locate(m.uri, m.mention.spanRange),
      text: m.mention.surface,
      value: m.mention.quantity?.value.toString() ?? null,
      unit: m.mention.quantity?.unit ?? null,
      interval: m.interval && reportInterval(m.interval),
      excluded: m.excluded,
      status: m.mention.status,
      sources: m.mention.sources,
      speakers: m.mention.speakers,
      disagreesWith: m.disagreesWith,
    })),
  };
}

/** Every figure the recognizer finds in the given documents, in document order. */
export function figuresReport(workspace: Workspace, uris: readonly string[]): FigureReport[] {
  const locator = new Locator(workspace);
  return uris.flatMap((uri) =>
    (workspace.summary(uri)?.figures ?? []).map((figure) => ({
      location: locator.locate(uri, figure.range),
      text: figure.text,
      qualifier: figure.qualifierText,
      value: figure.value.toString(),
      low: figure.interval.low?.toString() ?? null,
      high: figure.interval.high?.toString() ?? null,
      unit: figure.unit,
      claim: figure.claim,
      status: figure.status,
    })),
  );
}
