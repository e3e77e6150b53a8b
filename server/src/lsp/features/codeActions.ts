/**
 * Quick fixes and source actions:
 * - an unsourced (or uncited) figure: tag it as a claim (`[fig]{#id}` plus a
 *   definition of `#id`), or cite a source (`^id` of a source this article
 *   already cites, or a `^source` placeholder);
 * - an undefined id: append a definition to the workspace's registry.fmk
 *   (else to this file);
 * - an untagged alias: tag it; all untagged aliases of the file at once
 *   (also a source action).
 * Candidates come from the document's summary, so the fixes work even with a
 * rule turned off; the client's diagnostics are only attached to them.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver';
import { figuresIn, spanAt, suggestClaimId } from '../../core/navigation';
import type { DocumentSummary, FigureInfo } from '../../core/summary';
import { SIGIL_OF_KIND, type RefKind } from '../../core/syntax';
import type { TextRange } from '../../core/text';
import { untaggedAliasDiagnostics } from '../../core/workspace';
import { canonicalUri, toOffset, toRange } from '../convert';
import type { FeatureContext } from '../context';
import { workspaceEdit } from './edits';

export const TAG_ALL_ALIASES_KIND = `${CodeActionKind.Source}.factmark.tagAllAliases`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, TAG_ALL_ALIASES_KIND];

/** How many sources the article already cites are offered as ready-made citations. */
const CITATION_CANDIDATES = 3;

function overlaps(a: TextRange, b: TextRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Brackets and backslashes in a span's surface are written escaped. */
function escapeSurface(text: string): string {
  return text.replace(/[\\[\]{}]/g, (c) => `\\${c}`);
}

/**
 * The edit that wraps `range` of `text` in a span `[surface]{items}`. A
 * literal backslash right before the range would escape the new `[`, so it
 * is taken into the edit and written as the escape `\\` (same text, no escape).
 */
function wrapInSpan(summary: DocumentSummary, text: string, range: TextRange, items: string): TextEdit {
  let backslashes = 0;
  while (range.start - backslashes > 0 && text.charCodeAt(range.start - backslashes - 1) === 0x5c) backslashes++;
  const lone = backslashes % 2 === 1;
  const start = lone ? range.start - 1 : range.start;
  return {
    range: toRange(summary, { start, end: range.end }),
    newText: `${lone ? '\\\\' : ''}[${escapeSurface(text.slice(range.start, range.end))}]{${items}}`,
  };
}

/** `cn-ca-trade` → `Cn ca trade`: a placeholder label for a new definition. */
function labelFromId(id: string): string {
  const words = id.split(/[-_.]/).filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Claim units as `unit=` writes them (`count:container` → `container`, a bare count has none). */
function definedUnit(unit: string): string | undefined {
  if (unit === 'count' || unit.endsWith('?')) return undefined;
  return unit.startsWith('count:') ? unit.slice('count:'.length) : unit;
}

export function codeActions(context: FeatureContext, params: CodeActionParams): CodeAction[] | null {
  const uri = canonicalUri(params.textDocument.uri);
  const summary = context.documents.summary(uri);
  const text = context.documents.text(uri);
  if (!summary || text === undefined) return null;
  const range = { start: toOffset(summary, params.range.start), end: toOffset(summary, params.range.end) };
  const wants = (kind: string) => !params.context.only || params.context.only.some((only) => kind === only || kind.startsWith(`${only}.`));
  const diagnosticsFor = (code: string, target: TextRange): Diagnostic[] =>
    params.context.diagnostics.filter(
      (d) => d.source === 'factmark' && d.code === code && overlaps({ start: toOffset(summary, d.range.start), end: toOffset(summary, d.range.end) }, target),
    );
  const actions: CodeAction[] = [];
  const builder = new EditBuilder(context, uri, summary, text);

  if (wants(CodeActionKind.QuickFix)) {
    for (const figure of figuresIn(summary, range)) {
      if (figure.status === 'cited') continue;
      const code = figure.status === 'unsourced' ? 'unsourced-figure' : 'uncited-figure';
      const diagnostics = diagnosticsFor(code, figure.range);
      // A figure already tagged as a claim still needs its source: offer the citation, not another tag.
      const tag = figure.claim ? undefined : builder.tagAsClaim(figure);
      if (tag) actions.push({ title: tag.title, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(context, tag.edits) });
      for (const citation of builder.citations(figure)) {
        actions.push({ title: citation.title, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(context, citation.edits) });
      }
    }
    const offered = new Set<string>();
    for (const reference of summary.references) {
      const key = SIGIL_OF_KIND[reference.kind] + reference.id;
      if (!overlaps(reference.range, range) || offered.has(key) || context.workspace.isDefined(reference.kind, reference.id)) continue;
      offered.add(key);
      const define = builder.define(reference.kind, reference.id);
      actions.push({
        title: define.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: diagnosticsFor(`undefined-${reference.kind}`, reference.range),
        edit: workspaceEdit(context, define.edits),
        isPreferred: true,
      });
    }
  }

  const aliases = untaggedAliasDiagnostics(text, summary, context.workspace.aliasTable());
  const tagAlias = (match: (typeof aliases)[number]): TextEdit => wrapInSpan(summary, text, match.range, `@${match.data!.entity}`);
  const tagAll = (kind: string): CodeAction => ({
    title: `Tag all ${aliases.length} untagged aliases in this file`,
    kind,
    edit: workspaceEdit(context, new Map([[uri, aliases.map(tagAlias)]])),
  });
  if (wants(CodeActionKind.QuickFix)) {
    const here = aliases.filter((a) => overlaps(a.range, range));
    for (const match of here) {
      actions.push({
        title: `Tag “${text.slice(match.range.start, match.range.end)}” as @${match.data!.entity}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: diagnosticsFor('untagged-alias', match.range),
        edit: workspaceEdit(context, new Map([[uri, [tagAlias(match)]]])),
        isPreferred: true,
      });
    }
    if (here.length && aliases.length > 1) actions.push(tagAll(CodeActionKind.QuickFix));
  }
  if (aliases.length && wants(TAG_ALL_ALIASES_KIND) && params.context.only) actions.push(tagAll(TAG_ALL_ALIASES_KIND));
  return actions;
}

interface PlannedEdit {
  readonly title: string;
  readonly edits: Map<string, TextEdit[]>;
}

/** Builds the text edits of the fixes for one document. */
class EditBuilder {
  constructor(
    private readonly context: FeatureContext,
    private readonly uri: string,
    private readonly summary: DocumentSummary,
    private readonly text: string,
  ) {}

  /**
   * Adds attribute items to the figure's span, or wraps the figure in a new
   * span; undefined when the figure straddles markup (no clean edit exists).
   */
  private annotate(figure: FigureInfo, items: string): TextEdit | undefined {
    const span = spanAt(this.summary, figure.range.start);
    if (span) {
      if (figure.range.start < span.surfaceRange.start || figure.range.end > span.surfaceRange.end) return undefined;
      const empty = span.attrsRange.start === span.attrsRange.end;
      return { range: toRange(this.summary, { start: span.attrsRange.end, end: span.attrsRange.end }), newText: empty ? items : ` ${items}` };
    }
    const markup = this.summary.spans.some((s) => overlaps(s.range, figure.range)) || this.summary.references.some((r) => overlaps(r.range, figure.range));
    if (markup) return undefined;
    return wrapInSpan(this.summary, this.text, figure.range, items);
  }

  tagAsClaim(figure: FigureInfo): PlannedEdit | undefined {
    const { workspace } = this.context;
    const id = suggestClaimId(this.text, figure.range, (candidate) => workspace.isDefined('claim', candidate) || workspace.documentsReferencing('claim', candidate).length > 0);
    const edit = this.annotate(figure, `#${id}`);
    if (!edit) return undefined;
    const unit = definedUnit(figure.unit);
    const definition = this.appendDefinition('claim', id, unit ? ` {unit=${unit}}` : '');
    const edits = new Map<string, TextEdit[]>([[this.uri, [edit]]]);
    edits.set(definition.uri, [...(edits.get(definition.uri) ?? []), definition.edit]);
    return { title: `Tag “${figure.text}” as claim #${id} (and define it in ${definition.where})`, edits };
  }

  /** Citations with the sources this article already cites, then a `^source` placeholder. */
  citations(figure: FigureInfo): PlannedEdit[] {
    const cited = [...new Set(this.summary.references.filter((r) => r.kind === 'source').map((r) => r.id))].slice(0, CITATION_CANDIDATES);
    const planned: PlannedEdit[] = [];
    for (const id of [...cited, 'source']) {
      const edit = this.annotate(figure, `^${id}`);
      if (!edit) break;
      const title = cited.includes(id) ? `Cite ^${id} for “${figure.text}”` : `Cite a source for “${figure.text}” (placeholder ^source)`;
      planned.push({ title, edits: new Map([[this.uri, [edit]]]) });
    }
    return planned;
  }

  define(kind: RefKind, id: string): PlannedEdit {
    const unit = kind === 'claim' ? this.summary.claimMentions.find((m) => m.id === id && m.quantity)?.quantity?.unit : undefined;
    const attributes = kind === 'entity' ? ' {type=other}' : unit && definedUnit(unit) ? ` {unit=${definedUnit(unit)}}` : '';
    const definition = this.appendDefinition(kind, id, attributes);
    return { title: `Define ${SIGIL_OF_KIND[kind]}${id} in ${definition.where}`, edits: new Map([[definition.uri, [definition.edit]]]) };
  }

  /** A definition line appended to registry.fmk when the workspace has one, else to this document. */
  private appendDefinition(kind: RefKind, id: string, attributes: string): { uri: string; where: string; edit: TextEdit } {
    const registry = this.context.documents.registryUri(this.uri);
    const target = registry ?? this.uri;
    const summary = registry ? this.context.workspace.summary(registry)! : this.summary;
    const endsWithLineBreak = summary.length === 0 || summary.lineStarts[summary.lineStarts.length - 1] === summary.length;
    const last = summary.definitions[summary.definitions.length - 1];
    // Keep definitions in a block: a blank line first unless the file already ends with one.
    const afterDefinition = last !== undefined && summary.length - last.range.end <= 2;
    const lead = summary.length === 0 ? '' : (endsWithLineBreak ? '' : '\n') + (afterDefinition ? '' : '\n');
    const at = toRange(summary, { start: summary.length, end: summary.length });
    return {
      uri: target,
      where: registry && registry !== this.uri ? registry.slice(registry.lastIndexOf('/') + 1) : 'this file',
      edit: { range: at, newText: `${lead}[${SIGIL_OF_KIND[kind]}${id}]: ${labelFromId(id)}${attributes}\n` },
    };
  }
}
