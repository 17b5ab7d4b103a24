import { randomBytes } from 'node:crypto';
import { AuthenticationError } from '@asc/auth';
import { cookieValues, QueueBoardSessions } from '../src/admin/queue-board';

describe('Bull Board sessions', () => {
  const admin = { id: 'admin-1', name: 'Ada Admin', roles: ['admin'] as const };
  let now = Date.parse('2026-01-05T09:00:00Z');
  const sessions = new QueueBoardSessions(randomBytes(32), () => now);

  it('last 15 minutes, or less when the bearer token expires sooner', () => {
    const { token, maxAge } = sessions.issue({ ...admin, roles: [...admin.roles] });
    expect(maxAge).toBe(900);
    expect(sessions.verify(token)).toEqual({ ...admin, roles: ['admin'] });
    now += 899_000;
    expect(sessions.verify(token).id).toBe('admin-1');
    now += 1_000;
    expect(() => sessions.verify(token)).toThrow(
      expect.objectContaining({ reason: 'expired' }) as AuthenticationError,
    );
    expect(sessions.issue({ ...admin, roles: ['admin'] }, now / 1000 + 60).maxAge).toBe(60);
  });

  it('refuse a session signed with another key (another process, or a forgery)', () => {
    const other = new QueueBoardSessions(randomBytes(32), () => now);
    const { token } = other.issue({ ...admin, roles: ['admin'] });
    expect(() => sessions.verify(token)).toThrow(
      expect.objectContaining({ reason: 'bad-signature' }) as AuthenticationError,
    );
    expect(() => sessions.verify('no-dot')).toThrow(
      expect.objectContaining({ reason: 'malformed' }) as AuthenticationError,
    );
  });

  it('are read from a Cookie header by exact name, every value in order', () => {
    const header = 'x_asc_queue_board=a; asc_queue_board="b.c";theme=dark; asc_queue_board=d.e';
    expect(cookieValues(header, 'asc_queue_board')).toEqual(['b.c', 'd.e']);
    expect(cookieValues(undefined, 'asc_queue_board')).toEqual([]);
    expect(cookieValues('asc_queue_board', 'asc_queue_board')).toEqual([]);
  });
});
