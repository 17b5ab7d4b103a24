/** What the EventStoreDB adapter tells the shared contract suite, for the real server and the fake alike. */
import { type ContractHarness } from './event-store.contract';

export const ESDB_CONTRACT_NOTES: Pick<ContractHarness, 'unsupported' | 'serialisedWritesReason'> =
  {
    unsupported: {
      'duplicate-event-id-elsewhere':
        'EventStoreDB has no index of event ids across streams, so the adapter only recognises an id ' +
        'already stored where the same append would put it (a retry), not one reused in another stream',
    },
    serialisedWritesReason:
      'the EventStoreDB leader appends to one log in order and readers see it only up to the last ' +
      'indexed commit, so an event never becomes visible before one at an earlier position',
  };

export const ESDB_TAMPER_UNSUPPORTED =
  'a real EventStoreDB offers no way to change a stored event (its log is append-only), so there ' +
  'is nothing to tamper with; verify still recomputes every chain, and the fake-client suite ' +
  'shows it naming an edited event';
