import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dedent } from '../support/fixture';
import { fixtureWorkspace, renderDiagnostics } from '../support/workspace';

/** Each case: a multi-file workspace, and every diagnostic it must produce (rendered under the text). */
const cases: { name: string; fixture: string; expected: string }[] = [
  {
    name: 'consistent claim across articles: sourced figures, no conflict',
    fixture: `
      //- /registry.fmk
      [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
      [#trade-2024]: China–Central Asia trade turnover in 2024 {unit=USD period=2024}
      [^times]: Astana Times, "Summit ends", 2025-06-18 <https://example.org/t>
      //- /a.fmk
      Trade reached [nearly $100 billion]{#trade-2024 ^times} last year.
      //- /b.fmk
      «Turnover hit a record [$95 billion]{#trade-2024}», [Tokayev]{@tokayev} said.
    `,
    expected: `
      //- /registry.fmk
      //- /a.fmk
      //- /b.fmk
      1: «Turnover hit a record [$95 billion]{#trade-2024}», [Tokayev]{@tokayev} said.
                                 ^^^^^^^^^^^ info uncited-figure: Figure "$95 billion" is attributed to @tokayev but not cited.
    `,
  },
  {
    name: 'conflicting claim: both mentions get claim-conflict with related information',
    fixture: `
      //- /registry.fmk
      [#trade-2024]: Trade in 2024 {unit=USD}
      [^s]: Source <https://example.org/s>
      //- /a.fmk
      Trade reached [$95 billion]{#trade-2024 ^s}.
      //- /b.fmk
      Trade reached [$80 billion]{#trade-2024 ^s}.
    `,
    expected: `
      //- /registry.fmk
      //- /a.fmk
      1: Trade reached [$95 billion]{#trade-2024 ^s}.
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$80 billion" (76–84 billion USD). [related /b.fmk@14: #trade-2024 is "$80 billion" here]
      //- /b.fmk
      1: Trade reached [$80 billion]{#trade-2024 ^s}.
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$80 billion" (76–84 billion USD) disagrees with "$95 billion" (94.5–95.5 billion USD). [related /a.fmk@14: #trade-2024 is "$95 billion" here]
    `,
  },
  {
    name: 'a reading repeated across articles is named once, with its count; related info gives each reading first',
    fixture: `
      //- /registry.fmk
      [#trade-2024]: Trade in 2024 {unit=USD}
      [^s]: Source <https://example.org/s>
      //- /a.fmk
      Trade reached [$60 billion]{#trade-2024 ^s}.
      //- /b.fmk
      [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s}
      [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s}
      [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s}
      //- /c.fmk
      Trade reached [$80 billion]{#trade-2024 ^s}.
    `,
    expected: `
      //- /registry.fmk
      //- /a.fmk
      1: Trade reached [$60 billion]{#trade-2024 ^s}.
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$60 billion" (57–63 billion USD) disagrees with "$95 billion" (94.5–95.5 billion USD) in 10 mentions, "$80 billion" (76–84 billion USD). [related /b.fmk@0: #trade-2024 is "$95 billion" here] [related /b.fmk@30: #trade-2024 is "$95 billion" here] [related /b.fmk@60: #trade-2024 is "$95 billion" here] [related /b.fmk@90: #trade-2024 is "$95 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
      //- /b.fmk
      1: [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
                                                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
                                                                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
      2: [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
                                                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
                                                                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
      3: [$95 billion]{#trade-2024 ^s} [$95 billion]{#trade-2024 ^s}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$80 billion" (76–84 billion USD). [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /c.fmk@14: #trade-2024 is "$80 billion" here]
      //- /c.fmk
      1: Trade reached [$80 billion]{#trade-2024 ^s}.
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict: #trade-2024: "$80 billion" (76–84 billion USD) disagrees with "$60 billion" (57–63 billion USD), "$95 billion" (94.5–95.5 billion USD) in 10 mentions. [related /a.fmk@14: #trade-2024 is "$60 billion" here] [related /b.fmk@0: #trade-2024 is "$95 billion" here] [related /b.fmk@30: #trade-2024 is "$95 billion" here] [related /b.fmk@60: #trade-2024 is "$95 billion" here] [related /b.fmk@90: #trade-2024 is "$95 billion" here]
    `,
  },
  {
    name: 'undefined ids, duplicate and unused definitions',
    fixture: `
      //- /registry.fmk
      [@xi]: Xi Jinping {type=person}
      [@xi]: Xi Jinping again {type=person}
      [^unused]: Never cited <https://example.org/u>
      //- /a.fmk
      [Xi]{@xi} met [Mirziyoyev]{@mirziyoyev}.[^nowhere]
    `,
    expected: `
      //- /registry.fmk
      1: [@xi]: Xi Jinping {type=person}
         ^^^^^^ error duplicate-definition: @xi is defined 2 times. [related /registry.fmk@32: also defined here]
      2: [@xi]: Xi Jinping again {type=person}
         ^^^^^^ error duplicate-definition: @xi is defined 2 times. [related /registry.fmk@0: also defined here]
      3: [^unused]: Never cited <https://example.org/u>
         ^^^^^^^^^^ hint unused-definition: source ^unused is never referenced.
      //- /a.fmk
      1: [Xi]{@xi} met [Mirziyoyev]{@mirziyoyev}.[^nowhere]
                                    ^^^^^^^^^^^ error undefined-entity: @mirziyoyev is not defined in the workspace (add [@mirziyoyev]: Name).
                                                  ^^^^^^^^ error undefined-source: ^nowhere is not defined in the workspace (add [^nowhere]: Citation <https://…>).
    `,
  },
  {
    name: 'untagged article: every figure unsourced, nothing else',
    fixture: `
      //- /raw.fmk
      Since 2023 trade has surged by 35%, reaching nearly $100 billion last year.
      The five countries signed the treaty on June 17.
      More than 10,000 joint ventures now operate.
    `,
    expected: `
      //- /raw.fmk
      1: Since 2023 trade has surged by 35%, reaching nearly $100 billion last year.
                                        ^^^ warning unsourced-figure: Unsourced figure "35%": cite a source (^id) or attribute it (by=@id).
                                                      ^^^^^^^^^^^^^^^^^^^ warning unsourced-figure: Unsourced figure "nearly $100 billion": cite a source (^id) or attribute it (by=@id).
      3: More than 10,000 joint ventures now operate.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning unsourced-figure: Unsourced figure "More than 10,000 joint ventures": cite a source (^id) or attribute it (by=@id).
    `,
  },
  {
    name: 'citation ref cites its sentence; speaker attribution; untagged alias hint',
    fixture: `
      //- /registry.fmk
      [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
      [^kz]: Kazinform <https://example.org/kz>
      //- /a.fmk
      Joint ventures now exceed 10,000.[^kz] Tokayev welcomed the guests.
      [Tokayev]{@tokayev} said exports grew by 46%.
    `,
    expected: `
      //- /registry.fmk
      //- /a.fmk
      1: Joint ventures now exceed 10,000.[^kz] Tokayev welcomed the guests.
                                                ^^^^^^^ hint untagged-alias: "Tokayev" names @tokayev; tag it as [Tokayev]{@tokayev}.
      2: [Tokayev]{@tokayev} said exports grew by 46%.
                                                  ^^^ info uncited-figure: Figure "46%" is attributed to @tokayev but not cited.
    `,
  },
  {
    name: 'a definition line with an invalid id is not prose: no alias hint in it',
    fixture: `
      //- /registry.fmk
      [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
      //- /a.fmk
      [Tokayev]{@tokayev} arrived; Tokayev spoke.
      [@tok#ayev]: Kassym-Jomart Tokayev {type=person}
    `,
    expected: `
      //- /registry.fmk
      //- /a.fmk
      1: [Tokayev]{@tokayev} arrived; Tokayev spoke.
                                      ^^^^^^^ hint untagged-alias: "Tokayev" names @tokayev; tag it as [Tokayev]{@tokayev}.
      2: [@tok#ayev]: Kassym-Jomart Tokayev {type=person}
           ^^^^^^^^ error syntax: \`tok#ayev\` is not a valid entity id: ids use lowercase letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit (did you mean \`tok-ayev\`?)
    `,
  },
  {
    name: 'claim without a value, value= attribute, unit mismatch',
    fixture: `
      //- /registry.fmk
      [#grant]: Grant {unit=USD}
      [^x]: Xinhua <https://example.org/x>
      //- /a.fmk
      China pledged [a generous grant]{#grant ^x}.
      It is worth [1.5 billion yuan]{#grant ^x}.
      Officially [the sum]{#grant ^x value="208e6 USD"}.
    `,
    expected: `
      //- /registry.fmk
      //- /a.fmk
      1: China pledged [a generous grant]{#grant ^x}.
                        ^^^^^^^^^^^^^^^^ error claim-no-value: "a generous grant" is tagged as claim #grant but has no recognizable figure; add value="…".
      2: It is worth [1.5 billion yuan]{#grant ^x}.
                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning unit-mismatch: #grant is measured in USD; "1.5 billion yuan" (CNY) can't be converted (add a rate to factmark.json "rates").
    `,
  },
  {
    name: 'configured rate reconciles yuan and dollars; stated conversion checked against it',
    fixture: `
      //- /factmark.json
      { "rates": { "CNY/USD": 0.1387 } }
      //- /registry.fmk
      [#grant]: Grant {unit=USD}
      [^x]: Xinhua <https://example.org/x>
      //- /a.fmk
      It is worth [1.5 billion yuan]{#grant ^x}.
      //- /b.fmk
      Xinhua put it at [US$208 million]{#grant ^x}.
      A [2 billion yuan (US$100 million)]{^x} loan was also signed.
    `,
    expected: `
      //- /registry.fmk
      //- /a.fmk
      //- /b.fmk
      2: A [2 billion yuan (US$100 million)]{^x} loan was also signed.
                            ^^^^^^^^^^^^^^ warning conversion-mismatch: "US$100 million" disagrees with the configured rate: 2 billion yuan is about 277.4 million USD.
    `,
  },
];

describe('workspace diagnostics', () => {
  for (const { name, fixture, expected } of cases) {
    test(name, () => {
      assert.equal(renderDiagnostics(fixtureWorkspace(fixture)), dedent(expected));
    });
  }
});
