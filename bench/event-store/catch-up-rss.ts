/** Child process of event-store.bench.ts: catches up on the whole log and reports peak RSS. */
import { createEventStore, type EventStoreSettings } from '@asc/event-store';

async function main() {
  const [, , , settingsJson] = process.argv;
  const settings = JSON.parse(settingsJson) as EventStoreSettings;
  const baselineRssMb = process.memoryUsage.rss() / 1024 / 1024;
  const store = await createEventStore(settings);
  let events = 0;
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit: 5000 });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1].position;
  }
  await store.close();
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ events, maxRssMb, baselineRssMb }));
}

void main();
