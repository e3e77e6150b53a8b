/** Builds a core Workspace from a multi-file fixture and renders its results as text. */
import { documentDiagnostics } from '../../server/src/core/analysis';
import { DEFAULT_CONFIG, parseConfig, type FactmarkConfig } from '../../server/src/core/config';
import { claimReport, Locator, sortedClaimIds, type ClaimReport } from '../../server/src/core/reports';
import { spanRangesOf } from '../../server/src/core/retained';
import { summarize, type DocumentSummary } from '../../server/src/core/summary';
import { Workspace } from '../../server/src/core/workspace';
import { annotate, parseFixture, type Fixture } from './fixture';

export const uriOf = (path: string) => `file://${path}`;

export interface FixtureWorkspace {
  readonly fixture: Fixture;
  readonly workspace: Workspace;
}

/** `/factmark.json` in the fixture, when present, is the configuration. */
export function fixtureWorkspace(source: string): FixtureWorkspace {
  const fixture = parseFixture(source);
  const configFile = fixture.files.find((f) => f.path.endsWith('factmark.json'));
  let config: FactmarkConfig = DEFAULT_CONFIG;
  if (configFile) {
    const parsed = parseConfig(configFile.text);
    if (!parsed.ok) throw new Error(`fixture config: ${JSON.stringify(parsed.problems)}`);
    config = parsed.config;
  }
  const workspace = new Workspace(config);
  for (const file of fixture.files) {
    if (file.path.endsWith('.fmk')) workspace.update(uriOf(file.path), summarize(file.text, config));
  }
  return { fixture, workspace };
}

/** Every claim that is defined or mentioned, sorted by id (the CLI and the server stream theirs claim by claim). */
export function claimsReport(workspace: Workspace): ClaimReport[] {
  const locator = new Locator(workspace);
  return sortedClaimIds(workspace).map((id) => claimReport(workspace, id, locator));
}

/** Every file's diagnostics drawn under its lines: `^^^ warning unsourced-figure: …`. */
export function renderDiagnostics({ fixture, workspace }: FixtureWorkspace): string {
  return fixture.files
    .filter((file) => file.path.endsWith('.fmk'))
    .map((file) => {
      const diagnostics = documentDiagnostics(workspace, uriOf(file.path), file.text);
      const body = annotate(
        file.text,
        diagnostics.map((d) => ({
          range: d.range,
          label: `${d.severity} ${d.code}: ${d.message}${(d.related ?? []).map((r) => ` [related ${r.uri.replace('file://', '')}@${r.range.start}: ${r.message}]`).join('')}`,
        })),
      );
      return `//- ${file.path}\n${body}`;
    })
    .join('');
}

/** Every part of a retained summary, as text. */
export function renderParts(summary: DocumentSummary): string {
  return JSON.stringify({
    length: summary.length,
    lineStarts: [...summary.lineStarts],
    title: summary.title ?? null,
    frontMatterRange: summary.frontMatterRange ?? null,
    definitions: summary.definitions.map((d) => ({ ...d, range: d.range, headRange: d.headRange, idRange: d.idRange, urlRange: d.urlRange, attributes: d.attributes })),
    references: summary.references,
    claimMentions: summary.claimMentions,
    diagnostics: summary.diagnostics,
    spanRanges: spanRangesOf(summary),
    commentRanges: summary.commentRanges,
    malformedDefinitionRanges: summary.malformedDefinitionRanges,
  }, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
}
