import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fc } from './support/property';
import { parse } from '../server/src/core/parser';
import { SIGIL_OF_KIND, type Attribute, type FmkDocument, type IdRef } from '../server/src/core/syntax';
import type { TextRange } from '../server/src/core/text';
import { annotate, dedent, parseFixture, type Annotation } from './support/fixture';

function refText(ref: IdRef): string {
  return SIGIL_OF_KIND[ref.kind] + ref.id;
}

function attributeText(attribute: Attribute): string {
  return `${attribute.key}=${JSON.stringify(attribute.value)}`;
}

/**
 * Every node and problem as an annotation; with `detail`, also the inner
 * ranges (surface, attribute block, refs, keys and values, labels, URLs).
 */
function annotationsOf(doc: FmkDocument, detail: boolean): Annotation[] {
  const out: Annotation[] = [];
  const add = (range: TextRange | undefined, label: string) => {
    if (range) out.push({ range, label });
  };
  const addAttributes = (attributes: readonly Attribute[]) => {
    for (const a of attributes) {
      add(a.keyRange, `key ${a.key}`);
      add(a.valueRange, `value ${JSON.stringify(a.value)}`);
    }
  };
  if (doc.frontMatter) {
    add(doc.frontMatter.range, `front matter (${doc.frontMatter.fields.length} fields)`);
    if (detail) add(doc.frontMatter.contentRange, 'front matter content');
    for (const field of doc.frontMatter.fields) {
      add({ start: field.keyRange.start, end: field.valueRange.end }, `field ${field.key}=${JSON.stringify(field.value)}`);
      if (detail) add(field.valueRange, 'field value');
    }
  }
  for (const node of doc.inlines) {
    if (node.type === 'citation') {
      add(node.range, `citation ${refText(node.ref)}`);
      if (detail) add(node.ref.idRange, 'id');
      continue;
    }
    const parts = [`span ${JSON.stringify(node.surface)}`, ...node.refs.map(refText), ...node.attributes.map(attributeText)];
    if (node.by) parts.push(`(by ${refText(node.by)})`);
    add(node.range, parts.join(' '));
    if (detail) {
      add(node.surfaceRange, 'surface');
      add(node.attrsRange, 'attrs');
      for (const ref of node.refs) {
        add(ref.range, `ref ${refText(ref)}`);
        add(ref.idRange, 'id');
      }
      addAttributes(node.attributes);
      if (node.by) add(node.by.idRange, 'speaker id');
    }
  }
  for (const node of doc.definitions) {
    const parts = [`definition ${refText(node.ref)} ${JSON.stringify(node.label)}`];
    if (node.url) parts.push(`<${node.url.value}>`);
    parts.push(...node.attributes.map(attributeText));
    add(node.range, parts.join(' '));
    if (detail) {
      add(node.ref.idRange, 'id');
      add(node.labelRange, 'label');
      add(node.url?.range, 'url');
      add(node.attrsRange, 'attrs');
      addAttributes(node.attributes);
    }
  }
  for (const node of doc.comments) add(node.range, 'comment');
  for (const p of doc.problems) add(p.range, `! ${p.reason}: ${p.message}`);
  return out;
}

/** The prose, with every blanked character shown as `·` (any other change as `?`). */
function renderProse(text: string, prose: string): string {
  const shown: string[] = [];
  for (let i = 0; i < text.length; i++) shown.push(prose[i] === text[i] ? text[i] : prose[i] === ' ' ? '·' : '?');
  return shown
    .join('')
    .split(/\r\n|\r|\n/)
    .map((line) => `prose| ${line}`)
    .join('\n');
}

interface Case {
  readonly name: string;
  /** Fixture text (dedented; ends with a line break). */
  readonly source: string;
  /** Applied to the fixture text: line endings, BOM. */
  readonly transform?: (text: string) => string;
  readonly detail?: boolean;
  readonly prose?: boolean;
  readonly expected: string;
}

function render(c: Case): string {
  const fixtureText = parseFixture(c.source).files[0].text;
  const text = c.transform ? c.transform(fixtureText) : fixtureText;
  const doc = parse(text);
  // A lone CR (kept by annotate) is shown as ␍, a BOM as ◊: one character each, so carets stay aligned.
  let out = annotate(text, annotationsOf(doc, c.detail ?? false)).replace(/\r/g, '␍').replace(/\uFEFF/g, '◊');
  if (doc.bodyStart) out = `bodyStart ${doc.bodyStart}\n` + out;
  if (c.prose) out += renderProse(text, doc.prose) + '\n';
  return out + `problems: ${doc.problems.length}\n`;
}

const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const cr = (text: string) => text.replace(/\n/g, '\r');
const bom = (text: string) => '\uFEFF' + text;

const cases: readonly Case[] = [
  {
    name: 'design doc §2: the full example',
    source: String.raw`
      ---
      title: Central Asia-China summit ends with eternal friendship treaty
      outlet: "@astana-times"
      published: 2025-06-18
      url: https://example.org/article
      ---
      ASTANA – [President Kassym-Jomart Tokayev]{@tokayev} welcomed the leaders.
      Trade reached a historic high of [nearly $100 billion]{#cn-ca-trade-2024} last year.
      «Total turnover reached a record [$95 billion]{#cn-ca-trade-2024 by=@tokayev}»,
      [Tokayev]{@tokayev} said.
      China will provide a [1.5 billion yuan (US$208 million)]{#cn-grant-2025 ^xinhua-0617} grant.
      The number of joint ventures has surpassed 10,000.[^kazinform-0617]

      [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev" aka="Head of State"}
      [#cn-ca-trade-2024]: China–Central Asia trade turnover in 2024 {unit=USD period=2024}
      [^xinhua-0617]: Xinhua, "Xi announces grant for Central Asia", 2025-06-17 <https://example.org/x>
    `,
    prose: true,
    expected: `
      1: ---
         ^^^… front matter (4 fields)
      2: title: Central Asia-China summit ends with eternal friendship treaty
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ field title="Central Asia-China summit ends with eternal friendship treaty"
      3: outlet: "@astana-times"
         ^^^^^^^^^^^^^^^^^^^^^^^ field outlet="@astana-times"
      4: published: 2025-06-18
         ^^^^^^^^^^^^^^^^^^^^^ field published="2025-06-18"
      5: url: https://example.org/article
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ field url="https://example.org/article"
      7: ASTANA – [President Kassym-Jomart Tokayev]{@tokayev} welcomed the leaders.
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "President Kassym-Jomart Tokayev" @tokayev
      8: Trade reached a historic high of [nearly $100 billion]{#cn-ca-trade-2024} last year.
                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "nearly $100 billion" #cn-ca-trade-2024
      9: «Total turnover reached a record [$95 billion]{#cn-ca-trade-2024 by=@tokayev}»,
                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "$95 billion" #cn-ca-trade-2024 by="@tokayev" (by @tokayev)
      10: [Tokayev]{@tokayev} said.
          ^^^^^^^^^^^^^^^^^^^ span "Tokayev" @tokayev
      11: China will provide a [1.5 billion yuan (US$208 million)]{#cn-grant-2025 ^xinhua-0617} grant.
                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "1.5 billion yuan (US$208 million)" #cn-grant-2025 ^xinhua-0617
      12: The number of joint ventures has surpassed 10,000.[^kazinform-0617]
                                                            ^^^^^^^^^^^^^^^^^ citation ^kazinform-0617
      14: [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev" aka="Head of State"}
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition @tokayev "Kassym-Jomart Tokayev" type="person" aka="Tokayev" aka="Head of State"
      15: [#cn-ca-trade-2024]: China–Central Asia trade turnover in 2024 {unit=USD period=2024}
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition #cn-ca-trade-2024 "China–Central Asia trade turnover in 2024" unit="USD" period="2024"
      16: [^xinhua-0617]: Xinhua, "Xi announces grant for Central Asia", 2025-06-17 <https://example.org/x>
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition ^xinhua-0617 "Xinhua, \\"Xi announces grant for Central Asia\\", 2025-06-17" <https://example.org/x>
      prose| ···
      prose| ······ ······· ·········· ······ ···· ···· ······· ·········· ······
      prose| ······· ···············
      prose| ·········· ··········
      prose| ···· ···························
      prose| ···
      prose| ASTANA – ·President Kassym-Jomart Tokayev··········· welcomed the leaders.
      prose| Trade reached a historic high of ·nearly $100 billion···················· last year.
      prose| «Total turnover reached a record ·$95 billion··················· ············»,
      prose| ·Tokayev··········· said.
      prose| China will provide a ·1.5 billion yuan (US$208 million)················ ············· grant.
      prose| The number of joint ventures has surpassed 10,000.·················
      prose| 
      prose| ··········· ············· ······· ············ ············· ········· ·· ·······
      prose| ···················· ············· ···· ····· ········ ·· ···· ········· ············
      prose| ··············· ······· ··· ········· ····· ··· ······· ······ ·········· ·······················
      prose| 
      problems: 0
    `,
  },
  {
    name: 'span: every kind of attribute, with inner ranges',
    source: String.raw`
      [a record $95 billion]{#trade ^xinhua @kz by=@tokayev value="95e9 USD" asof=2024 note="said \"twice\""}
    `,
    detail: true,
    expected: `
      1: [a record $95 billion]{#trade ^xinhua @kz by=@tokayev value="95e9 USD" asof=2024 note="said \\"twice\\""}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "a record $95 billion" #trade ^xinhua @kz by="@tokayev" value="95e9 USD" asof="2024" note="said \\"twice\\"" (by @tokayev)
          ^^^^^^^^^^^^^^^^^^^^ surface
                                ^^^^^^ ref #trade
                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ attrs
                                 ^^^^^ id
                                       ^^^^^^^ ref ^xinhua
                                        ^^^^^^ id
                                               ^^^ ref @kz
                                                ^^ id
                                                   ^^ key by
                                                      ^^^^^^^^ value "@tokayev"
                                                       ^^^^^^^ speaker id
                                                               ^^^^^ key value
                                                                     ^^^^^^^^^^ value "95e9 USD"
                                                                                ^^^^ key asof
                                                                                     ^^^^ value "2024"
                                                                                          ^^^^ key note
                                                                                               ^^^^^^^^^^^^^^^^ value "said \\"twice\\""
      problems: 0
    `,
  },
  {
    name: 'brackets not followed by { are prose, never an error',
    source: String.raw`
      The minister [sic] said [he] would [sign] it [@tokayev] later. {not: attrs} and ] alone.
    `,
    prose: true,
    expected: `
      prose| The minister [sic] said [he] would [sign] it [@tokayev] later. {not: attrs} and ] alone.
      prose| 
      problems: 0
    `,
  },
  {
    name: 'escapes: in prose, in a surface, and a backslash that escapes nothing',
    source: String.raw`
      Literal \[not a span\]{@x} and \\ and \q stay text.
      [a \] b \[c\] \{d\} \\]{@x}
    `,
    prose: true,
    detail: true,
    expected: `
      2: [a \\] b \\[c\\] \\{d\\} \\\\]{@x}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "a ] b [c] {d} \\\\" @x
          ^^^^^^^^^^^^^^^^^^^^^ surface
                                 ^^ attrs
                                 ^^ ref @x
                                  ^ id
      prose| Literal ·[not a span·]{@x} and ·\\ and \\q stay text.
      prose| ·a ·] b ·[c·] ·{d·} ·\\·····
      prose| 
      problems: 0
    `,
  },
  {
    name: 'citations: valid, invalid id, missing id; [^id]{…} is a span whose surface is ^id',
    source: String.raw`
      Joint ventures passed 10,000.[^kazinform-0617][^xinhua]
      Bad ids: [^Xinhua] and [^].
      Not a citation: [^ spaced] and [^x]{@y}.
    `,
    prose: true,
    expected: `
      1: Joint ventures passed 10,000.[^kazinform-0617][^xinhua]
                                      ^^^^^^^^^^^^^^^^^ citation ^kazinform-0617
                                                       ^^^^^^^^^ citation ^xinhua
      2: Bad ids: [^Xinhua] and [^].
                    ^^^^^^ ! invalid-id: \`Xinhua\` is not a valid source id: ids use lowercase letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit (did you mean \`xinhua\`?)
                                 ^ ! missing-id: \`^\` must be followed by a source id, such as \`^xinhua-0617\`
      3: Not a citation: [^ spaced] and [^x]{@y}.
                                        ^^^^^^^^ span "^x" @y
      prose| Joint ventures passed 10,000.··························
      prose| Bad ids: ········· and ···.
      prose| Not a citation: [^ spaced] and ·^x·····.
      prose| 
      problems: 2
    `,
  },
  {
    name: 'comments: one line, several lines, inside a surface',
    source: String.raw`
      Before <!-- a note --> after.
      <!-- a comment
      [@x]: not a definition

      over a blank line --> still prose.
      [surface <!-- hidden ] --> text]{@x}
    `,
    prose: true,
    expected: `
      1: Before <!-- a note --> after.
                ^^^^^^^^^^^^^^^ comment
      2: <!-- a comment
         ^^^^^^^^^^^^^^… comment
      6: [surface <!-- hidden ] --> text]{@x}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "surface  text" @x
                  ^^^^^^^^^^^^^^^^^ comment
      prose| Before ···· · ···· ··· after.
      prose| ···· · ·······
      prose| ····· ··· · ··········
      prose| 
      prose| ···· · ····· ···· ··· still prose.
      prose| ·surface ···· ······ · ··· text·····
      prose| 
      problems: 0
    `,
  },
  {
    name: 'comments: unclosed runs to the end of the file',
    source: String.raw`
      Text [a]{@x} <!-- never closed
      [b]{@y} is inside the comment.
    `,
    prose: true,
    expected: `
      1: Text [a]{@x} <!-- never closed
              ^^^^^^^ span "a" @x
                      ^^^^ ! unclosed-comment: comment is not closed: add \`-->\` (everything after \`<!--\` is ignored)
                      ^^^^^^^^^^^^^^^^^… comment
      prose| Text ·a····· ···· ····· ······
      prose| ······· ·· ······ ··· ········
      prose| 
      problems: 1
    `,
  },
  {
    name: 'unclosed attribute block: one problem, the next span is still parsed',
    source: String.raw`
      [Tokayev]{@tokayev said [Xi]{@xi} in Astana.
      [Tokayev]{@tokayev by=@kz
      [Xi]{
      Next line [still]{@fine}.
    `,
    prose: true,
    expected: `
      1: [Tokayev]{@tokayev said [Xi]{@xi} in Astana.
         ^^^^^^^^^^^^^^^^^^ span "Tokayev" @tokayev
                  ^^^^^^^^^ ! unclosed-attributes: attribute block is not closed: add \`}\`
                                 ^^^^^^^^^ span "Xi" @xi
      2: [Tokayev]{@tokayev by=@kz
         ^^^^^^^^^^^^^^^^^^^^^^^^^ span "Tokayev" @tokayev by="@kz" (by @kz)
                  ^^^^^^^^^^^^^^^^ ! unclosed-attributes: attribute block is not closed: add \`}\`
      3: [Xi]{
         ^^^^^ span "Xi"
             ^ ! unclosed-attributes: attribute block is not closed: add \`}\`
      4: Next line [still]{@fine}.
                   ^^^^^^^^^^^^^^ span "still" @fine
      prose| ·Tokayev·········· said ·Xi······ in Astana.
      prose| ·Tokayev·········· ······
      prose| ·Xi··
      prose| Next line ·still········.
      prose| 
      problems: 3
    `,
  },
  {
    name: 'ids: invalid and missing, in spans and by=',
    source: String.raw`
      [a]{@Tokayev} [b]{#} [c]{^-x} [d]{@ok #Bad_Id ^ok}
      [e]{by=@Tokayev} [f]{by=tokayev} [g]{by=@}
    `,
    expected: `
      1: [a]{@Tokayev} [b]{#} [c]{^-x} [d]{@ok #Bad_Id ^ok}
         ^^^^^^^^^^^^^ span "a"
              ^^^^^^^ ! invalid-id: \`Tokayev\` is not a valid entity id: ids use lowercase letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit (did you mean \`tokayev\`?)
                       ^^^^^^ span "b"
                           ^ ! missing-id: \`#\` must be followed by a claim id, such as \`#cn-ca-trade-2024\`
                              ^^^^^^^^ span "c"
                                   ^^ ! invalid-id: \`-x\` is not a valid source id: ids use lowercase letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit (did you mean \`x\`?)
                                       ^^^^^^^^^^^^^^^^^^^^ span "d" @ok ^ok
                                                ^^^^^^ ! invalid-id: \`Bad_Id\` is not a valid claim id: ids use lowercase letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit (did you mean \`bad_id\`?)
      2: [e]{by=@Tokayev} [f]{by=tokayev} [g]{by=@}
         ^^^^^^^^^^^^^^^^ span "e" by="@Tokayev"
                 ^^^^^^^ ! invalid-id: \`Tokayev\` is not a valid entity id: ids use lowercase letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit (did you mean \`tokayev\`?)
                          ^^^^^^^^^^^^^^^ span "f" by="tokayev"
                                 ^^^^^^^ ! bad-attribute: \`by\` names the speaker as an entity reference, such as \`by=@tokayev\`, not \`tokayev\`
                                          ^^^^^^^^^ span "g" by="@"
                                                 ^ ! missing-id: \`@\` must be followed by an entity id, such as \`@tokayev\`
      problems: 7
    `,
  },
  {
    name: 'attributes: unknown, duplicate, empty block, missing value, unexpected words',
    source: String.raw`
      [a]{@x speaker=@y} [b]{@x by=@y by=@z} [c]{} [d]{ } [e]{@x note=}
      [f]{@x said by me #y} [g]{"quoted" @x}
    `,
    expected: `
      1: [a]{@x speaker=@y} [b]{@x by=@y by=@z} [c]{} [d]{ } [e]{@x note=}
         ^^^^^^^^^^^^^^^^^^ span "a" @x speaker="@y"
                ^^^^^^^ ! unknown-attribute: unknown attribute \`speaker\` on a span: use by, value, asof or note
                            ^^^^^^^^^^^^^^^^^^^ span "b" @x by="@y" by="@z" (by @y)
                                         ^^^^^ ! duplicate-attribute: \`by\` is given twice on a span; only the first one counts
                                                ^^^^^ span "c"
                                                   ^^ ! bad-attribute: empty attribute block: write @entity, #claim, ^source or key=value inside \`{}\`
                                                      ^^^^^^ span "d"
                                                         ^^^ ! bad-attribute: empty attribute block: write @entity, #claim, ^source or key=value inside \`{}\`
                                                             ^^^^^^^^^^^^^ span "e" @x
                                                                    ^^^^^ ! bad-attribute: \`note=\` has no value: write note=value or note="quoted value"
      2: [f]{@x said by me #y} [g]{"quoted" @x}
         ^^^^^^^^^^^^^^^^^^^^^ span "f" @x #y
                ^^^^^^^^^^ ! bad-attribute: unexpected \`said by me\` in the attribute block: expected @entity, #claim, ^source or key=value
                               ^^^^^^^^^^^^^^^^ span "g" @x
                                   ^^^^^^^^ ! bad-attribute: unexpected \`"quoted"\` in the attribute block: expected @entity, #claim, ^source or key=value
      problems: 7
    `,
  },
  {
    name: 'attributes: unclosed quotes',
    source: String.raw`
      [a]{@x note="no closing quote} then prose [b]{@y}.
      [c]{@x note="runs to the end of the line
      [d]{@x note="a \" and a \\"} ok
    `,
    expected: `
      1: [a]{@x note="no closing quote} then prose [b]{@y}.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "a" @x note="no closing quote"
                     ^^^^^^^^^^^^^^^^^ ! unclosed-quote: quoted value is not closed: add \`"\` at its end
                                                   ^^^^^^^ span "b" @y
      2: [c]{@x note="runs to the end of the line
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "c" @x note="runs to the end of the line"
                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ! unclosed-quote: quoted value is not closed: add \`"\` at its end
      3: [d]{@x note="a \\" and a \\\\"} ok
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ span "d" @x note="a \\" and a \\\\"
      problems: 2
    `,
  },
  {
    name: 'empty surface',
    source: String.raw`
      [] {not a span} []{@x} [  ]{@y}
    `,
    expected: `
      1: [] {not a span} []{@x} [  ]{@y}
                         ^^ ! empty-span: span has no surface text: put the words it tags between \`[\` and \`]\`
                         ^^^^^^ span "" @x
                                ^^^^ ! empty-span: span has no surface text: put the words it tags between \`[\` and \`]\`
                                ^^^^^^^^ span "  " @y
      problems: 2
    `,
  },
  {
    name: 'a ]{ that closes no span: inner brackets not escaped, or a surface over a blank line',
    source: String.raw`
      He met [the [former] minister]{@x} yesterday.
      A surface may [cross
      one line break]{@y} but [not

      a blank line]{@z}.
    `,
    expected: `
      1: He met [the [former] minister]{@x} yesterday.
                                      ^^^^^ ! unclosed-span: this \`]{\` closes no span: no \`[\` opens it in the same paragraph (inside a span's surface, write brackets as \`\\[\` and \`\\]\`)
      2: A surface may [cross
                       ^^^^^^… span "cross\\none line break" @y
      5: a blank line]{@z}.
                     ^^^^^ ! unclosed-span: this \`]{\` closes no span: no \`[\` opens it in the same paragraph (inside a span's surface, write brackets as \`\\[\` and \`\\]\`)
      problems: 2
    `,
  },
  {
    name: 'definitions: the three kinds, continuation lines, inner ranges',
    source: String.raw`
      [@tokayev]: Kassym-Jomart   Tokayev {type=person aka="Tokayev"
        aka="Head of State" wikidata=Q312781 url=https://example.org/t}
      [#cn-ca-trade-2024]: China–Central Asia trade
        turnover in 2024 {unit=USD period=2024 tolerance=5%}
      [^xinhua-0617]: Xinhua, "Xi announces \{grant\}" <https://example.org/x> {date=2025-06-17 publisher="Xinhua" kind=article}
      Prose again.
    `,
    detail: true,
    prose: true,
    expected: `
      1: [@tokayev]: Kassym-Jomart   Tokayev {type=person aka="Tokayev"
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^… definition @tokayev "Kassym-Jomart Tokayev" <https://example.org/t> type="person" aka="Tokayev" aka="Head of State" wikidata="Q312781" url="https://example.org/t"
           ^^^^^^^ id
                     ^^^^^^^^^^^^^^^^^^^^^^^ label
                                              ^^^^ key type
                                              ^^^^^^^^^^^^^^^^^^^^^^^^^… attrs
                                                   ^^^^^^ value "person"
                                                          ^^^ key aka
                                                              ^^^^^^^^^ value "Tokayev"
      2:   aka="Head of State" wikidata=Q312781 url=https://example.org/t}
           ^^^ key aka
               ^^^^^^^^^^^^^^^ value "Head of State"
                               ^^^^^^^^ key wikidata
                                        ^^^^^^^ value "Q312781"
                                                ^^^ key url
                                                    ^^^^^^^^^^^^^^^^^^^^^ url
                                                    ^^^^^^^^^^^^^^^^^^^^^ value "https://example.org/t"
      3: [#cn-ca-trade-2024]: China–Central Asia trade
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^… definition #cn-ca-trade-2024 "China–Central Asia trade turnover in 2024" unit="USD" period="2024" tolerance="5%"
           ^^^^^^^^^^^^^^^^ id
                              ^^^^^^^^^^^^^^^^^^^^^^^^… label
      4:   turnover in 2024 {unit=USD period=2024 tolerance=5%}
                             ^^^^ key unit
                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ attrs
                                  ^^^ value "USD"
                                      ^^^^^^ key period
                                             ^^^^ value "2024"
                                                  ^^^^^^^^^ key tolerance
                                                            ^^ value "5%"
      5: [^xinhua-0617]: Xinhua, "Xi announces \\{grant\\}" <https://example.org/x> {date=2025-06-17 publisher="Xinhua" kind=article}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition ^xinhua-0617 "Xinhua, \\"Xi announces {grant}\\"" <https://example.org/x> date="2025-06-17" publisher="Xinhua" kind="article"
           ^^^^^^^^^^^ id
                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ label
                                                           ^^^^^^^^^^^^^^^^^^^^^ url
                                                                                   ^^^^ key date
                                                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ attrs
                                                                                        ^^^^^^^^^^ value "2025-06-17"
                                                                                                   ^^^^^^^^^ key publisher
                                                                                                             ^^^^^^^^ value "Xinhua"
                                                                                                                      ^^^^ key kind
                                                                                                                           ^^^^^^^ value "article"
      prose| ··········· ·············   ······· ············ ·············
      prose|   ········· ·· ······ ················ ··························
      prose| ···················· ············· ···· ·····
      prose|   ········ ·· ···· ········· ··········· ·············
      prose| ··············· ······· ··· ········· ·········· ······················· ················ ·················· ·············
      prose| Prose again.
      prose| 
      problems: 0
    `,
  },
  {
    name: 'definitions: unknown keys, bad values, stray text, duplicate URL',
    source: String.raw`
      [@kz]: Kazakhstan {type=nation unit=USD wikidata=232 url=ftp://x}
      [#trade]: Trade {unit=USD period=2024} in 2024
      [^src]: Xinhua <https://example.org/x> 2025-06-17 {kind=blog url=https://example.org/y}
      [^cite]: Cited text {@x date=2025}
      [^ap]: <https://example.org/ap> AP report
    `,
    expected: `
      1: [@kz]: Kazakhstan {type=nation unit=USD wikidata=232 url=ftp://x}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition @kz "Kazakhstan" <ftp://x> type="nation" unit="USD" wikidata="232" url="ftp://x"
                                 ^^^^^^ ! bad-attribute: \`nation\` is not a valid \`type\`: use person, org, place, country, document, event, project, other
                                        ^^^^ ! unknown-attribute: unknown attribute \`unit\` on an entity definition: use type, aka, wikidata or url
                                                          ^^^ ! bad-attribute: \`232\` is not a valid \`wikidata\`: expected a Wikidata item id such as Q312781
                                                                  ^^^^^^^ ! bad-attribute: \`ftp://x\` is not a valid \`url\`: expected an http:// or https:// URL
      2: [#trade]: Trade {unit=USD period=2024} in 2024
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition #trade "Trade" unit="USD" period="2024"
                                                ^^^^^^^ ! bad-definition: unexpected \`in 2024\` after the attribute block
      3: [^src]: Xinhua <https://example.org/x> 2025-06-17 {kind=blog url=https://example.org/y}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition ^src "Xinhua" <https://example.org/x> kind="blog" url="https://example.org/y"
                                                ^^^^^^^^^^ ! bad-definition: unexpected \`2025-06-17\` after the URL: the source's text goes before \`<…>\`
                                                                 ^^^^ ! bad-attribute: \`blog\` is not a valid \`kind\`: use article, report, statement, dataset
                                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^ ! duplicate-attribute: the URL is given twice: as \`<…>\` and as \`url=\`; only \`<…>\` counts
      4: [^cite]: Cited text {@x date=2025}
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition ^cite "Cited text" date="2025"
                              ^^ ! bad-attribute: a definition's attribute block takes key=value attributes only, not \`@x\`
      5: [^ap]: <https://example.org/ap> AP report
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition ^ap "AP report" <https://example.org/ap>
      problems: 9
    `,
  },
  {
    name: 'definitions: missing and invalid ids, no label, not definitions',
    source: String.raw`
      [@]: Nobody
      [@Bad Id]: Somebody {type=person}
      [#claim]:
      [^src]:   {kind=report}
       [@x]: indented, so prose
      [@x] said, not a definition
      [@x]{@y} is a span at column 0
    `,
    expected: `
      1: [@]: Nobody
          ^ ! missing-id: \`@\` must be followed by an entity id, such as \`@tokayev\`
      2: [@Bad Id]: Somebody {type=person}
           ^^^^^^ ! invalid-id: \`Bad Id\` is not a valid entity id: ids use lowercase letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit (did you mean \`bad-id\`?)
      3: [#claim]:
         ^^^^^^^^^ definition #claim ""
         ^^^^^^^^^ ! bad-definition: definition has no label: write a description after \`[#claim]:\`
      4: [^src]:   {kind=report}
         ^^^^^^^ ! bad-definition: definition has no label: write a citation text after \`[^src]:\`
         ^^^^^^^^^^^^^^^^^^^^^^^ definition ^src "" kind="report"
      7: [@x]{@y} is a span at column 0
         ^^^^^^^^ span "@x" @y
      problems: 4
    `,
  },
  {
    name: 'definitions: attribute block left open, comments',
    source: String.raw`
      [@a]: A {type=person aka="A1"
        aka="A2"
      [@b]: B {type=person some words
      [@c]: C <!-- checked --> {type=org} <!-- twice -->
      [@d]: D <!-- runs past
      the definition --> prose
    `,
    prose: true,
    expected: `
      1: [@a]: A {type=person aka="A1"
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^… definition @a "A" type="person" aka="A1" aka="A2"
                 ^^^^^^^^^^^^^^^^^^^^^… ! unclosed-attributes: attribute block is not closed: add \`}\`
      3: [@b]: B {type=person some words
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition @b "B" type="person"
                 ^^^^^^^^^^^^ ! unclosed-attributes: attribute block is not closed: add \`}\`
      4: [@c]: C <!-- checked --> {type=org} <!-- twice -->
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ definition @c "C" type="org"
                 ^^^^^^^^^^^^^^^^ comment
                                             ^^^^^^^^^^^^^^ comment
      5: [@d]: D <!-- runs past
         ^^^^^^^ definition @d "D"
                 ^^^^^^^^^^^^^^… comment
      prose| ····· · ············ ········
      prose|   ········
      prose| ····· · ············ ···· ·····
      prose| ····· · ···· ······· ··· ·········· ···· ····· ···
      prose| ····· · ···· ···· ····
      prose| ··· ·········· ··· prose
      prose| 
      problems: 2
    `,
  },
  {
    name: 'front matter: quoting, comments, empty values, duplicates, lists',
    source: String.raw`
      ---
      title: "Summit \"ends\"" # a comment
      outlet: '@astana-times'
      single: 'it''s'
      extra: "x" y
      note: it's # a comment
      published:
      url: https://example.org/a#anchor
      title: again
      tags:
        - one
        - two
      # a comment line
      broken "quote: x
      bad: "unclosed
      ---
      Body [a]{@x}.
    `,
    prose: true,
    expected: `
      1: ---
         ^^^… front matter (9 fields)
      2: title: "Summit \\"ends\\"" # a comment
         ^^^^^^^^^^^^^^^^^^^^^^^^ field title="Summit \\"ends\\""
      3: outlet: '@astana-times'
         ^^^^^^^^^^^^^^^^^^^^^^^ field outlet="@astana-times"
      4: single: 'it''s'
         ^^^^^^^^^^^^^^^ field single="it's"
      5: extra: "x" y
         ^^^^^^^^^^ field extra="x"
                    ^ ! bad-attribute: unexpected \`y\` after the closing quote
      6: note: it's # a comment
         ^^^^^^^^^^ field note="it's"
      7: published:
         ^^^^^^^^^^ field published=""
      8: url: https://example.org/a#anchor
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ field url="https://example.org/a#anchor"
      9: title: again
         ^^^^^^^^^^^^ ! duplicate-attribute: front matter field \`title\` is given twice; the first one is used
      10: tags:
          ^^^^^ field tags=""
      11:   - one
            ^^^^^… ! bad-attribute: front matter lines must be \`key: value\` fields with a single-line value; lists and nested values are not read
      14: broken "quote: x
          ^^^^^^^^^^^^^^^^ ! bad-attribute: front matter lines must be \`key: value\` fields with a single-line value; lists and nested values are not read
      15: bad: "unclosed
          ^^^^^^^^^^^^^^ field bad="unclosed"
               ^^^^^^^^^ ! unclosed-quote: quoted value is not closed: add \`"\` at its end
      17: Body [a]{@x}.
               ^^^^^^^ span "a" @x
      prose| ···
      prose| ······ ······· ········· · · ·······
      prose| ······· ···············
      prose| ······· ·······
      prose| ······ ··· ·
      prose| ····· ···· · · ·······
      prose| ··········
      prose| ···· ····························
      prose| ······ ·····
      prose| ·····
      prose|   · ···
      prose|   · ···
      prose| · · ······· ····
      prose| ······ ······· ·
      prose| ···· ·········
      prose| ···
      prose| Body ·a·····.
      prose| 
      problems: 5
    `,
  },
  {
    name: 'front matter: unclosed, the rest is still parsed',
    source: String.raw`
      ---
      title: Never closed
      Body [a]{@x}.
    `,
    expected: `
      1: ---
         ^^^ ! unclosed-front-matter: front matter is not closed: add a \`---\` line after its last field (the file is read as if it had no front matter)
      3: Body [a]{@x}.
              ^^^^^^^ span "a" @x
      problems: 1
    `,
  },
  {
    name: 'front matter: only at the very top',
    source: String.raw`

      ---
      title: not front matter
      ---
    `,
    prose: true,
    expected: `
      prose| 
      prose| ---
      prose| title: not front matter
      prose| ---
      prose| 
      problems: 0
    `,
  },
  {
    name: 'CRLF: ranges exclude the line breaks',
    source: String.raw`
      ---
      title: T
      ---
      [a]{@x}
      [b]{@y
      [@x]: X {type=person
        aka=Y}
      [c
      ]{@z}
    `,
    transform: crlf,
    detail: true,
    prose: true,
    expected: `
      1: ---
         ^^^… front matter (1 fields)
      2: title: T
         ^^^^^^^^ field title="T"
         ^^^^^^^^… front matter content
                ^ field value
      4: [a]{@x}
         ^^^^^^^ span "a" @x
          ^ surface
             ^^ attrs
             ^^ ref @x
              ^ id
      5: [b]{@y
         ^^^^^^ span "b" @y
          ^ surface
            ^^^ ! unclosed-attributes: attribute block is not closed: add \`}\`
             ^^ attrs
             ^^ ref @y
              ^ id
      6: [@x]: X {type=person
         ^^^^^^^^^^^^^^^^^^^^… definition @x "X" type="person" aka="Y"
           ^ id
               ^ label
                  ^^^^ key type
                  ^^^^^^^^^^^… attrs
                       ^^^^^^ value "person"
      7:   aka=Y}
           ^^^ key aka
               ^ value "Y"
      8: [c
         ^^… span "c\\r\\n" @z
          ^… surface
      9: ]{@z}
           ^^ attrs
           ^^ ref @z
            ^ id
      prose| ···
      prose| ······ ·
      prose| ···
      prose| ·a·····
      prose| ·b····
      prose| ····· · ············
      prose|   ······
      prose| ·c
      prose| ·····
      prose| 
      problems: 1
    `,
  },
  {
    name: 'CR line endings',
    source: String.raw`
      [a]{@x}
      [@x]: X
    `,
    transform: cr,
    prose: true,
    expected: `
      1: [a]{@x}␍
         ^^^^^^^ span "a" @x
      2: [@x]: X␍
         ^^^^^^^ definition @x "X"
      prose| ·a·····
      prose| ····· ·
      prose| 
      problems: 0
    `,
  },
  {
    name: 'BOM: ignored, front matter and definitions still at the top',
    source: String.raw`
      ---
      title: T
      ---
      [a]{@x}
    `,
    transform: bom,
    prose: true,
    expected: `
      bodyStart 1
      1: ◊---
          ^^^… front matter (1 fields)
      2: title: T
         ^^^^^^^^ field title="T"
      4: [a]{@x}
         ^^^^^^^ span "a" @x
      prose| ····
      prose| ······ ·
      prose| ···
      prose| ·a·····
      prose| 
      problems: 0
    `,
  },
  {
    name: 'BOM: a definition on the first line',
    source: String.raw`
      [@x]: X
    `,
    transform: bom,
    expected: `
      bodyStart 1
      1: ◊[@x]: X
          ^^^^^^^ definition @x "X"
      problems: 0
    `,
  },
];

describe('parse: error corpus', () => {
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(render(c), dedent(c.expected));
    });
  }
});

describe('parse: offsets are UTF-16 code units', () => {
  test('an emoji (two code units) before a span, a citation and a definition', () => {
    const text = '👍 [Tokayev]{@tokayev} 🇰🇿[^src]\n[@tokayev]: Токаев 👍 {aka="😀"}\n';
    const doc = parse(text);
    const show = (label: string, range: TextRange) => `${label} ${range.start}-${range.end} ${JSON.stringify(text.slice(range.start, range.end))}`;
    const lines = [
      ...doc.inlines.flatMap((n) => (n.type === 'span' ? [show('span', n.range), show('surface', n.surfaceRange), show('ref', n.refs[0].idRange)] : [show('citation', n.range)])),
      ...doc.definitions.flatMap((d) => [show('definition', d.range), show('label', d.labelRange), show('aka', d.attributes[0].valueRange)]),
    ];
    assert.equal(
      lines.join('\n'),
      [
        'span 3-22 "[Tokayev]{@tokayev}"',
        'surface 4-11 "Tokayev"',
        'ref 14-21 "tokayev"',
        'citation 27-33 "[^src]"',
        'definition 34-66 "[@tokayev]: Токаев 👍 {aka=\\"😀\\"}"',
        'label 46-55 "Токаев 👍"',
        'aka 61-65 "\\"😀\\""',
      ].join('\n'),
    );
    assert.equal(doc.problems.length, 0);
  });
});

describe('parse: pathological inputs (no throw, bounded recovery)', () => {
  const inputs: readonly (readonly [string, string])[] = [
    ['100,000 [', '['.repeat(100_000)],
    ['100,000 {', '{'.repeat(100_000)],
    ['100,000 [^', '[^'.repeat(100_000)],
    ['100,000 ]{', ']{'.repeat(100_000)],
    ['100,000 [a]{ on one line', '[a]{'.repeat(100_000)],
    ['100,000 <!--', '<!--'.repeat(100_000)],
    ['1 MB single line of prose', 'word '.repeat(200_000)],
    ['1 MB single line of spans', '[a]{@x} '.repeat(125_000)],
    ['unclosed quotes recovered at }', '[a]{note="} b\n'.repeat(10_000)],
    ['NUL bytes and lone surrogates', '\0\ud800[\udc00]{@x}\0\udfff'.repeat(1_000)],
    ['definition heads without ]:', '[@aaaa\n'.repeat(10_000)],
    ['a definition with 100,000 attributes', '[@a]: A {' + ' aka=b'.repeat(100_000) + '}\n'],
  ];
  test('each input parses to the expected counts', () => {
    const lines = inputs.map(([name, text]) => {
      const doc = parse(text);
      assert.equal(doc.prose.length, text.length, name);
      const reasons = new Map<string, number>();
      for (const p of doc.problems) reasons.set(p.reason, (reasons.get(p.reason) ?? 0) + 1);
      const problems = [...reasons].map(([reason, count]) => `${reason}×${count}`).join(' ') || 'no problems';
      return `${name}: ${doc.inlines.length} inlines, ${doc.definitions.length} definitions, ${doc.comments.length} comments, ${problems}`;
    });
    assert.equal(
      lines.join('\n'),
      [
        '100,000 [: 0 inlines, 0 definitions, 0 comments, no problems',
        '100,000 {: 0 inlines, 0 definitions, 0 comments, no problems',
        '100,000 [^: 0 inlines, 0 definitions, 0 comments, no problems',
        '100,000 ]{: 0 inlines, 0 definitions, 0 comments, unclosed-span×100000',
        '100,000 [a]{ on one line: 100000 inlines, 0 definitions, 0 comments, unclosed-attributes×100000',
        '100,000 <!--: 0 inlines, 0 definitions, 1 comments, unclosed-comment×1',
        '1 MB single line of prose: 0 inlines, 0 definitions, 0 comments, no problems',
        '1 MB single line of spans: 125000 inlines, 0 definitions, 0 comments, no problems',
        'unclosed quotes recovered at }: 10000 inlines, 0 definitions, 0 comments, unclosed-quote×10000',
        'NUL bytes and lone surrogates: 1000 inlines, 0 definitions, 0 comments, no problems',
        'definition heads without ]:: 0 inlines, 0 definitions, 0 comments, no problems',
        'a definition with 100,000 attributes: 0 inlines, 1 definitions, 0 comments, no problems',
      ].join('\n'),
    );
  });
});

describe('parse: property check', () => {
  const units = [...'[]{}@#^=" \\-\n', ...'abxyzAZ019', ':', '\r', '\t', '<!--', '-->', '<https://x>', '---\n', '\uFEFF', '👍', '\uD800', '\0'];
  const collectRanges = (doc: FmkDocument): TextRange[] => {
    const ranges: TextRange[] = [];
    const ref = (r: IdRef) => ranges.push(r.range, r.idRange);
    const attribute = (a: Attribute) => ranges.push(a.range, a.keyRange, a.valueRange);
    if (doc.frontMatter) {
      ranges.push(doc.frontMatter.range, doc.frontMatter.contentRange);
      for (const f of doc.frontMatter.fields) ranges.push(f.keyRange, f.valueRange);
    }
    for (const n of doc.inlines) {
      ranges.push(n.range);
      if (n.type === 'citation') ref(n.ref);
      else {
        ranges.push(n.surfaceRange, n.attrsRange);
        n.refs.forEach(ref);
        n.attributes.forEach(attribute);
        if (n.by) ref(n.by);
      }
    }
    for (const d of doc.definitions) {
      ranges.push(d.range, d.labelRange);
      ref(d.ref);
      if (d.url) ranges.push(d.url.range);
      if (d.attrsRange) ranges.push(d.attrsRange);
      d.attributes.forEach(attribute);
    }
    for (const c of doc.comments) ranges.push(c.range);
    for (const p of doc.problems) ranges.push(p.range);
    return ranges;
  };
  const assertInOrder = (what: string, ranges: readonly TextRange[], overlapping: boolean) => {
    for (let i = 1; i < ranges.length; i++) {
      const ordered = overlapping ? ranges[i - 1].start <= ranges[i].start : ranges[i - 1].end <= ranges[i].start;
      assert.ok(ordered, `${what} out of order: ${JSON.stringify(ranges[i - 1])} then ${JSON.stringify(ranges[i])}`);
    }
  };

  test('never throws; ranges inside the text and ordered; prose keeps length and line breaks', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...units), maxLength: 80 }), (text) => {
        const doc = parse(text);
        assert.equal(doc.length, text.length);
        assert.equal(doc.bodyStart, text.startsWith('\uFEFF') ? 1 : 0);
        assert.equal(doc.prose.length, text.length);
        for (let i = 0; i < text.length; i++) {
          const kept = doc.prose[i] === text[i];
          const lineBreak = text[i] === '\n' || text[i] === '\r';
          assert.ok(kept || (doc.prose[i] === ' ' && !lineBreak), `prose changed ${JSON.stringify(text[i])} at ${i}`);
        }
        for (const r of collectRanges(doc)) {
          assert.ok(0 <= r.start && r.start <= r.end && r.end <= text.length, `bad range ${JSON.stringify(r)}`);
        }
        assertInOrder('inlines', doc.inlines.map((n) => n.range), false);
        assertInOrder('definitions', doc.definitions.map((n) => n.range), false);
        assertInOrder('comments', doc.comments.map((n) => n.range), false);
        assertInOrder('problems', doc.problems.map((p) => p.range), true);
        for (const n of doc.inlines) {
          const refs = n.type === 'citation' ? [n.ref] : [...n.refs, ...(n.by ? [n.by] : [])];
          for (const r of refs) assert.equal(text.slice(r.range.start, r.range.end), SIGIL_OF_KIND[r.kind] + r.id);
        }
        for (const d of doc.definitions) assert.equal(text.slice(d.ref.range.start, d.ref.range.end), SIGIL_OF_KIND[d.kind] + d.ref.id);
        for (const p of doc.problems) assert.ok(p.message.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});
