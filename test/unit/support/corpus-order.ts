// Where libvirt puts an element: the check shared by the corpus tests.
import { childOrder } from "../../../src/model/domain/domain-schema.ts";

/**
 * The element at `path` sits where libvirt's order puts it among its known siblings; with `from`,
 * only the steps from that depth on are judged (those above it were there before the edit).
 */
export function misplaced(root: Element, fieldPath: readonly string[], from = 0): string | undefined {
    let parent: Element | undefined = root;
    for (let i = 0; i < fieldPath.length; i++) {
        const name = fieldPath[i] as string;
        const order = childOrder(fieldPath.slice(0, i));
        const children: Element[] = Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1);
        const el = children.find(c => c.nodeName === name);
        if (!el)
            return `no <${name}>`;
        // the siblings' own order, without the element judged (with it, a misplaced one would excuse itself)
        const ranks = children.filter(c => c.nodeName !== name).map(c => order.indexOf(c.nodeName)).filter(r => r >= 0);
        const at = children.indexOf(el);
        const rank = order.indexOf(name);
        const before = children.slice(0, at).map(c => order.indexOf(c.nodeName)).filter(r => r > rank);
        const after = children.slice(at + 1).map(c => order.indexOf(c.nodeName)).filter(r => r >= 0 && r < rank);
        // only judge what the original order allows: siblings already out of order are not ours
        const sorted = ranks.every((r, k) => k === 0 || (ranks[k - 1] ?? 0) <= r);
        if (i >= from && rank >= 0 && sorted && (before.length > 0 || after.length > 0))
            return `<${name}> out of libvirt's order`;
        parent = el;
    }
    return undefined;
}
