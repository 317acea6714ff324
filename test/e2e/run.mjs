// End-to-end flows in Debian's chromium on the real stack. `node test/e2e/run.mjs [filename filter…]`
import path from "node:path";
import { runQunit } from "../tools/run-qunit.mjs";
import { holdStackLock } from "../tools/stack-lock.mjs";

holdStackLock();

process.exit(runQunit(path.dirname(new URL(import.meta.url).pathname), process.argv.slice(2)));
