// Runs the CLI from source as a separate process (what `weread-sync` does), for the security tests that spawn it.
import { main } from '../../src/node/cli';

await main();
