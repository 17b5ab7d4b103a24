import request from 'supertest';
import { ReadModels } from '@asc/read-models';
import { startTestApp } from './api-test-app';

describe('/metrics and read-model readiness', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin-1', ['admin']);
  });
  afterAll(() => t.close());

  const metric = (text: string, line: RegExp) => {
    const found = text.split('\n').find((l) => line.test(l));
    return found === undefined ? undefined : Number(found.split(' ').pop());
  };

  it('reports the log head, each projection’s position and lag, without a token', async () => {
    const created = await request(t.server)
      .post('/plans')
      .set('Authorization', `Bearer ${admin}`)
      .send({ authority: 'Medway', title: 'Plan' })
      .expect(201);
    await request(t.server)
      .get(`/actions?minPosition=${created.body.position}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const res = await request(t.server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(metric(res.text, /^asc_event_store_head_position /)).toBe(created.body.position);
    expect(metric(res.text, /^asc_projection_position\{projection="action-register"\} /)).toBe(
      created.body.position,
    );
    expect(metric(res.text, /^asc_projection_lag_events\{projection="plan-summary"\} /)).toBe(0);
    expect(res.text).toMatch(/^asc_projection_events_applied_total\{projection="plan-summary"\} /m);
    expect(res.text).toMatch(/^asc_process_cpu_seconds_total /m);
  });

  it('reports the chase queue: depth by state and the age of the oldest overdue job', async () => {
    const res = await request(t.server).get('/metrics').expect(200);
    expect(metric(res.text, /^asc_chase_queue_depth\{state="delayed"\} /)).toBeGreaterThanOrEqual(
      0,
    );
    expect(metric(res.text, /^asc_chase_oldest_overdue_job_age_seconds /)).toBe(0);
    expect(res.text).toMatch(/^# TYPE asc_chase_reminders_sent_total counter/m);
  });

  it('health is not ready while a projection is stopped, and ready again when it runs', async () => {
    expect((await request(t.server).get('/health')).status).toBe(200);
    const runner = t.app.get(ReadModels).runner('plan-summary');
    await runner.stop();
    try {
      const down = await request(t.server).get('/health').expect(503);
      expect(down.body.error.readModels.message).toMatch(/plan-summary stopped/);
    } finally {
      runner.start();
    }
    expect((await request(t.server).get('/health')).status).toBe(200);
  });
});
