/**
 * `factmark/claims`: the reconciliation report (reports.ts claimsReport), as
 * `factmark claims --format json` prints it; for a Claims view.
 */
import type { CancellationToken } from 'vscode-languageserver';
import { claimsReport, type ClaimReport } from '../../core/reports';
import { throwIfCancelled, type FeatureContext } from '../context';
import type { CLAIMS_PARAMS } from '../params';
import type { z } from 'zod';

/** The request's params, as params.ts checks them. */
export type ClaimsParams = NonNullable<z.infer<typeof CLAIMS_PARAMS>>;

export function claims(context: FeatureContext, params: ClaimsParams | undefined, token: CancellationToken): ClaimReport[] {
  throwIfCancelled(token);
  const report = claimsReport(context.workspace, params?.ids ? new Set(params.ids) : undefined);
  throwIfCancelled(token);
  return params?.onlyConflicts ? report.filter((claim) => claim.status === 'conflict') : report;
}
