import assert from 'node:assert/strict';
import { NO_DATA, lineChartSvg } from '../../../../src/domain/html';

const points = (svg: string): Array<[number, number]> =>
  (/<polyline points="([^"]*)"/.exec(svg)?.[1] ?? '').split(' ').map((p) => p.split(',').map(Number) as [number, number]);

describe('lineChartSvg', () => {
  it('draws one point per value at equal steps, the largest at the top and 0 at the bottom, with the axis labelled', () => {
    const svg = lineChartSvg('revenue per window', [0, 50, 100], { first: '09:00:00', last: '09:59:50' }, (n) => `$${n}`);
    const [a, b, c] = points(svg);
    assert.ok(a && b && c);
    assert.equal(b[0] - a[0], c[0] - b[0], 'equal steps');
    assert.ok(a[1] > b[1] && b[1] > c[1], 'higher values higher up');
    assert.equal(c[1], 0);
    assert.match(svg, /<title>revenue per window<\/title>/);
    assert.match(svg, />\$100<\/text>/);
    assert.match(svg, />09:00:00<\/text>.*>09:59:50<\/text>/);
  });

  it('says "no data" for no values, treats values that are not finite as 0 and escapes its texts', () => {
    assert.equal(lineChartSvg('x', [], { first: '', last: '' }), NO_DATA);
    const svg = lineChartSvg('<b>', [Number.NaN, 2], { first: '<i>', last: 'z' });
    assert.ok(!svg.includes('NaN'));
    assert.ok(!svg.includes('<b>') && !svg.includes('<i>'));
  });
});
