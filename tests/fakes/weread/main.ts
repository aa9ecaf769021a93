// Owns `npm run fake-weread`: starts the fake WeRead server from the command line for manual tries and the demo.
import { generateLibrary, loadFixtureLibrary } from './library';
import { startFakeWeRead } from './server';

function flag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} needs a non-negative integer`);
    process.exit(2);
  }
  return value;
}

const port = flag('port') ?? 0;
const latencyMs = flag('latency') ?? 0;
const generate = flag('generate');
const books =
  generate !== undefined
    ? generateLibrary({ books: generate, highlightsPerBook: 120, thoughtsPerBook: 8, seed: 42 })
    : loadFixtureLibrary();

const fake = await startFakeWeRead({ books, port, latencyMs });
// These are the fake server's own test credentials: printing them is the point of this command.
console.log(`fake WeRead: ${books.length} books, latency ${latencyMs} ms`);
console.log(`V1 base URL:  ${fake.baseUrl}`);
console.log(`gateway URL:  ${fake.gatewayUrl}`);
console.log(`cookie:       ${fake.cookieHeader}`);
console.log(`API key:      ${fake.apiKey}`);
console.log('Ctrl-C to stop.');

process.on('SIGINT', () => {
  void fake.close().then(() => process.exit(0));
});
