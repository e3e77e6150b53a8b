/**
 * `factmark/claims`: the reconciliation report (reports.ts claimReport of each claim), as
 * `factmark claims --format json` prints it; for a Claims view. It reconciles
 * every claim of the workspace (1.4–1.7 s at 10,000 articles), so it runs in
 * time slices: edits and other requests are handled in between, and a
 * cancelled request stops at the next slice.
 */
import type { CancellationToken } from 'vscode-languageserver';
import type { z } from 'zod';
import { claimReport, Locator, sortedClaimIds, type ClaimReport } from '../../core/reports';
import { throwIfCancelled, type FeatureContext } from '../context';
import type { CLAIMS_PARAMS } from '../params';
import { forEachInTimeSlices } from '../timeSlices';

/** The request's params, as params.ts checks them. */
export type ClaimsParams = NonNullable<z.infer<typeof CLAIMS_PARAMS>>;

export async function claims(context: FeatureContext, params: ClaimsParams | undefined, token: CancellationToken): Promise<ClaimReport[]> {
  throwIfCancelled(token);
  const { workspace } = context;
  const report: ClaimReport[] = [];
  // An edit applied between slices moves lines: each slice locates with the documents as they are then.
  let locator = new Locator(workspace);
  const reportClaim = (id: string) => {
    // Gone meanwhile (its last mention deleted): nothing to report.
    if (!workspace.isDefined('claim', id) && workspace.documentsReferencing('claim', id).length === 0) return;
    const claim = claimReport(workspace, id, locator);
    if (!params?.onlyConflicts || claim.status === 'conflict') report.push(claim);
  };
  await forEachInTimeSlices(sortedClaimIds(workspace, params?.ids ? new Set(params.ids) : undefined), reportClaim, () => !token.isCancellationRequested, () => {
    locator = new Locator(workspace);
  });
  throwIfCancelled(token);
  return report;
}
