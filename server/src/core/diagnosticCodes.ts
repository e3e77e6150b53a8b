/**
 * The one table of diagnostic codes. Codes are stable: users put them in
 * `factmark.json` `rules`, CI filters on them, SARIF rule ids are these strings.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleSetting = Severity | 'off';

export const DIAGNOSTIC_CODES = {
  syntax: { severity: 'error', summary: 'Malformed markup.' },
  'undefined-entity': { severity: 'error', summary: 'Reference to an entity id with no definition in the workspace.' },
  'undefined-claim': { severity: 'error', summary: 'Reference to a claim id with no definition in the workspace.' },
  'undefined-source': { severity: 'error', summary: 'Citation of a source id with no definition in the workspace.' },
  'duplicate-definition': { severity: 'error', summary: 'The same id is defined more than once.' },
  'unused-definition': { severity: 'hint', summary: 'Defined but never referenced.' },
  'unsourced-figure': { severity: 'warning', summary: 'A figure that is neither cited nor attributed.' },
  'uncited-figure': { severity: 'info', summary: 'A figure attributed to a speaker but not cited.' },
  'claim-conflict': { severity: 'warning', summary: "The claim's mentions give values whose intervals do not intersect." },
  'claim-no-value': { severity: 'error', summary: 'A span tagged as a claim has no recognizable figure and no value=.' },
  'unit-mismatch': { severity: 'warning', summary: "A claim mention's unit cannot be converted to the claim's unit." },
  'conversion-mismatch': { severity: 'warning', summary: 'A stated conversion disagrees with the configured rate.' },
  'untagged-alias': { severity: 'hint', summary: 'A known alias of an entity appears untagged.' },
  'front-matter': { severity: 'error', summary: 'Front matter violates its schema.' },
  config: { severity: 'error', summary: 'factmark.json violates its schema.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export const ALL_CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, code);
}

/** Effective severity: `rules` overrides win over the table's default. */
export function severityOf(code: DiagnosticCode, rules: Partial<Record<DiagnosticCode, RuleSetting>>): RuleSetting {
  return rules[code] ?? DIAGNOSTIC_CODES[code].severity;
}
