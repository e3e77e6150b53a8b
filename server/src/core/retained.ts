/**
 * What a workspace keeps of a file nobody is editing: its summary without
 * the parts only an open document's features read (figures feed hovers,
 * inlay hints and code actions; spans feed code actions and highlighting).
 * Cross-file questions never look at them, and opening the file summarizes
 * its text afresh. Figures and spans are most of a summary's objects, so
 * this is most of what a large workspace costs in memory.
 */
import type { Quantity } from './figureTypes';
import type { ClaimMention, DocumentSummary } from './summary';

export function retainedSummary(summary: DocumentSummary): DocumentSummary {
  return { ...summary, figures: [], spans: [], claimMentions: summary.claimMentions.map(retainedMention) };
}

const NONE: readonly string[] = Object.freeze([]);

/** A mention's value as a bare quantity: the figure it was read from (its text, range, conversion) is not kept. */
function retainedMention(mention: ClaimMention): ClaimMention {
  return {
    ...mention,
    quantity: mention.quantity && bareQuantity(mention.quantity),
    sources: mention.sources.length ? mention.sources : NONE,
    speakers: mention.speakers.length ? mention.speakers : NONE,
  };
}

function bareQuantity({ value, unit, interval, qualifier, qualifierText }: Quantity): Quantity {
  return { value, unit, interval, qualifier, qualifierText };
}
