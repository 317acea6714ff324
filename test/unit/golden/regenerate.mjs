// Rewrites every NAME.out.xml here from the current editTuning: `node test/unit/golden/regenerate.mjs`.
// Review the result with `git diff test/unit/golden` before committing it (see README.md).
import { register } from "tsx/esm/api";

register();
const { installXmldom } = await import("../support/xml-canon.ts");
const { regenerateAll } = await import("../support/golden.ts");
installXmldom();
const changed = regenerateAll();
console.log(changed.length === 0 ? "golden outputs unchanged" : `rewrote ${changed.length}: ${changed.join(", ")}`);
