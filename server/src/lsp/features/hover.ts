/**
 * Hover cards: an entity (name, type, aliases, links, mentions), a claim
 * (this mention's value, every mention in the workspace, the reconciled
 * status), a source (citation, publisher, date, kind, URL) and an untagged
 * figure (its normalized value and sourcing).
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { claimMentionsOf, definitionAt, figureAt, spanAt, symbolAt } from '../../core/navigation';
import type { ReconciledMention } from '../../core/reconcile';
import type { ClaimMention, Definition, FigureInfo, SourcingStatus } from '../../core/summary';
import { SIGIL_OF_KIND, type RefKind } from '../../core/syntax';
import type { TextRange } from '../../core/text';
import { toRange } from '../convert';
import { documentAt, type FeatureContext } from '../context';
import { describeQuantity, escapeMarkdown, httpAutolink, humanInterval, humanQuantity, mentionCount } from '../format';

export function hover(context: FeatureContext, params: HoverParams): Hover | null {
  const at = documentAt(context, params.textDocument.uri, params.position);
  if (!at) return null;
  const { summary, offset } = at;
  const card = (markdown: string, range: TextRange): Hover => ({ contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(summary, range) });

  const symbol = symbolAt(summary, offset);
  if (symbol) {
    if (symbol.kind === 'claim' && !symbol.declaration) {
      const span = spanAt(summary, offset);
      const mention = span && claimMentionsOf(summary, span).find((m) => m.id === symbol.id);
      return card(claimCard(context, symbol.id, mention && { uri: at.uri, mention }), symbol.range);
    }
    return card(idCard(context, symbol.kind, symbol.id), symbol.range);
  }

  const figure = figureAt(summary, offset);
  if (figure) return card(figureCard(figure), figure.range);

  const definition = definitionAt(summary, offset);
  if (definition) return card(idCard(context, definition.kind, definition.id), definition.headRange);
  return null;
}

function idCard(context: FeatureContext, kind: RefKind, id: string): string {
  if (kind === 'claim') return claimCard(context, id, undefined);
  const definition = context.workspace.definitions(kind, id)[0]?.definition;
  const title = `**${SIGIL_OF_KIND[kind]}${escapeMarkdown(id)}**`;
  if (!definition) return [`${title} · not defined in the workspace`, mentions(context, kind, id)].join('\n\n');
  return (kind === 'entity' ? entityCard(title, definition) : sourceCard(title, definition)).concat(mentions(context, kind, id)).join('\n\n');
}

const attribute = (definition: Definition, key: string) => definition.attributes.find((a) => a.key === key)?.value;

function entityCard(title: string, definition: Definition): string[] {
  const type = attribute(definition, 'type');
  const aliases = definition.attributes.filter((a) => a.key === 'aka').map((a) => escapeMarkdown(a.value));
  const wikidata = attribute(definition, 'wikidata');
  const links = [
    ...(wikidata && /^Q\d+$/.test(wikidata) ? [`Wikidata: [${wikidata}](https://www.wikidata.org/wiki/${wikidata})`] : []),
    ...httpAutolink(definition.url),
  ];
  return [
    type ? `${title} · ${escapeMarkdown(type)}` : title,
    escapeMarkdown(definition.label),
    ...(aliases.length ? [`Also known as: ${aliases.join(', ')}`] : []),
    ...(links.length ? [links.join(' · ')] : []),
  ];
}

function sourceCard(title: string, definition: Definition): string[] {
  const kind = attribute(definition, 'kind');
  const facts = [
    ['Publisher', attribute(definition, 'publisher')],
    ['Date', attribute(definition, 'date')],
    ['Kind', kind],
  ].flatMap(([name, value]) => (value ? [`${name}: ${escapeMarkdown(value)}`] : []));
  return [
    kind ? `${title} · ${escapeMarkdown(kind)}` : title,
    escapeMarkdown(definition.label),
    ...(facts.length ? [facts.join(' · ')] : []),
    ...httpAutolink(definition.url),
  ];
}

function mentions(context: FeatureContext, kind: RefKind, id: string): string {
  return mentionCount(kind, context.workspace.references(kind, id).length, context.workspace.documentsReferencing(kind, id).length);
}

function sourcing(status: SourcingStatus, sources: readonly string[], speakers: readonly string[]): string {
  if (status === 'cited') return sources.map((s) => `^${s}`).join(', ');
  if (status === 'attributed') return `by ${speakers.map((s) => `@${s}`).join(', ')}`;
  return 'unsourced';
}

/** Rows of the mention table in a claim hover. */
const MAX_HOVER_ROWS = 50;

function claimCard(context: FeatureContext, id: string, here: { uri: string; mention: ClaimMention } | undefined): string {
  const definition = context.workspace.definitions('claim', id)[0]?.definition;
  const title = `**#${escapeMarkdown(id)}** · ${definition ? escapeMarkdown(definition.label) : 'not defined in the workspace'}`;
  const parts = [title];
  if (here) {
    const q = here.mention.quantity;
    const value = q ? describeQuantity(q) : 'no recognizable value';
    parts.push(`This mention: “${escapeMarkdown(here.mention.surface)}” → ${value}`);
  }
  if (!definition) return parts.join('\n\n');

  const reconciliation = context.workspace.reconcile(id);
  if (!reconciliation.mentions.length) return [...parts, 'No mentions in the workspace'].join('\n\n');
  const unit = reconciliation.unit;
  const count = `${reconciliation.mentions.length} mention${reconciliation.mentions.length === 1 ? '' : 's'}`;
  switch (reconciliation.status) {
    case 'consistent':
    case 'single':
      parts.push(
        `Reconciled: **${reconciliation.status}** · ≈ ${humanQuantity(reconciliation.point!, unit!)} (${humanInterval(reconciliation.interval!, unit)}) from ${count}`,
      );
      break;
    case 'conflict':
      parts.push(`Reconciled: **conflict** · the intervals of ${count} do not intersect`);
      break;
    case 'unparsed':
      parts.push(`Reconciled: **no value** · none of ${count} has a usable value`);
      break;
  }
  const isHere = (m: ReconciledMention) => here !== undefined && m.uri === here.uri && m.mention.spanRange.start === here.mention.spanRange.start;
  // A hover is read, not scrolled: this mention and the disagreeing ones first, then the rest up to a cap.
  const priority = reconciliation.mentions.filter((m) => isHere(m) || m.disagreesWith.length).slice(0, MAX_HOVER_ROWS);
  const shown = new Set(priority);
  for (const m of reconciliation.mentions) {
    if (shown.size >= MAX_HOVER_ROWS) break;
    shown.add(m);
  }
  const rows = reconciliation.mentions.filter((m) => shown.has(m)).map((m) => {
    const interval = m.interval ? humanInterval(m.interval, unit) + (m.disagreesWith.length ? ' ⚠' : '') : m.excluded === 'unit-mismatch' ? `${m.mention.quantity?.unit} (not convertible)` : 'no value';
    const text = escapeMarkdown(m.mention.surface);
    return `| ${escapeMarkdown(context.displayName(m.uri))} | ${isHere(m) ? `**${text}**` : text} | ${interval} | ${escapeMarkdown(sourcing(m.mention.status, m.mention.sources, m.mention.speakers))} |`;
  });
  parts.push(['| Article | Text | Interval | Source |', '|---|---|---|---|', ...rows].join('\n'));
  const hidden = reconciliation.mentions.length - shown.size;
  if (hidden > 0) parts.push(`…and ${hidden} more mention${hidden === 1 ? '' : 's'} (Find All References or the Claims view lists them all)`);
  return parts.join('\n\n');
}

function figureCard(figure: FigureInfo): string {
  const lines = [
    `**Figure** “${escapeMarkdown(figure.text)}” → ${describeQuantity(figure)}`,
    `Sourcing: ${escapeMarkdown(sourcing(figure.status, figure.sources, figure.speakers))}`,
  ];
  if (figure.conversion) lines.push(`Stated conversion: ${humanQuantity(figure.conversion.value, figure.conversion.unit)}`);
  return lines.join('\n\n');
}

