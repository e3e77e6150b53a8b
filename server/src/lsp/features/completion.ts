/**
 * Completion of ids after `@`, `#`, `^` (in `{…}`, `by=@`, `[^…`, definition
 * heads, front matter) and of attribute keys and values inside `{…}`.
 * Ids are filtered by the typed prefix (prefix matches first, then substring
 * matches) and capped, with `isIncomplete` so the client asks again as the
 * user types: a workspace of 20,000 ids answers as fast as one of 20.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Range,
} from 'vscode-languageserver';
import { completionContextAt, type AttributeOwner } from '../../core/navigation';
import { SIGIL_OF_KIND, type RefKind } from '../../core/syntax';
import { canonicalUri, toOffset, toRange } from '../convert';
import { lowerBound, type FeatureContext } from '../context';
import { escapeMarkdown } from '../format';

export const MAX_COMPLETION_ITEMS = 200;

const ID_ITEM_KIND: Record<RefKind, CompletionItemKind> = {
  entity: CompletionItemKind.Constant,
  claim: CompletionItemKind.Variable,
  source: CompletionItemKind.Reference,
};

interface AttributeDoc {
  readonly key: string;
  readonly doc: string;
  /** Quoted values get `key="…"`. */
  readonly quoted?: boolean;
  readonly values?: readonly string[];
}

const ATTRIBUTE_KEYS: Record<AttributeOwner, readonly AttributeDoc[]> = {
  span: [
    { key: 'by', doc: 'The speaker the figure is attributed to: `by=@id` (an entity).' },
    { key: 'value', doc: 'The quantity, when the text has none the recognizer can read: `value="95e9 USD"`.', quoted: true },
    { key: 'asof', doc: 'The date or period the figure refers to: `asof=2024`.' },
    { key: 'note', doc: 'A free-text note for editors: `note="…"`.', quoted: true },
  ],
  entity: [
    { key: 'type', doc: 'What the entity is.', values: ['person', 'org', 'place', 'country', 'document', 'event', 'project', 'other'] },
    { key: 'aka', doc: 'Another name the entity goes by (repeat for several): `aka="Head of State"`.', quoted: true },
    { key: 'wikidata', doc: 'The Wikidata item: `wikidata=Q12345`.' },
    { key: 'url', doc: 'A page about the entity: `url=https://…`.' },
  ],
  claim: [
    { key: 'unit', doc: 'The unit mentions are reconciled in: an ISO 4217 currency (`USD`), `%`, `pp`, `km`, or a counted noun.', values: ['USD', 'EUR', 'CNY', '%', 'pp', 'km'] },
    { key: 'period', doc: 'The period the claim covers: `period=2024`.' },
    { key: 'tolerance', doc: 'Extra relative tolerance when reconciling mentions: `tolerance=5%`.' },
  ],
  source: [
    { key: 'date', doc: 'Publication date, `YYYY-MM-DD`.' },
    { key: 'publisher', doc: 'Who published it: `publisher="Xinhua"`.', quoted: true },
    { key: 'kind', doc: 'What kind of source it is.', values: ['article', 'report', 'statement', 'dataset'] },
    { key: 'url', doc: 'Where it can be read, when not given as `<https://…>`.' },
  ],
};

const articles = (count: number) => `${count} article${count === 1 ? '' : 's'}`;

export function completion(context: FeatureContext, params: CompletionParams): CompletionList | null {
  const uri = canonicalUri(params.textDocument.uri);
  const summary = context.documents.summary(uri);
  const text = context.documents.text(uri);
  if (!summary || text === undefined) return null;
  const typed = completionContextAt(text, summary, toOffset(summary, params.position));
  if (!typed) return null;
  const range = toRange(summary, typed.range);
  switch (typed.type) {
    case 'id':
      return idCompletions(context, typed.kind, typed.prefix, range, typed.definitionHead);
    case 'attribute-key':
      return { isIncomplete: false, items: attributeKeyItems(context, typed.owner, range) };
    case 'attribute-value': {
      const values = ATTRIBUTE_KEYS[typed.owner].find((a) => a.key === typed.key)?.values ?? [];
      return { isIncomplete: false, items: values.map((value) => ({ label: value, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: value } })) };
    }
  }
}

/**
 * Defined ids of a kind matching the prefix; in a definition head, the ids
 * that are referenced but not defined yet (what a new definition is for).
 */
function idCompletions(context: FeatureContext, kind: RefKind, prefix: string, range: Range, definitionHead: boolean): CompletionList {
  const { workspace } = context;
  // Prefix matches first (a binary search in the sorted ids), then ids that merely contain the prefix.
  const pool = definitionHead ? [...workspace.ids(kind)].filter((id) => !workspace.isDefined(kind, id)).sort() : context.documents.definedIds(kind);
  // The ids starting with the prefix are the ones from the first id ≥ prefix to the first id ≥ prefix + U+FFFF.
  const first = lowerBound(pool, prefix);
  const end = lowerBound(pool, `${prefix}\uffff`, first);
  const chosen = pool.slice(first, Math.min(end, first + MAX_COMPLETION_ITEMS));
  let total = end - first;
  // Substring matches only matter while the list has room: past the cap the client asks again anyway.
  if (prefix && chosen.length < MAX_COMPLETION_ITEMS) {
    for (const id of pool) {
      if (!id.startsWith(prefix) && id.includes(prefix)) {
        total++;
        if (chosen.length < MAX_COMPLETION_ITEMS) chosen.push(id);
      }
    }
  }
  const items = chosen.map((id, rank): CompletionItem => {
    const definition = definitionHead ? undefined : workspace.definitions(kind, id)[0]?.definition;
    const attributes = definition?.attributes.map((a) => `${a.key}=${a.value}`).join(' ');
    return {
      label: id,
      kind: ID_ITEM_KIND[kind],
      detail: definition?.label ?? `not defined yet (used in ${articles(workspace.documentsReferencing(kind, id).length)})`,
      documentation: definition && {
        kind: MarkupKind.Markdown,
        value: [`**${SIGIL_OF_KIND[kind]}${escapeMarkdown(id)}** · ${escapeMarkdown(definition.label)}`, ...(attributes ? [`\`${attributes.replace(/`/g, "'")}\``] : [])].join('\n\n'),
      },
      textEdit: { range, newText: id },
      filterText: id,
      sortText: String(rank).padStart(4, '0'),
    };
  });
  return { isIncomplete: total > items.length, items };
}

function attributeKeyItems(context: FeatureContext, owner: AttributeOwner, range: Range): CompletionItem[] {
  const snippets = context.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  return ATTRIBUTE_KEYS[owner].map(({ key, doc, quoted }) => ({
    label: key,
    kind: CompletionItemKind.Property,
    documentation: { kind: MarkupKind.Markdown, value: doc },
    textEdit: { range, newText: quoted && snippets ? `${key}="$1"` : `${key}=` },
    ...(quoted && snippets ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
  }));
}
