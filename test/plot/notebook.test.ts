import { describe, expect, it } from 'vitest';

import { notebookChart } from '../../src/plot/notebook.ts';
import { scalingChart } from '../../src/plot/charts.ts';

describe('notebookChart', () => {
  it('gives Jupyter a PNG and a text line through the display symbol', async () => {
    const spec = scalingChart({
      title: 'two points',
      xTitle: 'C',
      yTitle: 'loss',
      points: [
        { x: 1e18, y: 3, series: 'runs' },
        { x: 1e20, y: 2.5, series: 'runs' },
      ],
      curves: [],
    });
    const chart = await notebookChart(spec);
    const shown = (chart as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for('Jupyter.display')
    ]!();
    expect(Object.keys(shown).sort()).toEqual(['image/png', 'text/plain']);
    expect(shown['text/plain']).toBe('[chart] two points');
    // The PNG signature, 0x89 'PNG' (RFC 2083), at the start of the decoded bytes.
    const bytes = Buffer.from(shown['image/png']!, 'base64');
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});
