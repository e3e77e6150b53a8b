/** Words shared by the claims table and the claims page. */
import type { ClaimMentionReport, ClaimReport, ReportLocation } from '../core/reports';
import { quantityText } from './format';
import type { PathDisplay } from './load';

/** `file:line` of a location, as the table and CSV cite mentions. */
export function fileLine(display: PathDisplay, location: ReportLocation): string {
  return `${display.ofUri(location.uri)}:${location.line}`;
}

/** How a mention is sourced, for people: `^xinhua-0617`, `by @tokayev`, `unsourced`. */
export function sourcingText(mention: ClaimMentionReport): string {
  if (mention.sources.length) return mention.sources.map((s) => `^${s}`).join(' ');
  if (mention.speakers.length) return `by ${mention.speakers.map((s) => `@${s}`).join(' ')}`;
  return 'unsourced';
}

/** The reconciled value of a claim in words: `≈ 95 billion USD`, `no common value`. */
export function reconciledText(claim: ClaimReport): string {
  switch (claim.status) {
    case 'conflict':
      return 'no common value';
    case 'unparsed':
      return 'no value';
    default:
      return claim.point === null ? '' : `≈ ${quantityText(claim.point, claim.unit)}`;
  }
}
