/**
 * The claims picture, drawn once for two hosts: `factmark claims --format
 * html` (claimsHtml.ts) and the VS Code report webview
 * (client/src/claimsWebviewHtml.ts) put the same markup in their own page and
 * colour it through the `--fm-*` CSS variables that PICTURE_STYLE reads.
 *
 * Each claim is a table, one row per mention, whose interval is drawn as
 * inline SVG on an axis shared by the claim's rows — logarithmic when the
 * values span two orders of magnitude or more — over a shaded band for the
 * reconciled range; conflicting mentions are red and name the mentions they
 * contradict. Rows are `tr[data-mention=<index>]` inside
 * `section#claim-<id>`, which is how the webview tells which mention a click
 * is on; each row is one line of the markup. Pure string building (no DOM); everything that comes from a document
 * is HTML-escaped, and the markup has no scripts, links or style attributes,
 * so it passes a strict Content-Security-Policy.
 */
import type { ClaimMentionReport, ClaimReport, ReportInterval, ReportLocation } from '../core/reports';
import { reconciledText, sourcingText } from './claimText';
import { formatReportInterval, oneLine, plural, readableNumber } from './format';

/** How a host shows a document URI: the CLI a path relative to the working directory, VS Code one relative to the workspace. */
export type DisplayPath = (uri: string) => string;

const PLOT_WIDTH = 360;
const PLOT_MARGIN = 10;
const ROW_HEIGHT = 18;
const AXIS_HEIGHT = 30;
const MAX_TICKS = 6;

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

interface Scale {
  readonly logarithmic: boolean;
  /** x coordinate of a value, clamped to the plot. */
  x(value: number): number;
  readonly ticks: readonly number[];
}

/** SVG coordinates to a tenth of a pixel: short, stable output. */
function tenth(value: number): number {
  return Math.round(value * 10) / 10;
}

/** 1, 2 or 5 times a power of ten, the smallest such step ≥ raw. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const multiple = raw / power;
  return (multiple <= 1 ? 1 : multiple <= 2 ? 2 : multiple <= 5 ? 5 : 10) * power;
}

/** The claim's shared axis, from every finite bound drawn on it; null when nothing can be drawn. */
function scaleFor(values: readonly number[]): Scale | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const logarithmic = min > 0 && max / min >= 100;
  const toAxis = logarithmic ? Math.log10 : (v: number) => v;
  const low = toAxis(min);
  const high = toAxis(max);
  const pad = high > low ? (high - low) * 0.05 : Math.abs(low) * 0.1 || 1;
  const [from, to] = [low - pad, high + pad];
  const usable = PLOT_WIDTH - 2 * PLOT_MARGIN;
  const x = (value: number) => {
    const position = value <= 0 && logarithmic ? -Infinity : toAxis(value);
    const clamped = Math.min(to, Math.max(from, position));
    return tenth(PLOT_MARGIN + ((clamped - from) / (to - from)) * usable);
  };
  const ticks: number[] = [];
  if (logarithmic) {
    const powers: number[] = [];
    for (let k = Math.ceil(from); k <= Math.floor(to); k++) powers.push(k);
    const stride = Math.ceil(powers.length / MAX_TICKS);
    for (let i = 0; i < powers.length; i += stride) ticks.push(10 ** powers[i]);
  } else {
    const step = niceStep((to - from) / (MAX_TICKS - 1));
    for (let tick = Math.ceil(from / step) * step; tick <= to; tick += step) ticks.push(Number(tick.toPrecision(12)));
  }
  return { logarithmic, x, ticks };
}

function boundsOf(interval: ReportInterval | null): number[] {
  if (!interval) return [];
  return [interval.low, interval.high].filter((b): b is string => b !== null).map(Number);
}

function endMarker(x: number, open: boolean, colourClass: string): string {
  return `<circle class="${open ? 'open' : colourClass}" cx="${x}" cy="${ROW_HEIGHT / 2}" r="3"/>`;
}

function arrow(x: number, pointsRight: boolean, colourClass: string): string {
  const tip = pointsRight ? x + 6 : x - 6;
  const y = ROW_HEIGHT / 2;
  return `<polygon class="${colourClass}" points="${x},${y - 5} ${tip},${y} ${x},${y + 5}"/>`;
}

/** The reconciled range as a shaded band (and the point estimate as a line), drawn under each row. */
function bandSvg(claim: ClaimReport, scale: Scale, height: number): string {
  if (!claim.reconciled) return '';
  const left = claim.reconciled.low === null ? PLOT_MARGIN : scale.x(Number(claim.reconciled.low));
  const right = claim.reconciled.high === null ? PLOT_WIDTH - PLOT_MARGIN : scale.x(Number(claim.reconciled.high));
  const point = claim.point === null ? '' : `<line class="point" x1="${scale.x(Number(claim.point))}" x2="${scale.x(Number(claim.point))}" y1="0" y2="${height}"/>`;
  return `<rect class="band" x="${left}" y="0" width="${tenth(Math.max(1, right - left))}" height="${height}"/>${point}`;
}

function mentionSvg(claim: ClaimReport, interval: ReportInterval, conflicting: boolean, scale: Scale): string {
  const colourClass = conflicting ? 'conflict' : 'interval';
  const left = interval.low === null ? PLOT_MARGIN : scale.x(Number(interval.low));
  const right = interval.high === null ? PLOT_WIDTH - PLOT_MARGIN - 6 : scale.x(Number(interval.high));
  const y = ROW_HEIGHT / 2 - 2;
  const parts = [
    bandSvg(claim, scale, ROW_HEIGHT),
    `<rect class="${colourClass}" x="${left}" y="${y}" width="${tenth(Math.max(2, right - left))}" height="4"/>`,
    interval.low === null ? arrow(left, false, colourClass) : endMarker(left, interval.lowOpen, colourClass),
    interval.high === null ? arrow(right, true, colourClass) : endMarker(right, interval.highOpen, colourClass),
  ];
  const label = escapeHtml(formatReportInterval(interval));
  return `<svg class="plot" width="${PLOT_WIDTH}" height="${ROW_HEIGHT}" viewBox="0 0 ${PLOT_WIDTH} ${ROW_HEIGHT}" role="img" aria-label="${label}"><title>${label}</title>${parts.join('')}</svg>`;
}

/** A tick value as an exact decimal string for readableNumber (floats print as 1e+21 past 1e21). */
function tickLabel(value: number): string {
  return readableNumber(String(Number(value.toPrecision(12))));
}

function axisSvg(claim: ClaimReport, scale: Scale): string {
  const ticks = scale.ticks
    .map((t) => {
      const x = scale.x(t);
      return `<line class="tick" x1="${x}" x2="${x}" y1="2" y2="7"/><text x="${x}" y="20">${escapeHtml(tickLabel(t))}</text>`;
    })
    .join('');
  return `<svg class="axis" width="${PLOT_WIDTH}" height="${AXIS_HEIGHT}" viewBox="0 0 ${PLOT_WIDTH} ${AXIS_HEIGHT}" aria-hidden="true">${bandSvg(claim, scale, 4)}<line class="tick" x1="${PLOT_MARGIN}" x2="${PLOT_WIDTH - PLOT_MARGIN}" y1="2" y2="2"/>${ticks}</svg>`;
}

function mentionRow(claim: ClaimReport, mention: ClaimMentionReport, index: number, scale: Scale | null, displayPath: DisplayPath): string {
  const fileLine = (location: ReportLocation) => `${displayPath(location.uri)}:${location.line}`;
  const conflicting = mention.disagreesWith.length > 0;
  let plot: string;
  if (mention.interval && scale) plot = `${mentionSvg(claim, mention.interval, conflicting, scale)}<span class="exact">${escapeHtml(formatReportInterval(mention.interval))}</span>`;
  else if (mention.excluded === 'unit-mismatch') plot = `<span class="excluded">not comparable: measured in ${escapeHtml(mention.unit ?? '?')}</span>`;
  else plot = '<span class="excluded">no value</span>';
  const conflictNote = conflicting
    ? `<div class="conflict-note">conflicts with ${escapeHtml(mention.disagreesWith.map((j) => fileLine(claim.mentions[j].location)).join(', '))}</div>`
    : '';
  return [
    `<tr data-mention="${index}"${conflicting ? ` data-conflict="${mention.disagreesWith.join(' ')}"` : ''}>`,
    `<td class="where">${escapeHtml(fileLine(mention.location))}</td>`,
    `<td class="text">${escapeHtml(oneLine(mention.text))}${conflictNote}</td>`,
    `<td class="plot-cell">${plot}</td>`,
    `<td class="source">${escapeHtml(sourcingText(mention))}</td>`,
    '</tr>',
  ].join('');
}

function claimSection(claim: ClaimReport, displayPath: DisplayPath): string {
  const scale = scaleFor([...boundsOf(claim.reconciled), ...claim.mentions.flatMap((m) => boundsOf(m.interval))]);
  const unit = claim.unit ? ` (${escapeHtml(claim.unit)}${scale?.logarithmic ? ', log scale' : ''})` : '';
  const reconciled = [reconciledText(claim), claim.reconciled ? formatReportInterval(claim.reconciled) : ''].filter(Boolean).join(' ');
  const rows = claim.mentions.map((m, i) => mentionRow(claim, m, i, scale, displayPath));
  if (scale && claim.mentions.length) rows.push(`<tr class="axis-row"><td></td><td></td><td>${axisSvg(claim, scale)}</td><td></td></tr>`);
  return [
    `<section class="claim" id="claim-${escapeHtml(claim.id)}" data-status="${claim.status}">`,
    `<h2><code>#${escapeHtml(claim.id)}</code> <span class="status ${claim.status}">${claim.status}</span></h2>`,
    claim.description ? `<p class="description">${escapeHtml(claim.description)}</p>` : '',
    `<p class="reconciled">Reconciled: ${escapeHtml(reconciled)}</p>`,
    ...(claim.mentions.length
      ? [`<table><thead><tr><th class="where">Article</th><th class="text">Text</th><th>Interval${unit}</th><th class="source">Source</th></tr></thead><tbody>`, ...rows, '</tbody></table>']
      : ['<p class="excluded">No mentions.</p>']),
    '</section>',
  ].join('\n');
}

const LEGEND = `<div class="legend" aria-label="Legend">
<span><svg width="34" height="12"><rect class="interval" x="2" y="4" width="30" height="4"/></svg> a mention's interval, in the claim's unit</span>
<span><svg width="34" height="12"><rect class="conflict" x="2" y="4" width="30" height="4"/></svg> a mention in conflict with another</span>
<span><svg width="34" height="12"><rect class="band" x="2" y="0" width="30" height="12"/><line class="point" x1="17" x2="17" y1="0" y2="12"/></svg> the reconciled range and value</span>
<span><svg width="40" height="12"><circle class="interval" cx="5" cy="6" r="3"/><circle class="open" cx="20" cy="6" r="3"/><polygon class="interval" points="30,1 36,6 30,11"/></svg> bound included, excluded, unbounded</span>
</div>`;

/** `37 claims: 2 conflict, 35 single. In conflict: #a, #b.` (the claims a reader looks for first). */
function summaryHtml(claims: readonly ClaimReport[]): string {
  const byStatus = new Map<string, number>();
  for (const claim of claims) byStatus.set(claim.status, (byStatus.get(claim.status) ?? 0) + 1);
  const counts = [...byStatus].sort(([a], [b]) => (a < b ? -1 : 1)).map(([status, n]) => `${n} ${status}`);
  const conflicts = claims.filter((claim) => claim.status === 'conflict').map((claim) => `<code>#${escapeHtml(claim.id)}</code>`);
  const inConflict = conflicts.length ? ` In conflict: ${conflicts.join(', ')}.` : '';
  return `${plural(claims.length, 'claim')}${counts.length ? `: ${counts.join(', ')}` : ''}.${inConflict}`;
}

/** The page's content (what goes inside `<body>`): heading, counts, legend and one section per claim. */
export function claimsPicture(claims: readonly ClaimReport[], displayPath: DisplayPath): string {
  return ['<h1>Claims report</h1>', `<p class="summary">${summaryHtml(claims)}</p>`, LEGEND, ...claims.map((c) => claimSection(c, displayPath))].join('\n');
}

/**
 * Layout and marks of the picture, coloured by variables each host defines:
 * `--fm-text`, `--fm-background`, `--fm-muted` (secondary text, ticks),
 * `--fm-rule` (table lines), `--fm-interval`, `--fm-conflict`,
 * `--fm-consistent` (reconciled band and value), `--fm-font`, `--fm-mono-font`.
 * Columns have fixed shares so that every claim's table lines up with the
 * others; in a narrow window the plot column takes a larger share, and the
 * plots shrink with it.
 */
export const PICTURE_STYLE = `
body { font: 14px/1.45 var(--fm-font); color: var(--fm-text); background: var(--fm-background); margin: 1.5em auto; max-width: 76em; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .3em; } h2 { font-size: 1.15em; margin: 1.6em 0 .2em; }
code, td.where, td.source { font-family: var(--fm-mono-font); }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--fm-rule); overflow-wrap: anywhere; }
th { font-weight: 600; color: var(--fm-muted); } th.where { width: 22%; } th.text { width: 20%; } th.source { width: 18%; }
@media (max-width: 900px) { th.where { width: 19%; } th.text { width: 19%; } th.source { width: 14%; } }
td.where, td.source { font-size: 12px; }
.description, .reconciled, .summary { margin: .1em 0; color: var(--fm-muted); }
.status { font-size: 12px; font-weight: 600; padding: 0 6px; border-radius: 8px; border: 1px solid currentColor; color: var(--fm-muted); }
.status.conflict { color: var(--fm-conflict); } .status.consistent { color: var(--fm-consistent); }
svg { overflow: visible; vertical-align: middle; } td svg.plot, td svg.axis { max-width: 100%; height: auto; }
.band { fill: var(--fm-consistent); fill-opacity: .25; } .point { stroke: var(--fm-consistent); stroke-width: 1.5; }
.interval { fill: var(--fm-interval); stroke: var(--fm-interval); } .conflict { fill: var(--fm-conflict); stroke: var(--fm-conflict); }
.open { fill: var(--fm-background); stroke: var(--fm-text); stroke-width: 1.5; }
.tick { stroke: var(--fm-muted); } .axis text { font-size: 10px; fill: var(--fm-muted); text-anchor: middle; }
tr[data-conflict] td.text, .conflict-note { color: var(--fm-conflict); } .conflict-note { font-size: 12px; }
tr[data-conflict] td.where { box-shadow: inset 3px 0 var(--fm-conflict); }
.exact { display: block; font-size: 11px; color: var(--fm-muted); } .excluded { color: var(--fm-muted); font-style: italic; }
.legend { display: flex; flex-wrap: wrap; gap: .5em 1.5em; font-size: 13px; color: var(--fm-muted); margin: 1em 0; }
`;
