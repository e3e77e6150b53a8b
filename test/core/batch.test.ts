/**
 * A diagnostics batch (bulk publish, `factmark check`) reconciles each claim
 * once for all its documents and keeps only what documents have yet to take:
 * every document's diagnostics must be those it gets on its own, whatever the
 * order, when a document is asked twice, and when the workspace changes midway.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { documentDiagnostics } from '../../server/src/core/analysis';
import { retainedSummary } from '../../server/src/core/retained';
import { summarize, type DocumentSummary } from '../../server/src/core/summary';
import type { DiagnosticsBatch, Workspace } from '../../server/src/core/workspace';
import { fixtureWorkspace, uriOf } from '../support/workspace';

const WORKSPACE = `
  //- /registry.fmk
  [#trade]: Trade in 2024 {unit=USD}
  [#share]: Rail's share {unit=%}
  [#grant]: Grant {unit=USD}
  [^s]: Source <https://example.org/s>
  //- /a.fmk
  Trade reached [$95 billion]{#trade ^s}; rail carried [40%]{#share ^s}. Also [$95 billion or $150 billion]{#trade #trade ^s}.
  //- /b.fmk
  Trade reached [more than $120 billion]{#trade ^s}; the share was [12 tonnes]{#share ^s}.
  //- /c.fmk
  Trade reached [nearly $100 billion]{#trade}, and a grant of [$208 million]{#grant ^s} and [a levy]{#levy ^s}.
  //- /d.fmk
  The share was [about 40%]{#share ^s} and [$90 billion]{#trade ^s}.
`;

const PATHS = ['/registry.fmk', '/a.fmk', '/b.fmk', '/c.fmk', '/d.fmk'];

/** One document's diagnostics as text, related locations included. */
function rendered(workspace: Workspace, path: string, batch?: DiagnosticsBatch): string {
  return documentDiagnostics(workspace, uriOf(path), undefined, {}, batch)
    .map((d) => `${path} ${d.range.start}-${d.range.end} ${d.code}: ${d.message}${(d.related ?? []).map((r) => ` [${r.uri}@${r.range.start}-${r.range.end}: ${r.message}]`).join('')}`)
    .join('\n');
}

function workspaceOf(keep: (summary: DocumentSummary) => DocumentSummary): Workspace {
  const { fixture, workspace } = fixtureWorkspace(WORKSPACE);
  for (const file of fixture.files) workspace.update(uriOf(file.path), keep(summarize(file.text, workspace.config)));
  return workspace;
}

describe('diagnostics batch', () => {
  const summaries: [string, (summary: DocumentSummary) => DocumentSummary][] = [
    ['full summaries', (summary) => summary],
    ['retained summaries', retainedSummary],
  ];
  const orders: [string, string[]][] = [
    ['in path order', PATHS],
    ['in reverse order', [...PATHS].reverse()],
    ['with documents asked twice', ['/a.fmk', '/b.fmk', '/a.fmk', '/registry.fmk', '/c.fmk', '/b.fmk', '/d.fmk', '/d.fmk']],
  ];
  for (const [summaryName, keep] of summaries) {
    for (const [orderName, order] of orders) {
      test(`gives each document its own diagnostics: ${summaryName}, ${orderName}`, () => {
        const unbatched = workspaceOf(keep);
        const alone = order.map((path) => rendered(unbatched, path));
        assert.match(alone.join('\n'), /^(?=[^]*claim-conflict)(?=[^]*unit-mismatch)(?=[^]*undefined-claim)/, 'the fixture has every claim diagnostic');
        const workspace = workspaceOf(keep);
        const batch = workspace.diagnosticsBatch();
        assert.deepEqual(
          order.map((path) => rendered(workspace, path, batch)),
          alone,
        );
      });
    }
  }

  test('keeps nothing once every document took its diagnostics', () => {
    const workspace = workspaceOf(retainedSummary);
    const batch = workspace.diagnosticsBatch();
    for (const path of PATHS.slice(0, -1)) rendered(workspace, path, batch);
    assert.ok(batch.pending.size > 0, 'claims of /d.fmk wait for it');
    rendered(workspace, PATHS.at(-1)!, batch);
    assert.equal(batch.pending.size, 0);
  });

  test('forgets, when the workspace changes midway, the claims the change touched and only those', () => {
    const workspace = workspaceOf(retainedSummary);
    const batch = workspace.diagnosticsBatch();
    rendered(workspace, '/a.fmk', batch);
    assert.ok(batch.pending.has('trade') && batch.pending.has('share'));
    // /c.fmk's grant changes value; its #trade mention stays as it was, where it was.
    workspace.update(uriOf('/c.fmk'), summarize('Trade reached [nearly $100 billion]{#trade}, and a grant of [$9 million]{#grant ^s} and [a levy]{#levy ^s}.\n', workspace.config));
    rendered(workspace, '/registry.fmk', batch); // mentions no claim: what is pending after it is what was kept
    assert.ok(batch.pending.has('trade') && batch.pending.has('share'), 'untouched claims are kept');
    // Text before /c.fmk's #trade mention moves it: #trade's diagnostics elsewhere point at it.
    workspace.update(uriOf('/c.fmk'), summarize('So: trade reached [nearly $100 billion]{#trade}, and a grant of [$9 million]{#grant ^s} and [a levy]{#levy ^s}.\n', workspace.config));
    rendered(workspace, '/registry.fmk', batch);
    assert.ok(!batch.pending.has('trade') && batch.pending.has('share'), 'a claim whose mention moved is forgotten');
    const rest = ['/c.fmk', '/d.fmk', '/b.fmk', '/a.fmk'];
    assert.deepEqual(
      rest.map((path) => rendered(workspace, path, batch)),
      rest.map((path) => rendered(workspace, path)),
    );
  });

  test('starts over when the workspace changes midway', () => {
    const workspace = workspaceOf(retainedSummary);
    const batch = workspace.diagnosticsBatch();
    rendered(workspace, '/a.fmk', batch);
    // /d.fmk's value now disagrees with /a.fmk's first one: the batch's verdicts for #trade are stale.
    workspace.update(uriOf('/d.fmk'), summarize('The share was [about 40%]{#share ^s} and [$20 billion]{#trade ^s}.\n', workspace.config));
    // /a.fmk last: asking a document again re-reconciles its claims, which would hide a stale batch.
    const order = ['/registry.fmk', '/b.fmk', '/c.fmk', '/d.fmk', '/a.fmk'];
    const inBatch = order.map((path) => rendered(workspace, path, batch));
    assert.deepEqual(
      inBatch,
      order.map((path) => rendered(workspace, path)),
    );
    assert.match(inBatch.join('\n'), /\$20 billion/);
  });
});
