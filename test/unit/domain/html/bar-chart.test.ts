import assert from 'node:assert/strict';
import { BAR_MAX_WIDTH, NO_DATA, barChartSvg, escapeHtml, htmlTable } from '../../../../src/domain/html';

const widths = (svg: string): number[] => [...svg.matchAll(/<rect [^>]*width="([^"]+)"/g)].map((m) => Number(m[1]));

describe('barChartSvg', () => {
  it('draws bar lengths in proportion to the values, the largest at full width', () => {
    const svg = barChartSvg('revenue', [
      { label: 'books', value: 50 },
      { label: 'electronics', value: 200 },
      { label: 'toys', value: 25 },
    ]);
    assert.deepEqual(widths(svg), [BAR_MAX_WIDTH / 4, BAR_MAX_WIDTH, BAR_MAX_WIDTH / 8]);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, />electronics<\/text>.*>200<\/text>/s);
  });

  it('writes values with the format it is given', () => {
    assert.match(
      barChartSvg('revenue', [{ label: 'a', value: 1234.5 }], (n) => `$${n.toFixed(2)}`),
      />\$1234\.50<\/text>/,
    );
  });

  it('escapes hostile labels and titles, so no markup of theirs reaches the page', () => {
    const svg = barChartSvg('<script>alert(1)</script>', [{ label: '"><img src=x onerror=alert(1)>', value: 1 }]);
    assert.doesNotMatch(svg, /<script|<img/);
    assert.match(svg, /&lt;script&gt;/);
    assert.match(svg, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('says "no data" for no bars, and draws empty bars rather than NaN when every value is zero or not a number', () => {
    assert.equal(barChartSvg('revenue', []), NO_DATA);
    const svg = barChartSvg('alerts', [
      { label: 'LOW', value: 0 },
      { label: 'HIGH', value: Number.NaN },
    ]);
    assert.deepEqual(widths(svg), [0, 0]);
    assert.doesNotMatch(svg.replace(/>[^<]*</g, '><'), /NaN|Infinity/, 'no NaN in the geometry');
  });
});

describe('escapeHtml and htmlTable', () => {
  it('escape the five characters that can break out of text or a quoted attribute', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escape every cell and header, and say "none" for no rows', () => {
    assert.equal(htmlTable(['a'], []), '<p>none</p>');
    assert.match(htmlTable(['<b>'], [['<i>', 3]]), /<th>&lt;b&gt;<\/th>.*<td>&lt;i&gt;<\/td><td>3<\/td>/s);
  });
});
