import request from 'supertest';
import { startTestApp } from './api-test-app';

/** Bull Board at /admin/queues (issue #5): admins only, by bearer token or board session cookie. */
describe('/admin/queues (Bull Board)', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let admin: string;
  let lead: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin-1', ['admin']);
    lead = await t.token('lead-1', ['lead']);
  });
  afterAll(() => t.close());

  /** The `name=value` part of the session's Set-Cookie, and the whole header. */
  async function session(token = admin, headers: Record<string, string> = {}) {
    const res = await request(t.server)
      .post('/admin/queues/session')
      .set('Authorization', `Bearer ${token}`)
      .set(headers)
      .expect(204);
    const setCookie = [res.headers['set-cookie'] ?? []].flat()[0] as string;
    return { cookie: setCookie.split(';')[0] as string, setCookie };
  }

  it('answers 401 problem details without credentials', async () => {
    const res = await request(t.server).get('/admin/queues').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    expect(res.body).toMatchObject({
      type: 'urn:asc-engine:problem:unauthenticated',
      status: 401,
      reason: 'missing-token',
      instance: '/admin/queues',
    });
    await request(t.server).get('/admin/queues/api/queues').expect(401);
    await request(t.server)
      .get('/admin/queues')
      .set('Authorization', 'Bearer not.a.token')
      .expect(401);
  });

  it('answers 403 to a lead', async () => {
    const res = await request(t.server)
      .get('/admin/queues')
      .set('Authorization', `Bearer ${lead}`)
      .expect(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:asc-engine:problem:forbidden',
      requiredPermission: 'queues:manage',
    });
    await request(t.server)
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${lead}`)
      .expect(403);
  });

  it('serves the board page and its JSON API to an admin bearer token', async () => {
    const page = await request(t.server)
      .get('/admin/queues')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/" />');
    expect(page.text).toContain('<title>ASC chase queue</title>');
    const api = await request(t.server)
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect((api.body as { queues: { name: string }[] }).queues.map((q) => q.name)).toEqual([
      'chase',
    ]);
  });

  it('sets a short, HttpOnly, SameSite=Strict session cookie for /admin/queues only', async () => {
    const { setCookie } = await session();
    expect(setCookie).toMatch(/^asc_queue_board=[\w-]+\.[\w-]+;/);
    expect(setCookie).toContain('Path=/admin/queues;');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure');
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)?.[1])).toBeGreaterThan(890);
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)?.[1])).toBeLessThanOrEqual(900);
    // Behind a TLS-terminating proxy, Secure; and never longer than the bearer token it came from.
    const short = await t.token('admin-2', ['admin'], { ttl: '2m' });
    const behindTls = await session(short, { 'X-Forwarded-Proto': 'https' });
    expect(behindTls.setCookie).toMatch(/; Secure$|; Secure;/);
    expect(Number(/Max-Age=(\d+)/.exec(behindTls.setCookie)?.[1])).toBeLessThanOrEqual(120);
  });

  it('serves the page and the API to an admin by session cookie', async () => {
    const { cookie } = await session();
    const page = await request(t.server).get('/admin/queues').set('Cookie', cookie).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    // The page's scripts and styles load with the same cookie (the browser sends it to the path).
    const script = /src="(static\/js\/main\.[\w.]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    await request(t.server).get(`/admin/queues/${script}`).set('Cookie', cookie).expect(200);
    await request(t.server).get(`/admin/queues/${script}`).expect(401);
    const api = await request(t.server)
      .get('/admin/queues/api/queues')
      .set('Cookie', `theme=dark; ${cookie}`)
      .expect(200);
    expect((api.body as { queues: { name: string }[] }).queues[0]?.name).toBe('chase');
    // Only the board reads the cookie: the rest of the API still wants a bearer token.
    await request(t.server).get('/actions').set('Cookie', cookie).expect(401);
  });

  it('refuses a tampered cookie, and a session for a non-admin', async () => {
    const { cookie } = await session();
    const [body, signature] = cookie.split('=')[1]!.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { exp: number };
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString(
      'base64url',
    );
    const res = await request(t.server)
      .get('/admin/queues/api/queues')
      .set('Cookie', `asc_queue_board=${forged}.${signature}`)
      .expect(401);
    expect(res.body).toMatchObject({ reason: 'bad-signature' });

    const refused = await request(t.server)
      .post('/admin/queues/session')
      .set('Authorization', `Bearer ${lead}`)
      .expect(403);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(refused.body).toMatchObject({ requiredPermission: 'queues:manage' });
    // A session cannot renew itself: the session route takes a bearer token only.
    await request(t.server).post('/admin/queues/session').set('Cookie', cookie).expect(401);
  });

  it('keeps the board’s write actions to its own page when signed in by cookie (CSRF)', async () => {
    const { cookie } = await session();
    const promote = '/admin/queues/api/queues/chase/promote';
    await request(t.server)
      .put(promote)
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'same-site')
      .expect(403);
    await request(t.server)
      .put(promote)
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .expect(403);
    await request(t.server)
      .put(promote)
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(200);
    await request(t.server).put(promote).set('Cookie', `asc_queue_board=x.y`).expect(401);
    await request(t.server).put(promote).set('Authorization', `Bearer ${lead}`).expect(403);
    await request(t.server).put(promote).set('Authorization', `Bearer ${admin}`).expect(200);
  });
});
