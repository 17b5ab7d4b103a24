import {
  BOARD_REPORT_SECTIONS,
  boardReportToHtml,
  buildBoardReport,
  escapeHtml,
} from '@asc/board-report';
import {
  QAPI,
  escalated,
  history,
  input,
  openAction,
  progress,
  raised,
} from './board-report-fixtures';

describe('escapeHtml', () => {
  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
    expect(escapeHtml('£ – fine')).toBe('£ – fine');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(3)).toBe('3');
  });
});

describe('boardReportToHtml', () => {
  const evil = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';
  const actions = [
    history(
      'h1',
      ['2025-01-10T10:00:00Z', raised('h1', 'QS7-01', 'QS7', evil)],
      ...openAction('h1', 'QS7-01', '2025-03-01').slice(1),
      ['2025-03-20T09:00:00Z', escalated(QAPI, 2)],
    ),
    history('h2', ...openAction('h2', 'QS1-01', '2025-06-30', undefined, 'QS1'), [
      '2025-02-01T09:00:00Z',
      progress('at-risk'),
    ]),
  ];
  const report = buildBoardReport(
    input({ asOf: '2025-03-31T00:30:00+01:00', actions, previousMeetingDate: '2025-03-01' }),
  );
  const html = boardReportToHtml(report);

  it('escapes every text from the events: no script or injected element survives', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
  });

  it('has a heading for every section, even when a table is empty', () => {
    for (const heading of BOARD_REPORT_SECTIONS) {
      expect(html).toMatch(new RegExp(`<h2 id="section-\\d">${escapeHtml(heading)}</h2>`));
    }
    expect(html).toContain('<h3 id="theme-T3">Theme 3: Ensuring safety within the system</h3>');
    expect(html).toContain('None.'); // nothing drifted
  });

  it('names authority, board, date and the as-of time in London in the header', () => {
    const header = html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
    expect(header).toContain('Medway Council');
    expect(header).toContain('Quality Assurance, Performance &amp; Information Board');
    expect(header).toContain('<time datetime="2025-03-31">31 March 2025</time>');
    expect(header).toContain(
      '<time datetime="2025-03-31T00:30:00+01:00">31 March 2025, 00:30 BST</time>',
    );
  });

  it('is a self-contained, printable, accessible page', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('@page { size: A4');
    expect(html).not.toMatch(/<link|<[^>]+\s(src|href)=|url\(|@import/i);
    expect(html).toContain('<th scope="col">');
    expect(html).toContain('<th scope="row">QS7-01</th>');
    expect(html.match(/<th(?=[\s>])(?![^>]*scope=)/g)).toBeNull();
  });

  it('writes statuses as words', () => {
    expect(html).toContain('<strong class="status">overdue</strong>');
    expect(html).toContain('<th scope="col">Actions at risk</th>');
    expect(html).not.toMatch(/(background-)?color:\s*(red|green|amber|#d4351c|#00703c)/i);
  });
});
