/**
 * The final diagnostics of a document: the workspace's diagnostics, untagged
 * alias hints where the text is at hand, and severities from the rules.
 * The CLI and the language server both report exactly this.
 */
import { severityOf, type DiagnosticCode, type RuleSetting, type Severity } from './diagnosticCodes';
import type { CoreDiagnostic } from './summary';
import { untaggedAliasDiagnostics, type Workspace } from './workspace';

export interface ResolvedDiagnostic extends CoreDiagnostic {
  readonly severity: Severity;
}

export type RuleOverrides = Partial<Record<DiagnosticCode, RuleSetting>>;

export function documentDiagnostics(workspace: Workspace, uri: string, text?: string, overrides: RuleOverrides = {}): ResolvedDiagnostic[] {
  const summary = workspace.summary(uri);
  if (!summary) return [];
  const all = workspace.diagnostics(uri);
  if (text !== undefined) all.push(...untaggedAliasDiagnostics(text, summary, workspace.aliasTable()));
  const rules = { ...workspace.config.rules, ...overrides };
  const resolved: ResolvedDiagnostic[] = [];
  for (const diagnostic of all) {
    const severity = severityOf(diagnostic.code, rules);
    if (severity !== 'off') resolved.push({ ...diagnostic, severity });
  }
  return resolved.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
}
