import { type AppendResult, type ExpectedVersion, type NewEvent } from '../event-store.port';
import { type PostgresEventStore } from './postgres-event-store';

/** An append that has taken its positions but not committed. */
export interface HeldAppend {
  /** The result es_append gave inside the open transaction. */
  readonly result: AppendResult;
  /** Commits; readers may then see the events. */
  release(): Promise<AppendResult>;
  /** Rolls back: the positions it took stay empty for ever. */
  rollback(): Promise<void>;
}

/**
 * For tests: runs the same append as appendToStream on a connection of its own inside BEGIN, and
 * holds the COMMIT back until `release()`. This makes interleavings deterministic: hold A (it
 * takes position N), append B (N+1, committed), check that nobody sees N+1 before N, release A.
 */
export async function holdAppend(
  store: PostgresEventStore,
  stream: string,
  events: readonly NewEvent[],
  expectedVersion: ExpectedVersion,
): Promise<HeldAppend> {
  const request = store.prepareAppend(stream, events, { expectedVersion });
  const client = await store.dedicatedClient();
  // A connection lost while the test holds it must not crash the process.
  const onError = () => undefined;
  client.on('error', onError);
  let done = false;
  const finish = async (sql: 'COMMIT' | 'ROLLBACK') => {
    if (done) throw new Error('this held append has already been released or rolled back');
    done = true;
    try {
      await client.query(sql);
      client.removeListener('error', onError);
      client.release();
    } catch (error) {
      client.removeListener('error', onError);
      client.release(true);
      throw store.mapError(error, request);
    }
  };
  let result: AppendResult;
  try {
    await client.query('BEGIN');
    result = await store.appendOn(client, request);
  } catch (error) {
    await finish('ROLLBACK').catch(() => undefined);
    throw store.mapError(error, request);
  }
  return {
    result,
    release: async () => {
      await finish('COMMIT');
      store.notifyAppended(result.lastPosition);
      return result;
    },
    rollback: () => finish('ROLLBACK'),
  };
}
