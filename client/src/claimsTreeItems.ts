/**
 * What the Claims view shows, as plain data: which claims and mentions pass
 * the filters, and each row's label, description, tooltip and icon. Pure: the
 * server's `factmark/claims` answer in, text out; claimsView.ts turns these
 * into VS Code tree items.
 */
import type { DisplayPath } from '../../server/src/cli/claimsPicture';
import { reconciledText, sourcingText } from '../../server/src/cli/claimText';
import { formatReportInterval, oneLine, plural } from '../../server/src/cli/format';
import { formatUnit } from '../../server/src/core/format';
import type { ClaimMentionReport, ClaimReport, ReportLocation } from '../../server/src/core/reports';
import type { ReconciledStatus } from '../../server/src/core/reconcile';

export interface ClaimFilters {
  /** Only claims whose mentions conflict. */
  readonly conflictsOnly: boolean;
  /** Only mentions that are neither cited nor attributed (and the claims that have one). */
  readonly unsourcedOnly: boolean;
}

export const NO_FILTERS: ClaimFilters = { conflictsOnly: false, unsourcedOnly: false };

/** A codicon and the theme colour it is drawn in (undefined: the list's own colour). */
export interface IconLook {
  readonly codicon: string;
  readonly colour?: string;
}

export interface RowLook {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: IconLook;
}

/** A claim that passes the filters, with the indexes (into `claim.mentions`) of its mentions that do. */
export interface VisibleClaim {
  readonly claim: ClaimReport;
  readonly mentions: readonly number[];
}

export function visibleClaims(claims: readonly ClaimReport[], filters: ClaimFilters): VisibleClaim[] {
  const visible: VisibleClaim[] = [];
  for (const claim of claims) {
    if (filters.conflictsOnly && claim.status !== 'conflict') continue;
    const mentions = claim.mentions.map((_, index) => index).filter((index) => !filters.unsourcedOnly || claim.mentions[index].status === 'unsourced');
    if (filters.unsourcedOnly && mentions.length === 0) continue;
    visible.push({ claim, mentions });
  }
  return visible;
}

/** The view's subtitle: which filters are on. */
export function filtersDescription(filters: ClaimFilters): string | undefined {
  const on = [filters.conflictsOnly && 'conflicts only', filters.unsourcedOnly && 'unsourced only'].filter((name): name is string => Boolean(name));
  return on.length ? on.join(', ') : undefined;
}

/** The text the view shows instead of an empty tree, or undefined when there are rows. */
export function emptyViewMessage(claims: readonly ClaimReport[], filters: ClaimFilters): string | undefined {
  if (claims.length === 0) return 'No claims are defined or mentioned in the workspace.';
  if (visibleClaims(claims, filters).length === 0) return `None of the ${plural(claims.length, 'claim')} matches the filters (${filtersDescription(filters)}).`;
  return undefined;
}

const STATUS_ICONS: Readonly<Record<ReconciledStatus, IconLook>> = {
  consistent: { codicon: 'pass', colour: 'charts.green' },
  conflict: { codicon: 'error', colour: 'charts.red' },
  single: { codicon: 'circle-outline', colour: 'descriptionForeground' },
  unparsed: { codicon: 'question', colour: 'charts.yellow' },
};

const STATUS_MEANINGS: Readonly<Record<ReconciledStatus, string>> = {
  consistent: 'the mentions agree',
  conflict: 'the mentions disagree',
  single: 'one mention, nothing to compare',
  unparsed: 'no mention has a value',
};

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** The claim's unit after a number, or nothing for plain counts. */
function unitSuffix(claim: ClaimReport): string {
  const unit = claim.unit === null ? '' : formatUnit(claim.unit);
  return unit ? ` ${unit}` : '';
}

function place(location: ReportLocation, displayPath: DisplayPath): string {
  return `${displayPath(location.uri)}:${location.line}:${location.column}`;
}

export function claimLook(claim: ClaimReport): RowLook {
  const articles = new Set(claim.mentions.map((mention) => mention.location.uri)).size;
  const tooltip = [
    claim.description ? `#${claim.id} — ${claim.description}` : `#${claim.id}`,
    `${claim.status}: ${STATUS_MEANINGS[claim.status]}`,
    `Reconciled: ${reconciledText(claim) || '—'}`,
    ...(claim.reconciled ? [`Common interval: ${formatReportInterval(claim.reconciled)}${unitSuffix(claim)}`] : []),
    `${plural(claim.mentions.length, 'mention')} in ${plural(articles, 'article')}`,
  ];
  return { label: claim.id, description: reconciledText(claim), tooltip: tooltip.join('\n'), icon: STATUS_ICONS[claim.status] };
}

function mentionInterval(mention: ClaimMentionReport): string {
  if (mention.interval) return formatReportInterval(mention.interval);
  return mention.excluded === 'unit-mismatch' ? `not comparable (${mention.unit ?? '?'})` : 'no value';
}

const SOURCING_ICONS: Readonly<Record<ClaimMentionReport['status'], IconLook>> = {
  cited: { codicon: 'quote' },
  attributed: { codicon: 'person' },
  unsourced: { codicon: 'warning', colour: 'list.warningForeground' },
};

/** A mention's row: the article as label; icon shape says how it is sourced, red when it conflicts. */
export function mentionLook(claim: ClaimReport, index: number, displayPath: DisplayPath): RowLook {
  const mention = claim.mentions[index];
  const text = oneLine(mention.text);
  const interval = mentionInterval(mention);
  const tooltip = [
    place(mention.location, displayPath),
    `“${text}” → ${interval}${mention.interval ? unitSuffix(claim) : ''}`,
    `Source: ${sourcingText(mention)}`,
  ];
  if (mention.disagreesWith.length) {
    tooltip.push(`Conflicts with ${mention.disagreesWith.map((other) => place(claim.mentions[other].location, displayPath)).join(', ')}`);
  }
  const sourcing = SOURCING_ICONS[mention.status];
  const icon = mention.disagreesWith.length ? { codicon: sourcing.codicon, colour: 'charts.red' } : sourcing;
  return { label: fileName(mention.location.uri), description: `“${text}” ${interval}`, tooltip: tooltip.join('\n'), icon };
}

/** A report location (1-based, end exclusive) as the editor's 0-based line and character of each end. */
export function editorRange(location: ReportLocation): [startLine: number, startCharacter: number, endLine: number, endCharacter: number] {
  return [location.line - 1, location.column - 1, location.endLine - 1, location.endColumn - 1];
}
