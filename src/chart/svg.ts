/**
 * Hand-written SVG charts for benchmark reports (no dependency): grouped bars and lines with markers, axes,
 * ticks and a legend. Every text is XML-escaped; non-finite values are drawn as zero-height bars or left out.
 */

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1'];
const FONT = 'font-family="sans-serif" font-size="12"';

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

/** Up to ~`count` round tick values from 0 to at least `max` (1, 2 or 5 × a power of ten apart). */
export function niceTicks(max: number, count = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks.at(-1)! < max) ticks.push(Number((ticks.at(-1)! + step).toPrecision(12)));
  return ticks;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3)));
}

/** Coordinates with two decimals at most, so files stay small and diffable. */
function n(x: number): string {
  return String(Math.round(x * 100) / 100);
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function frame(width: number, height: number): Frame {
  return { width, height, left: 64, right: width - 16, top: 40, bottom: height - 64 };
}

function open(f: Frame, title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" ${FONT}>`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${f.width}" height="${f.height}" fill="#ffffff"/>`,
    `<text x="${n(f.width / 2)}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
}

/** Y axis with grid lines and tick labels; returns the value → y mapping. */
function yAxis(out: string[], f: Frame, ticks: number[], label: string): (v: number) => number {
  const top = ticks.at(-1)!;
  const y = (v: number): number => f.bottom - (Math.max(0, v) / top) * (f.bottom - f.top);
  for (const t of ticks) {
    out.push(`<line x1="${f.left}" y1="${n(y(t))}" x2="${f.right}" y2="${n(y(t))}" stroke="#dddddd"/>`);
    out.push(`<text x="${f.left - 6}" y="${n(y(t) + 4)}" text-anchor="end">${escapeXml(fmt(t))}</text>`);
  }
  out.push(`<line x1="${f.left}" y1="${f.top}" x2="${f.left}" y2="${f.bottom}" stroke="#333333"/>`);
  out.push(`<line x1="${f.left}" y1="${f.bottom}" x2="${f.right}" y2="${f.bottom}" stroke="#333333"/>`);
  const mid = n((f.top + f.bottom) / 2);
  out.push(
    `<text x="16" y="${mid}" text-anchor="middle" transform="rotate(-90 16 ${mid})">${escapeXml(label)}</text>`,
  );
  return y;
}

function legend(out: string[], f: Frame, names: readonly string[]): void {
  let x = f.left;
  const y = f.height - 14;
  names.forEach((name, i) => {
    out.push(
      `<rect x="${n(x)}" y="${y - 10}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`,
    );
    out.push(`<text x="${n(x + 16)}" y="${y}">${escapeXml(name)}</text>`);
    x += 28 + name.length * 7;
  });
}

export interface BarSeries {
  name: string;
  /** One value per category. */
  values: readonly number[];
}

export interface BarChartOptions {
  title: string;
  yLabel: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  width?: number;
  height?: number;
}

/** Grouped bars: one group per category, one bar per series, value labels on top. */
export function barChart(o: BarChartOptions): string {
  const f = frame(o.width ?? 640, o.height ?? 360);
  const out = open(f, o.title);
  const values = o.series.flatMap((s) => s.values).filter(Number.isFinite);
  const y = yAxis(out, f, niceTicks(Math.max(0, ...values)), o.yLabel);
  const groupWidth = (f.right - f.left) / Math.max(1, o.categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, o.series.length);
  o.categories.forEach((cat, c) => {
    const gx = f.left + c * groupWidth + groupWidth * 0.1;
    o.series.forEach((s, i) => {
      const v = s.values[c] ?? Number.NaN;
      const h = Number.isFinite(v) ? f.bottom - y(v) : 0;
      const x = gx + i * barWidth;
      out.push(
        `<rect x="${n(x)}" y="${n(f.bottom - h)}" width="${n(barWidth * 0.9)}" height="${n(h)}" fill="${PALETTE[i % PALETTE.length]}"/>`,
      );
      if (Number.isFinite(v))
        out.push(
          `<text x="${n(x + barWidth * 0.45)}" y="${n(f.bottom - h - 3)}" text-anchor="middle" font-size="10">${escapeXml(fmt(v))}</text>`,
        );
    });
    out.push(
      `<text x="${n(f.left + (c + 0.5) * groupWidth)}" y="${f.bottom + 16}" text-anchor="middle">${escapeXml(cat)}</text>`,
    );
  });
  legend(
    out,
    f,
    o.series.map((s) => s.name),
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}

export interface LineSeries {
  name: string;
  points: readonly (readonly [number, number])[];
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  width?: number;
  height?: number;
}

/** Lines with point markers over a linear x axis from 0; points with a non-finite coordinate are left out. */
export function lineChart(o: LineChartOptions): string {
  const f = frame(o.width ?? 640, o.height ?? 360);
  const out = open(f, o.title);
  const series = o.series.map((s) => ({
    ...s,
    points: s.points.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py)),
  }));
  const all = series.flatMap((s) => s.points);
  const y = yAxis(out, f, niceTicks(Math.max(0, ...all.map((p) => p[1]))), o.yLabel);
  const xTicks = niceTicks(Math.max(0, ...all.map((p) => p[0])));
  const xTop = xTicks.at(-1)!;
  const x = (v: number): number => f.left + (Math.max(0, v) / xTop) * (f.right - f.left);
  for (const t of xTicks) {
    out.push(
      `<line x1="${n(x(t))}" y1="${f.bottom}" x2="${n(x(t))}" y2="${f.bottom + 4}" stroke="#333333"/>`,
    );
    out.push(`<text x="${n(x(t))}" y="${f.bottom + 16}" text-anchor="middle">${escapeXml(fmt(t))}</text>`);
  }
  out.push(
    `<text x="${n((f.left + f.right) / 2)}" y="${f.bottom + 34}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    if (pts.length > 1)
      out.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map(([px, py]) => `${n(x(px))},${n(y(py))}`).join(' ')}"/>`,
      );
    for (const [px, py] of pts) {
      out.push(
        `<circle cx="${n(x(px))}" cy="${n(y(py))}" r="3.5" fill="${color}"><title>${escapeXml(`${s.name}: ${fmt(px)} → ${fmt(py)}`)}</title></circle>`,
      );
    }
  });
  legend(
    out,
    f,
    series.map((s) => s.name),
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}
