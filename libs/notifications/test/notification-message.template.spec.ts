import {
  dateInWords,
  daysOverdueInWords,
  emailEnvelope,
  escapeHtml,
  renderNotification,
} from '@asc/notifications';
import { escalation, reminder } from './notification-fixtures';

describe('dates and days in words', () => {
  it('writes calendar dates in words, with the weekday when asked', () => {
    expect(dateInWords('2026-03-31')).toBe('31 March 2026');
    expect(dateInWords('2026-03-31', { weekday: true })).toBe('Tuesday 31 March 2026');
    expect(dateInWords('2024-02-29', { weekday: true })).toBe('Thursday 29 February 2024');
  });

  it('writes an instant as its Europe/London date', () => {
    // 23:30 UTC in summer is already the next day in London (BST); in winter it is not (GMT).
    expect(dateInWords('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    expect(dateInWords('2026-12-31T23:30:00Z')).toBe('31 December 2026');
  });

  it('counts days overdue as words, singular and plural', () => {
    expect(daysOverdueInWords(0)).toBe('not overdue');
    expect(daysOverdueInWords(1)).toBe('1 day');
    expect(daysOverdueInWords(9)).toBe('9 days');
  });
});

describe('reminder messages', () => {
  it('due soon', () => {
    const m = renderNotification(reminder());
    expect(m.subject).toBe(
      "Reminder: ACT-QS7-003 'Refresh safeguarding audit' is due on 31 March 2026",
    );
    expect(m.text).toContain('is due on 31 March 2026');
  });

  it('due today', () => {
    const m = renderNotification(reminder({ kind: 'due' }));
    expect(m.subject).toBe(
      "Due today: ACT-QS7-003 'Refresh safeguarding audit' is due today, 31 March 2026",
    );
  });

  it('overdue by one day and by nine days', () => {
    expect(renderNotification(reminder({ kind: 'overdue', daysOverdue: 1 })).subject).toBe(
      "Overdue by 1 day: ACT-QS7-003 'Refresh safeguarding audit' was due on 31 March 2026",
    );
    const nine = renderNotification(
      reminder({
        kind: 'overdue',
        daysOverdue: 9,
        deliveryStatus: 'overdue',
        board: {
          boardId: 'performance-clinic',
          name: 'Performance Clinic',
          level: 1,
          email: null,
        },
      }),
    );
    expect(nine.subject).toBe(
      "Overdue by 9 days: ACT-QS7-003 'Refresh safeguarding audit' was due on 31 March 2026",
    );
    expect(nine.text).toMatch(/Days overdue: +9 days/);
    expect(nine.text).toMatch(/Delivery status: +overdue/);
    expect(nine.text).toContain(
      'If it stays overdue it will be escalated to the Performance Clinic.',
    );
    expect(nine.text).toMatch(/Escalates next to: +Performance Clinic \(level 1\)/);
  });
});

describe('escalation messages', () => {
  it('names the reason in words', () => {
    expect(renderNotification(escalation({ reason: 'off-track', daysOverdue: 0 })).subject).toBe(
      "Escalated to Quality Assurance, Performance & Information Board (level 2): ACT-QS7-003 'Refresh safeguarding audit', reported off track",
    );
    const manual = renderNotification(escalation({ reason: 'manual', fromLevel: 0 }));
    expect(manual.text).toContain(
      'has been escalated to the Quality Assurance, Performance & Information Board (level 2) because a lead has asked for it to be escalated.',
    );
    expect(manual.text).toMatch(/Reason: +manual/);
  });

  it('an action without an owner escalates to the board alone, saying no owner is assigned', () => {
    const ownerless = escalation({ owner: null });
    const message = renderNotification(ownerless);
    expect(message.text).toMatch(/Owner: +no owner assigned/);
    expect(message.html).toContain('<td>no owner assigned</td>');
    expect(message.text).toContain('No owner is assigned to this action');
    expect(message.text).not.toContain('as its owner, receives a copy');
    expect(emailEnvelope(ownerless)).toEqual({ to: ['qapi@council.example'], cc: [] });
    // With an owner the board is addressed and the owner copied.
    expect(emailEnvelope(escalation())).toEqual({
      to: ['qapi@council.example'],
      cc: ['sam@council.example'],
    });
    // Neither an owner nor a board address: nobody to email (the chaser logs it instead).
    const nobody = escalation({ owner: null, board: { ...ownerless.board, email: null } });
    expect(emailEnvelope(nobody)).toEqual({ to: [], cc: [] });
  });
});

describe('escaping', () => {
  const hostile = reminder({
    title: `<script>alert("x")</script> & 'more'`,
    ref: 'ACT-<1>',
    owner: { id: 'x', name: 'Sam <b>Bold</b>', email: 'sam@council.example' },
  });

  it('escapes everything user-supplied in HTML', () => {
    const { html } = renderNotification(hostile);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;',
    );
    expect(html).toContain('ACT-&lt;1&gt;');
    expect(escapeHtml(`a<b>"c"&'d'`)).toBe('a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;');
  });

  it('keeps the plain text as written', () => {
    expect(renderNotification(hostile).text).toContain(`<script>alert("x")</script> & 'more'`);
  });

  it('keeps a line break in a title out of the subject', () => {
    const m = renderNotification(reminder({ title: 'Line one\r\nBcc: someone@example.com' }));
    expect(m.subject).not.toMatch(/[\r\n]/);
  });

  it('links only http(s) addresses', () => {
    const m = renderNotification(reminder({ link: 'javascript:alert(1)' }));
    expect(m.html).not.toContain('<a href="javascript:');
  });
});
