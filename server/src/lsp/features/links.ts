/** Document links for http(s) URLs: source definitions' `<url>`, `url=` attributes, front matter `url:`, and `wikidata=Q…`. */
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import type { Attribute } from '../../core/syntax';
import type { TextRange } from '../../core/text';
import { canonicalUri, toRange } from '../convert';
import type { FeatureContext } from '../context';
import { isHttpUrl } from '../format';

export function documentLinks(context: FeatureContext, params: DocumentLinkParams): DocumentLink[] | null {
  const uri = canonicalUri(params.textDocument.uri);
  const summary = context.documents.summary(uri);
  const tree = context.documents.tree(uri);
  const text = context.documents.text(uri);
  if (!summary || !tree || text === undefined) return null;
  const links = new Map<number, DocumentLink>();
  /** The value without its quotes, as written in the text. */
  const unquoted = (range: TextRange): TextRange => (/["']/.test(text[range.start] ?? '') && range.end - range.start >= 2 ? { start: range.start + 1, end: range.end - 1 } : range);
  const add = (range: TextRange, target: string) => {
    if (isHttpUrl(target)) links.set(range.start, { range: toRange(summary, range), target });
  };
  const fromAttributes = (attributes: readonly Attribute[]) => {
    for (const attribute of attributes) {
      if (attribute.key === 'url') add(unquoted(attribute.valueRange), attribute.value);
      if (attribute.key === 'wikidata' && /^Q\d+$/.test(attribute.value)) add(unquoted(attribute.valueRange), `https://www.wikidata.org/wiki/${attribute.value}`);
    }
  };
  for (const definition of tree.definitions) {
    if (definition.url) add(text[definition.url.range.start] === '<' ? { start: definition.url.range.start + 1, end: definition.url.range.end - 1 } : definition.url.range, definition.url.value);
    fromAttributes(definition.attributes);
  }
  for (const node of tree.inlines) if (node.type === 'span') fromAttributes(node.attributes);
  for (const field of tree.frontMatter?.fields ?? []) if (field.key === 'url') add(unquoted(field.valueRange), field.value);
  return [...links.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
