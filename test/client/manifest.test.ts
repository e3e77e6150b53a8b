/**
 * The extension's manifest (package.json `contributes`) and language
 * configuration agree with the code: every diagnostic code has a rule
 * setting, every contributed command is registered, referenced files exist.
 * Paths are relative to the repository root, where `npm test` runs.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../server/src/core/diagnosticCodes';
import { SYNTAX_TOKEN_MODIFIERS, SYNTAX_TOKEN_TYPES } from '../../server/src/core/navigation';

interface SettingSchema {
  readonly enum?: readonly string[];
  readonly markdownDescription?: string;
  readonly properties?: Record<string, SettingSchema>;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const manifest = readJson('package.json');
const contributes = manifest.contributes;

test('factmark.rules has a setting for every diagnostic code, with its default severity', () => {
  const rules: SettingSchema = contributes.configuration.properties['factmark.rules'];
  const render = (entries: [string, string[], string][]) => entries.map(([code, levels, description]) => `${code}: ${levels.join('|')} — ${description}`).join('\n');
  assert.equal(
    render(Object.entries(rules.properties ?? {}).map(([code, schema]) => [code, [...(schema.enum ?? [])], schema.markdownDescription ?? ''])),
    render(Object.entries(DIAGNOSTIC_CODES).map(([code, { severity, summary }]) => [code, ['off', 'hint', 'info', 'warning', 'error'], `${summary} Default: \`${severity}\`.`])),
  );
});

test('every setting has a description and every contributed command is registered by the client', () => {
  const undescribed = Object.entries(contributes.configuration.properties as Record<string, SettingSchema>)
    .filter(([, schema]) => !schema.markdownDescription)
    .map(([name]) => name);
  assert.deepEqual(undescribed, []);

  const clientSources = readdirSync('client/src').map((name) => readFileSync(join('client/src', name), 'utf8'));
  const registered = clientSources.flatMap((source) => [...source.matchAll(/registerCommand\('([^']+)'/g)].map((match) => match[1])).sort();
  const contributed = (contributes.commands as { command: string; title: string; category: string }[]).map((c) => `${c.category}: ${c.title} (${c.command})`);
  assert.equal(
    contributed.join('\n'),
    [
      'Factmark: Restart Language Server (factmark.restartServer)',
      'Factmark: Show Claims Report (factmark.showClaimsReport)',
      'Factmark: Go to Next Unsourced Figure (factmark.nextUnsourced)',
      'Factmark: Go to Previous Unsourced Figure (factmark.previousUnsourced)',
      'Factmark: Refresh Claims (factmark.claims.refresh)',
      'Factmark: Show Only Claims in Conflict (factmark.claims.filterConflicts)',
      'Factmark: Show Claims of Every Status (factmark.claims.unfilterConflicts)',
      'Factmark: Show Only Unsourced Mentions (factmark.claims.filterUnsourced)',
      'Factmark: Show Sourced Mentions Too (factmark.claims.unfilterUnsourced)',
      'Factmark: Show References (factmark.showReferences)',
    ].join('\n'),
  );
  assert.deepEqual(registered, (contributes.commands as { command: string }[]).map((c) => c.command).sort());
});

test('the language, grammar and activation agree', () => {
  const [language] = contributes.languages;
  const [grammar] = contributes.grammars;
  const grammarFile = readJson(grammar.path);
  const facts = [
    `language ${language.id} ${language.extensions.join(',')} configuration exists: ${existsSync(language.configuration)}`,
    `grammar ${grammar.language} ${grammar.scopeName} = file ${grammarFile.scopeName}`,
    `activation ${manifest.activationEvents.join(' ')}`,
    `main ${manifest.main}`,
  ];
  assert.equal(
    facts.join('\n'),
    [
      'language factmark .fmk configuration exists: true',
      'grammar factmark text.factmark = file text.factmark',
      'activation onLanguage:factmark workspaceContains:**/*.fmk workspaceContains:**/factmark.json',
      'main ./dist/client.js',
    ].join('\n'),
  );
});

test('wordPattern takes ids with - . _ as one word, without sigils or sentence punctuation', () => {
  const { wordPattern } = readJson('language-configuration.json');
  const samples = [
    '[$95 billion]{#cn-ca-trade-2024 ^xinhua-0617}',
    'by=@tokayev, [^a.b_c-2].',
    'Trade rose 15.6 percent in 2024.',
    '«Turnover reached a record», he said-',
  ];
  const actual = samples.map((sample) => [...sample.matchAll(new RegExp(wordPattern, 'g'))].map((match) => match[0]).join(' / '));
  assert.equal(
    actual.join('\n'),
    [
      '95 / billion / cn-ca-trade-2024 / xinhua-0617',
      'by / tokayev / a.b_c-2',
      'Trade / rose / 15.6 / percent / in / 2024',
      'Turnover / reached / a / record / he / said',
    ].join('\n'),
  );
});

test('every custom semantic token type and modifier the server uses is contributed (standard ones excepted)', () => {
  const standardTypes = new Set(['comment']);
  const standardModifiers = new Set(['declaration']);
  assert.deepEqual(
    contributes.semanticTokenTypes.map((t: { id: string }) => t.id),
    SYNTAX_TOKEN_TYPES.filter((t) => !standardTypes.has(t)),
  );
  assert.deepEqual(
    contributes.semanticTokenModifiers.map((m: { id: string }) => m.id),
    SYNTAX_TOKEN_MODIFIERS.filter((m) => !standardModifiers.has(m)),
  );
});
