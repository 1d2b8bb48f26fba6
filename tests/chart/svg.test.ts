import { describe, expect, it } from 'vitest';
import { barChart, escapeXml, lineChart, niceTicks } from '../../src/chart/svg.ts';

/**
 * A small XML well-formedness check: one root element, tags nest and close, attributes are quoted, and every
 * `&` starts an entity. Enough for the SVG we write (no CDATA, comments or processing instructions).
 */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  let roots = 0;
  const entity = /&(lt|gt|amp|apos|quot|#\d+|#x[0-9a-f]+);/gi;
  const checkText = (text: string): void => {
    expect(text.replace(entity, '')).not.toMatch(/[<&]/);
  };
  const token = /<[^>]*>|[^<]+/g;
  for (const [t] of xml.matchAll(token)) {
    if (!t.startsWith('<')) {
      if (stack.length === 0) expect(t.trim()).toBe('');
      checkText(t);
      continue;
    }
    const m = /^<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>$/.exec(t);
    expect(m, `malformed tag ${t}`).not.toBeNull();
    const [, close, name, attrs, selfClose] = m!;
    for (const [, value] of attrs!.matchAll(/="([^"]*)"/g)) checkText(value!);
    if (close) {
      expect(stack.pop(), `closing ${name}`).toBe(name);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClose) stack.push(name!);
    }
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

describe('svg charts', () => {
  it('writes a well-formed bar chart with escaped text', () => {
    const svg = barChart({
      title: 'Latency <p50> & "friends"',
      yLabel: "ms 'wall'",
      categories: ['p50', 'p95', 'p99'],
      series: [
        { name: '1 asker', values: [3.2, 12.5, 20] },
        { name: '8 askers & more', values: [10, Number.NaN, 80] },
      ],
    });
    assertWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('Latency &lt;p50&gt; &amp; &quot;friends&quot;');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg.match(/<rect /g)!.length).toBe(1 + 6 + 2); // background, bars, legend swatches
  });

  it('writes a well-formed line chart and leaves out non-finite points', () => {
    const svg = lineChart({
      title: 'Indexing',
      xLabel: 'articles',
      yLabel: 'seconds',
      series: [
        {
          name: 'total',
          points: [
            [500, 60],
            [1000, 118],
            [2000, Number.NaN],
            [4545, 560],
          ],
        },
        { name: 'embedding', points: [[500, 50]] },
      ],
    });
    assertWellFormed(svg);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg.match(/<circle /g)!.length).toBe(4);
    expect(svg.match(/<polyline /g)!.length).toBe(1);
  });

  it('copes with no data', () => {
    assertWellFormed(barChart({ title: 'empty', yLabel: 'ms', categories: [], series: [] }));
    assertWellFormed(lineChart({ title: 'empty', xLabel: 'x', yLabel: 'y', series: [] }));
  });

  it('the checker itself rejects broken markup', () => {
    expect(() => assertWellFormed('<svg><g></svg>')).toThrow();
    expect(() => assertWellFormed('<svg><text>a & b</text></svg>')).toThrow();
    expect(() => assertWellFormed('<svg a=b></svg>')).toThrow();
  });
});

describe('helpers', () => {
  it('escapes XML', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('picks round ticks that cover the maximum', () => {
    expect(niceTicks(87)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });
});
