import request from 'supertest';
import { startTestApp } from './api-test-app';

type App = Awaited<ReturnType<typeof startTestApp>>;

/** domain.md's default policy, as a client sends it. */
const DEFAULT_POLICY = {
  reminderLeadTimes: ['P7D', 'P1D'],
  remindOnDueDate: true,
  overdueReminderInterval: 'P7D',
  escalationThresholds: [
    { level: 1, overdueBy: 'P14D' },
    { level: 2, overdueBy: 'P28D' },
    { level: 3, overdueBy: 'P56D' },
  ],
  highPriorityLevelsSooner: 1,
  consecutiveOffTrackToEscalate: 2,
  offTrackEscalationLevel: 1,
};

describe('PUT /plans/:planId/policy', () => {
  let t: App;
  let admin: string;
  let planId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin-1', ['admin']);
    planId = (
      await request(t.server)
        .post('/plans')
        .set('Authorization', `Bearer ${admin}`)
        .send({ authority: 'Medway Council', title: 'ASC improvement plan' })
        .expect(201)
    ).body.planId;
  });
  afterAll(() => t.close());

  const putPolicy = (id: string, body: object) =>
    request(t.server).put(`/plans/${id}/policy`).set('Authorization', `Bearer ${admin}`).send(body);
  const planVersion = () => t.store.streamVersion(`plan-${planId}`);

  describe('bad input: 400 naming the field, and the plan does not move', () => {
    // [case, policy changes, field]
    const cases: [string, Record<string, unknown>, string][] = [
      ['a negative duration', { overdueReminderInterval: '-P7D' }, 'overdueReminderInterval'],
      ['an unparsable duration', { reminderLeadTimes: ['P7D', 'a week'] }, 'reminderLeadTimes[1]'],
      ['a zero duration', { reminderLeadTimes: ['P0D'] }, 'reminderLeadTimes[0]'],
      ['a zero time duration', { overdueReminderInterval: 'PT0S' }, 'overdueReminderInterval'],
      [
        'a threshold duration with no parts at all',
        { escalationThresholds: [{ level: 1, overdueBy: 'P' }] },
        'escalationThresholds[0].overdueBy',
      ],
      [
        'thresholds that do not increase in time',
        {
          escalationThresholds: [
            { level: 1, overdueBy: 'P28D' },
            { level: 2, overdueBy: 'P4W' },
          ],
        },
        'escalationThresholds[1].overdueBy',
      ],
      [
        'thresholds that do not increase in level',
        {
          escalationThresholds: [
            { level: 2, overdueBy: 'P14D' },
            { level: 2, overdueBy: 'P28D' },
          ],
        },
        'escalationThresholds[1].level',
      ],
      ['the same lead time twice', { reminderLeadTimes: ['P1W', 'P7D'] }, 'reminderLeadTimes'],
      [
        'an escalation level with no board (the plan has the three default boards)',
        {
          escalationThresholds: [
            { level: 1, overdueBy: 'P14D' },
            { level: 4, overdueBy: 'P28D' },
          ],
        },
        'escalationThresholds[1].level',
      ],
      [
        'an off-track level with no board',
        { offTrackEscalationLevel: 6 },
        'offTrackEscalationLevel',
      ],
    ];

    it.each(cases)('%s', async (_name, changes, field) => {
      const before = await planVersion();
      const res = await putPolicy(planId, { ...DEFAULT_POLICY, ...changes }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field, rule: expect.stringContaining(field) }]);
      expect(await planVersion()).toBe(before);
    });
  });

  it('accepts a PT30S demo policy, and shows it on the plan', async () => {
    const demo = {
      ...DEFAULT_POLICY,
      reminderLeadTimes: ['PT1M', 'PT30S'],
      overdueReminderInterval: 'PT30S',
      escalationThresholds: [
        { level: 1, overdueBy: 'PT30S' },
        { level: 2, overdueBy: 'PT1M' },
        { level: 3, overdueBy: 'PT1M30S' },
      ],
    };
    const before = await planVersion();
    const { position } = (await putPolicy(planId, demo).expect(200)).body;
    expect(await planVersion()).toBe(before + 1);
    const plan = await request(t.server)
      .get(`/plans/${planId}`)
      .query({ minPosition: position })
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(plan.body.chasingPolicy).toEqual(demo);
  });

  it('once boards are configured, only their levels can be used', async () => {
    await request(t.server)
      .put(`/plans/${planId}/boards/clinic`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'Performance Clinic', level: 1, email: 'clinic@council.example' })
      .expect(200);
    const before = await planVersion();
    const res = await putPolicy(planId, DEFAULT_POLICY).expect(400);
    expect(res.body.errors).toEqual([
      {
        field: 'escalationThresholds[1].level',
        rule: expect.stringMatching(/no board at level 2/),
      },
    ]);
    expect(await planVersion()).toBe(before);
    await putPolicy(planId, {
      ...DEFAULT_POLICY,
      escalationThresholds: [{ level: 1, overdueBy: 'P14D' }],
    }).expect(200);
  });
});
