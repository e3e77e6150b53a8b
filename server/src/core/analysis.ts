/**
 * The final diagnostics of a document: the workspace's diagnostics, untagged
 * alias hints where the text is at hand, and severities from the rules.
 * The CLI and the language server both report exactly this.
 */
import { severityOf, type DiagnosticCode, type RuleSetting, type Severity } from './diagnosticCodes';
import type { CoreDiagnostic } from './summary';
import { untaggedAliasDiagnostics, type DiagnosticsBatch, type Workspace } from './workspace';

export interface ResolvedDiagnostic extends CoreDiagnostic {
  readonly severity: Severity;
}

export type RuleOverrides = Partial<Record<DiagnosticCode, RuleSetting>>;

/** A document's diagnostics with severities applied; `batch` when diagnosing many documents in a row (see DiagnosticsBatch). */
export function documentDiagnostics(workspace: Workspace, uri: string, text?: string, overrides: RuleOverrides = {}, batch?: DiagnosticsBatch): ResolvedDiagnostic[] {
  const summary = workspace.summary(uri);
  if (!summary) return [];
  const all = workspace.diagnostics(uri, batch);
  if (text !== undefined) all.push(...untaggedAliasDiagnostics(text, summary, workspace.aliasTable()));
  const rules = { ...workspace.config.rules, ...overrides };
  const resolved: ResolvedDiagnostic[] = [];
  for (const { code, message, range, related, unnecessary, data } of all) {
    const severity = severityOf(code, rules);
    // Field by field: a spread of diagnostics of several shapes is many times slower, and a workspace has many diagnostics.
    if (severity !== 'off') resolved.push({ code, message, range, related, unnecessary, data, severity });
  }
  return resolved.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
}
