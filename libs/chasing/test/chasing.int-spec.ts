import { Logger } from '@nestjs/common';
import { ChaserStore } from '@asc/chasing';
import {
  CompleteActionCommand,
  ConfigureBoardCommand,
  RecordBoardDecisionCommand,
  ReportProgressCommand,
  SetDueDateCommand,
  CancelActionCommand,
} from '@asc/commands';
import { dueDateStartsMs, overdueFromMs } from '@asc/domain';
import { BOARDS, type ChasingApp, meta, sleep, startChasingApp, until } from './chasing-test-app';

/**
 * The chaser end to end: real Redis (own BullMQ prefix), a real SMTP server on loopback, the
 * SQLite store in a temp DATA_DIR, a PT-seconds policy and a clock moved to each scenario's dates.
 */
describe('chasing (real Redis, SMTP and SQLite)', () => {
  let t: ChasingApp;
  let planId: string;

  beforeAll(async () => {
    t = await startChasingApp();
    planId = await t.createPlan();
  });

  afterAll(async () => {
    await t?.close();
  });

  const dueStart = (date: string) => dueDateStartsMs(date);
  const overdueStart = (date: string) => overdueFromMs(date);
  const reminders = async (actionId: string) =>
    (await t.events(actionId, 'ReminderSent')).map((e) => {
      const d = e.data as { kind: string; sequence: number; dueDate: string };
      return `${d.kind}-${d.sequence}@${d.dueDate}`;
    });
  /** Every message-id must be unique unless a test counts a duplicate. */
  const messageIds = (actionId: string) =>
    t.mailsAbout(actionId).map((m) => m.headers['message-id']);

  it('reminds before, on and after the due date, escalates when overdue; each once', async () => {
    const due = '2031-01-15';
    t.clock.set(dueStart(due) - 5_000);
    const actionId = await t.raise(planId, { dueDate: due });

    await until(
      () => reminders(actionId),
      (r) => r.length === 3,
      15_000,
    );
    expect(await reminders(actionId)).toEqual([
      `due-soon-1@${due}`,
      `due-soon-2@${due}`,
      `due-1@${due}`,
    ]);
    const mails = t.mailsAbout(actionId);
    expect(mails).toHaveLength(3);
    expect(mails[0]?.rcptTo).toEqual(['sam@council.example']);
    expect(mails[0]?.text).toContain('Clear the assessment waiting list');
    expect(mails[0]?.text).toContain(`https://asc.council.example/actions/${actionId}`);

    // A day later: overdue, then level 1 six seconds on, then the first overdue reminder.
    await t.advanceTo(overdueStart(due) - 1_000);
    await until(
      () => reminders(actionId),
      (r) => r.length === 4,
      20_000,
    );
    const escalated = await t.events(actionId, 'ActionEscalated');
    expect(escalated.map((e) => e.data)).toEqual([
      expect.objectContaining({ fromLevel: 0, toLevel: 1, boardId: 'clinic', reason: 'overdue' }),
    ]);
    expect(escalated[0]?.metadata.actor).toBe('system:chaser');
    expect(await t.events(actionId, 'ActionBecameOverdue')).toHaveLength(1);
    expect((await reminders(actionId))[3]).toBe(`overdue-1@${due}`);
    const notice = await until(
      () => t.mailsAbout(actionId).filter((m) => m.rcptTo.includes('clinic@council.example')),
      (m) => m.length === 1,
    );
    expect(notice[0]?.text).toContain('Performance Clinic');

    await t.bus.execute(new CompleteActionCommand(actionId, { summary: 'done' }, meta('sam')));
    await sleep(9_000);
    expect(await reminders(actionId)).toHaveLength(4);
    if (process.env.CHASING_TEST_LOG)
      console.log(
        t.mailsAbout(actionId).map((m) => [m.headers['message-id'], m.rcptTo, m.headers.subject]),
      );
    expect(new Set(messageIds(actionId)).size).toBe(messageIds(actionId).length);
  });

  it('catch-up: a moment long passed fires once, at the level reached; a second firing does nothing', async () => {
    const due = '2031-02-10';
    // 50 s overdue: level 2 (40 s) reached, the sixth 8-second reminder (48 s) the latest.
    t.clock.set(overdueStart(due) + 50_000);
    const actionId = await t.raise(planId, { dueDate: due });
    await until(
      () => reminders(actionId),
      (r) => r.length === 1,
    );
    expect(await reminders(actionId)).toEqual([`overdue-6@${due}`]);
    const escalated = await t.events(actionId, 'ActionEscalated');
    expect(escalated.map((e) => e.data)).toEqual([
      expect.objectContaining({ fromLevel: 0, toLevel: 2, boardId: 'qapi' }),
    ]);
    expect(await t.events(actionId, 'ActionBecameOverdue')).toHaveLength(1);
    await until(
      () => t.mailsAbout(actionId),
      (m) => m.length >= 2,
    ); // reminder + board notice
    if (process.env.CHASING_TEST_LOG)
      console.log(
        t.mailsAbout(actionId).map((m) => [m.headers['message-id'], m.rcptTo, m.headers.subject]),
      );

    // The same job again (its id freed): it re-decides from the log and finds nothing to do.
    const before = (await t.events(actionId)).length;
    // A job for the step already done (ids are the step's key and moment, ADR 13).
    const jobId = `reminder-${actionId}-overdue-${due}-6-at-0`;
    await t.queue.remove(jobId);
    await t.queue.add('chase', { actionId }, { jobId });
    await until(
      () => t.queue.getJobState(jobId),
      (s) => s === 'completed',
    );
    expect((await t.events(actionId)).length).toBe(before);
    expect(t.mailsAbout(actionId)).toHaveLength(2);
    await t.bus.execute(new CancelActionCommand(actionId, { reason: 'test over' }, meta()));
  });

  it('re-planning stops the old chase; completion and cancellation stop it', async () => {
    const due = '2031-03-12';
    t.clock.set(dueStart(due) - 5_000);
    const replanned = await t.raise(planId, { dueDate: due });
    const completed = await t.raise(planId, { dueDate: due });
    const cancelled = await t.raise(planId, { dueDate: due });
    await until(
      () => reminders(replanned),
      (r) => r.length === 1,
    );
    await t.bus.execute(
      new SetDueDateCommand(replanned, { dueDate: '2031-06-30', reason: 'resourcing' }, meta()),
    );
    await t.bus.execute(new CompleteActionCommand(completed, { summary: 'done' }, meta('sam')));
    await t.bus.execute(new CancelActionCommand(cancelled, { reason: 'duplicate' }, meta()));
    await sleep(6_000);
    expect(await reminders(replanned)).toEqual([`due-soon-1@${due}`]);
    expect((await reminders(completed)).length).toBeLessThanOrEqual(1);
    expect((await reminders(cancelled)).length).toBeLessThanOrEqual(1);
    for (const id of [completed, cancelled]) {
      const before = (await reminders(id)).length;
      await sleep(1_000);
      expect((await reminders(id)).length).toBe(before);
    }
    await t.bus.execute(new CancelActionCommand(replanned, { reason: 'test over' }, meta()));
  });

  it('a board decision "extend" restarts the chase for the new date', async () => {
    const due = '2031-04-08';
    t.clock.set(overdueStart(due) + 7_000);
    const actionId = await t.raise(planId, { dueDate: due });
    await until(
      () => t.events(actionId, 'ActionEscalated'),
      (e) => e.length === 1,
    );
    const newDue = '2031-05-20';
    await t.bus.execute(
      new RecordBoardDecisionCommand(
        actionId,
        {
          boardId: 'clinic',
          decision: 'extend',
          note: 'agreed',
          meetingDate: '2031-04-10',
          newDueDate: newDue,
        },
        meta('board-1'),
      ),
    );
    await t.advanceTo(dueStart(newDue) - 3_000);
    await until(
      () => reminders(actionId),
      (r) => r.includes(`due-soon-2@${newDue}`),
    );
    // Moved to 3 s before the new date: the 4-second reminder's moment has passed, so it goes
    // out at once (catch-up), then the 2-second one at its moment.
    expect((await reminders(actionId)).filter((r) => r.endsWith(newDue))).toEqual([
      `due-soon-1@${newDue}`,
      `due-soon-2@${newDue}`,
    ]);
    await t.bus.execute(new CancelActionCommand(actionId, { reason: 'test over' }, meta()));
  });

  it('high priority escalates one level sooner: level 1 as soon as it is overdue', async () => {
    const due = '2031-05-06';
    t.clock.set(overdueStart(due) + 1_000);
    const high = await t.raise(planId, { dueDate: due, priority: 'high' });
    const medium = await t.raise(planId, { dueDate: due, priority: 'medium' });
    await until(
      () => t.events(high, 'ActionEscalated'),
      (e) => e.length === 1,
    );
    expect(await t.events(medium, 'ActionEscalated')).toHaveLength(0);
    for (const id of [high, medium]) {
      await t.bus.execute(new CancelActionCommand(id, { reason: 'test over' }, meta()));
    }
  });

  it('two off-track reports in a row escalate to level 1 at once', async () => {
    const due = '2031-06-17';
    t.clock.set(dueStart(due) - 10 * 86_400_000);
    const actionId = await t.raise(planId, { dueDate: due });
    const report = () =>
      t.bus.execute(
        new ReportProgressCommand(
          actionId,
          { percentComplete: 10, confidence: 'off-track', note: 'no staff' },
          meta('sam'),
        ),
      );
    await report();
    await sleep(1_000);
    expect(await t.events(actionId, 'ActionEscalated')).toHaveLength(0);
    await report();
    const escalated = await until(
      () => t.events(actionId, 'ActionEscalated'),
      (e) => e.length === 1,
    );
    expect(escalated[0]?.data).toMatchObject({ toLevel: 1, reason: 'off-track', daysOverdue: 0 });
    await until(
      () => t.mailsAbout(actionId).filter((m) => m.rcptTo.includes('clinic@council.example')),
      (m) => m.length === 1,
    );
    await t.bus.execute(new CancelActionCommand(actionId, { reason: 'test over' }, meta()));
  });

  it('a crash between delivery and record sends that reminder twice and records it once', async () => {
    const due = '2031-07-15';
    t.clock.set(dueStart(due) - 1_000);
    const actionId = await t.raise(planId, { dueDate: due });
    t.hooks.crashOnce.add(`reminder:${actionId}:due:${due}:1`);
    // The retry comes after the first backoff (5 s).
    await until(
      () => reminders(actionId),
      (r) => r.includes(`due-1@${due}`),
      20_000,
    );
    expect((await reminders(actionId)).filter((r) => r === `due-1@${due}`)).toHaveLength(1);
    const dueMails = t.mailsAbout(actionId).filter((m) => /due today|is due/i.test(m.text));
    const ids = t.mailsAbout(actionId).map((m) => m.headers['message-id']);
    // The duplicate is counted: exactly one message-id appears twice, the same message.
    expect(ids.length - new Set(ids).size).toBe(1);
    expect(dueMails.length).toBeGreaterThanOrEqual(0);
    await t.bus.execute(new CancelActionCommand(actionId, { reason: 'test over' }, meta()));
  });
  it('an action without an owner gets no reminder; its escalation goes to the board alone', async () => {
    const due = '2031-08-12';
    t.clock.set(overdueStart(due) + 7_000);
    const actionId = await t.raise(planId, { dueDate: due, owner: null });
    await until(
      () => t.events(actionId, 'ActionEscalated'),
      (e) => e.length === 1,
    );
    const [notice] = await until(
      () => t.mailsAbout(actionId),
      (m) => m.length === 1,
    );
    expect(notice?.rcptTo).toEqual(['clinic@council.example']);
    expect(notice?.text).toMatch(/Owner: +no owner assigned/);
    expect(await t.events(actionId, 'ReminderSent')).toHaveLength(0);
    await t.bus.execute(new CancelActionCommand(actionId, { reason: 'test over' }, meta()));
  });

  it('with no owner and a board without an address, the notice goes to the log only, saying why', async () => {
    const bare = await t.createPlan();
    const clinic = BOARDS[0] as (typeof BOARDS)[number];
    await t.bus.execute(new ConfigureBoardCommand(bare, { ...clinic, email: null }, meta('admin')));
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const due = '2031-09-09';
      t.clock.set(overdueStart(due) + 7_000);
      const actionId = await t.raise(bare, { dueDate: due, owner: null });
      await until(
        () => t.events(actionId, 'ActionEscalated'),
        (e) => e.length === 1,
      );
      const chaserStore = t.moduleRef.get(ChaserStore);
      await until(
        () => chaserStore.noticeSentAt(actionId, 1),
        (sentAt) => typeof sentAt === 'string',
      );
      expect(warn).toHaveBeenCalledWith(
        `escalation notice escalation:${actionId}:1 went to the log only: ` +
          'the action has no owner and the Performance Clinic has no email address',
      );
      await sleep(500);
      expect(t.mailsAbout(actionId)).toHaveLength(0);
      await t.bus.execute(new CancelActionCommand(actionId, { reason: 'test over' }, meta()));
    } finally {
      warn.mockRestore();
    }
  });
});
