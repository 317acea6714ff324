// Unit tests: pure logic in Node. `node test/unit/run.mjs [filename filter…]`
import path from "node:path";
import { runQunit } from "../tools/run-qunit.mjs";

process.exit(runQunit(path.dirname(new URL(import.meta.url).pathname), process.argv.slice(2)));
