/**
 * Security: the language server and the CLI make no network request, start
 * no process and run no code from the workspace; they read no file outside
 * the workspace because a document or factmark.json names one; hover and
 * completion Markdown cannot smuggle in HTML or command links; document
 * links are http(s) only; and the extension's manifest is honest about
 * untrusted workspaces.
 *
 * The server and CLI run with guard.ts preloaded (through NODE_OPTIONS),
 * which blocks and records every network and process API and records every
 * file opened for reading; the tests read its log afterwards.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, DocumentLink, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text';
import { TestClient } from '../lsp/client';
import { parseFixture } from '../support/fixture';
import type { GuardRecord } from './guard';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.js');
const GUARD = join(__dirname, 'guard.js');

/** markdown-it renders hovers in VS Code (it is installed with markdownlint-cli2 and ships no types). */
const MarkdownIt = require('markdown-it') as new (options: { html: boolean; linkify: boolean }) => { render(markdown: string): string };
/** The most permissive renderer a client could use: raw HTML allowed, bare URLs linked. */
const permissive = new MarkdownIt({ html: true, linkify: true });

const PAYLOAD_HTML = '<img src=x onerror=alert(1)>';
const PAYLOAD_LINK = '[x](command:workbench.action.quit)';

/** A workspace full of hostile names, URLs, config entries and would-be code. */
const HOSTILE = `
  //- /factmark.json
  { "$schema": "https://schemas.invalid/factmark.json", "exclude": ["../../etc", "/etc", "../outside"] }
  //- /factmark.js
  require('fs').writeFileSync(__dirname + '/RAN-factmark.js', 'factmark.js ran');
  //- /factmark.cjs
  require('fs').writeFileSync(__dirname + '/RAN-factmark.cjs', 'factmark.cjs ran');
  //- /factmark.mjs
  import { writeFileSync } from 'node:fs'; writeFileSync(new URL('./RAN-factmark.mjs', import.meta.url), 'factmark.mjs ran');
  //- /registry.fmk
  [@evil]: ${PAYLOAD_HTML} ${PAYLOAD_LINK} {type=person aka="<script>alert(1)</script>" aka="[y](command:workbench.action.quit)" url="https://example.org/>[z](command:workbench.action.quit)"}
  [@local]: Local file {url=file:///etc/passwd wikidata=Q1}
  [^src]: ${PAYLOAD_LINK} <https://example.org/a> {publisher="<b onmouseover=alert(1)>P</b>" kind=article}
  [^js]: Script <javascript:alert(1)>
  [^file]: File <file:///etc/passwd>
  [^cmd]: Command <command:workbench.action.quit>
  [^rel]: Relative <../../../../etc/passwd>
  [#c]: ${PAYLOAD_HTML} claim {unit=USD}
  //- /a.fmk
  ---
  title: "${PAYLOAD_HTML}"
  url: javascript:alert(1)
  ---
  [${PAYLOAD_HTML}]{@evil} said [$5 billion]{#c ^src} [^js] [^file] [^cmd] [^rel].
  ${PAYLOAD_LINK} [$6 billion]{#c by=@evil url=file:///etc/passwd} and [<script>]{@local}.
  <!-- ${PAYLOAD_HTML} -->
`;

/** Runs `start` with guard.ts preloaded into the processes it spawns, logging to a fresh file. */
function guardedEnvironment(): { env: NodeJS.ProcessEnv; log: string; cleanup: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'factmark-guard-'));
  const log = join(folder, 'guard.jsonl');
  return { env: { ...process.env, NODE_OPTIONS: `--require ${JSON.stringify(GUARD)}`, FACTMARK_GUARD_LOG: log }, log, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

function guardRecords(log: string): GuardRecord[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as GuardRecord) : [];
}

/**
 * What the guard saw that it should not have: any network or process attempt,
 * and any read outside the workspace other than the product's own bundle and
 * a factmark.json in a folder above the workspace (looked up by design).
 */
function violations(records: readonly GuardRecord[], workspace: string): string {
  const inside = (path: string, folder: string) => path === folder || path.startsWith(folder + sep);
  return records
    .filter((r) => {
      if (r.kind !== 'read') return true;
      const path = resolve(r.detail.startsWith('file:') ? fileURLToPath(r.detail) : r.detail);
      const ancestorConfig = path.endsWith(`${sep}factmark.json`) && inside(workspace, dirname(path));
      return !(inside(path, workspace) || inside(path, join(ROOT, 'dist')) || ancestorConfig);
    })
    .map((r) => `${r.kind} ${r.what} ${r.detail}`)
    .join('\n');
}

/** HTML tags and link targets a Markdown text renders to, beyond plain formatting and http(s) links. */
function unsafeMarkup(markdown: string): string[] {
  const html = permissive.render(markdown);
  const allowed = new Set(['p', 'strong', 'em', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr', 'a', 'ul', 'ol', 'li']);
  const problems: string[] = [];
  for (const [, closing, name, attributes] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    if (!allowed.has(name.toLowerCase())) problems.push(`<${name}> element`);
    else if (closing) continue;
    else if (name === 'a' && !/^ href="https?:\/\/[^"]*"$/.test(attributes)) problems.push(`link${attributes}`);
    else if (name !== 'a' && attributes.trim() !== '' && !/^ style="text-align:(left|right|center)"$/.test(attributes)) problems.push(`<${name}${attributes}>`);
  }
  return problems;
}

describe('the language server on a hostile workspace', () => {
  let client: TestClient;
  let guard: ReturnType<typeof guardedEnvironment>;
  const markdown = new Map<string, string>();
  let links: string[] = [];

  before(async () => {
    guard = guardedEnvironment();
    const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, FACTMARK_GUARD_LOG: process.env.FACTMARK_GUARD_LOG };
    // TestClient spawns the server with this process's environment.
    Object.assign(process.env, { NODE_OPTIONS: guard.env.NODE_OPTIONS, FACTMARK_GUARD_LOG: guard.log });
    try {
      client = await TestClient.start({ fixture: HOSTILE });
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    // Every feature, everywhere: hovers and completions at every position, links, lenses, actions, symbols, reports.
    for (const path of ['/a.fmk', '/registry.fmk']) {
      await client.open(path);
      const uri = client.uri(path);
      const text = client.text(path);
      const index = LineIndex.of(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const position = index.positionAt(offset);
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
        if (hover) {
          const contents = hover.contents as MarkupContent;
          assert.deepEqual(Object.keys(contents).sort(), ['kind', 'value'], 'hover contents are plain MarkupContent (nothing marks them trusted)');
          markdown.set(contents.value, `hover ${path}:${position.line + 1}:${position.character + 1}`);
        }
        const completion = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position });
        for (const item of (Array.isArray(completion) ? completion : (completion?.items ?? []))) {
          const documentation = item.documentation;
          if (documentation && typeof documentation !== 'string') markdown.set(documentation.value, `completion ${item.label} at ${path}:${position.line + 1}:${position.character + 1}`);
        }
      }
      const whole = { start: index.positionAt(0), end: index.positionAt(text.length) };
      links.push(...((await client.request<DocumentLink[] | null>('textDocument/documentLink', { textDocument: { uri } })) ?? []).map((l) => `${path} ${l.target}`));
      for (const method of ['textDocument/codeLens', 'textDocument/inlayHint', 'textDocument/documentSymbol', 'textDocument/semanticTokens/full', 'textDocument/foldingRange']) {
        await client.request(method, { textDocument: { uri }, range: whole });
      }
      await client.request('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: client.latestDiagnostics(path) } });
    }
    await client.request('workspace/symbol', { query: '' });
    await client.request('factmark/claims', {});
    links = links.sort();
  });
  after(async () => {
    await client.shutdown();
    guard.cleanup();
  });

  test('makes no network request, starts no process, reads nothing outside the workspace', async () => {
    await client.request('factmark/status');
    assert.equal(violations(guardRecords(guard.log), client.root), '');
    assert.ok(guardRecords(guard.log).some((r) => r.kind === 'read' && r.detail.endsWith('registry.fmk')), 'the guard saw the server read the workspace');
  });

  test('loads no code from the workspace: factmark.js/.cjs/.mjs are neither run nor read', () => {
    assert.deepEqual(['RAN-factmark.js', 'RAN-factmark.cjs', 'RAN-factmark.mjs'].filter((name) => existsSync(join(client.root, name))), []);
    assert.deepEqual(guardRecords(guard.log).filter((r) => /factmark\.[cm]?js$/.test(r.detail)).map((r) => r.detail), []);
  });

  test('hover and completion Markdown renders to no HTML element, event handler or non-http link', () => {
    assert.ok(markdown.size > 5, `only ${markdown.size} hover/completion texts collected`);
    const problems = [...markdown].flatMap(([value, where]) => unsafeMarkup(value).map((p) => `${where}: ${p}\n${value}`));
    assert.equal([...new Set(problems)].join('\n\n'), '');
  });

  test('hostile names are shown escaped, as text', () => {
    const all = [...markdown.keys()].join('\n');
    assert.ok(all.includes('\\<img src=x onerror=alert(1)\\>'), 'the <img> payload appears escaped');
    assert.ok(all.includes('\\[x\\](command:workbench.action.quit)'), 'the command link payload appears escaped');
  });

  test('document links only for http(s) URLs', () => {
    assert.ok(links.length > 0, 'the http(s) URLs get links');
    assert.deepEqual(links.filter((link) => !/^\/\S+ https?:\/\//.test(link)), []);
  });
});

describe('the CLI on a hostile workspace', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'factmark-hostile-'));
    for (const file of parseFixture(HOSTILE).files) {
      mkdirSync(dirname(join(folder, file.path)), { recursive: true });
      writeFileSync(join(folder, file.path), file.text);
    }
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  for (const args of [['check', '.', '--format', 'json'], ['check', '.', '--format', 'sarif'], ['claims', '.', '--format', 'html'], ['figures', '.', '--format', 'json']]) {
    test(`factmark ${args.join(' ')}: no network, no process, no read outside, no code run`, () => {
      const guard = guardedEnvironment();
      try {
        const result = spawnSync(process.execPath, [CLI, ...args], { cwd: folder, env: guard.env, encoding: 'utf8' });
        assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
        assert.equal(violations(guardRecords(guard.log), folder), '');
        assert.deepEqual(['RAN-factmark.js', 'RAN-factmark.cjs', 'RAN-factmark.mjs'].filter((name) => existsSync(join(folder, name))), []);
        if (args.includes('html')) {
          const hostileTags = (result.stdout.match(/<[a-zA-Z][^>]*>/g) ?? []).filter((tag) => /^<(img|script|iframe|object|embed|b)\b|\son\w+=/i.test(tag));
          assert.deepEqual(hostileTags, [], 'hostile names are escaped in the HTML report');
        }
      } finally {
        guard.cleanup();
      }
    });
  }
});

describe('the extension manifest and client', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
    contributes?: { configuration?: { properties?: Record<string, unknown> } };
  };

  test('declares support for untrusted workspaces', () => {
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
  });

  test('honestly: no setting names an executable, a path to code or arguments, and the server module is the bundled one', () => {
    const settings = Object.keys(manifest.contributes?.configuration?.properties ?? {});
    const restricted = new Set(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
    assert.deepEqual(settings.filter((name) => /path|command|executable|exec|args|runtime|module|script|node/i.test(name) && !restricted.has(name)), []);
    const client = readFileSync(join(ROOT, 'client/src/extension.ts'), 'utf8');
    assert.match(client, /asAbsolutePath\('dist\/cli\.js'\)/, 'the server is started from the extension folder');
  });

  test('the client never marks server Markdown as trusted or HTML-enabled', () => {
    const folder = join(ROOT, 'client/src');
    const found = readdirSync(folder)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => (readFileSync(join(folder, name), 'utf8').match(/isTrusted|supportHtml|enableCommandUris/g) ?? []).map((match) => `${name}: ${match}`));
    assert.deepEqual(found, []);
  });
});
