// Which parts of a domain an edit touched, from xml-canon.ts's facts: the fact differences
// outside one subtree (a path below <domain>) and its ancestors' own elements.
import { factDiff } from "./xml-canon.ts";

/** Facts that differ between `before` and `after` outside `tree`; [] when the edit stayed inside. */
export function changesOutside(before: string[], after: string[], tree: readonly string[]): string[] {
    const treePath = ["/domain", ...tree].join("/");
    const ancestors = tree.map((_, i) => ["/domain", ...tree.slice(0, i)].join("/"));
    return [...factDiff(before, after), ...factDiff(after, before)].filter(f => {
        const p = f.split(/[ #]/)[0] ?? "";
        return !(p === treePath || p.startsWith(treePath + "/") || ancestors.includes(p));
    });
}
