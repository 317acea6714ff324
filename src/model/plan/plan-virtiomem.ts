// Planner, virtio-mem: attach a device (inverse: detach), resize it by changing only <requested>
// (libvirt's device update; inverse: the old requested size), detach (inverse: attach the XML as read).
// Each side (live, next boot) uses its own copy of the device: libvirt matches an update or a detach by
// the alias and address in the XML, which may differ between the two definitions.
import { _ } from "../i18n.ts";
import type { KiB, MemoryDevice, Tuning } from "../types.ts";
import { directChildren, findPath, firstChild, parseXml, removeNode, serializeXml, setText } from "../domain/xml-dom.ts";
import { checkRequested, checkVirtioMemAttach, isVirtioMem } from "../rules/rules-virtiomem.ts";
import type { AreaResult, Op, PlannedOp, Unit } from "./plan-ops.ts";
import { refusal } from "./plan-ops.ts";
import type { AreaContext } from "./plan-types.ts";

/** <memory model='virtio-mem'> with size, node, block, requested and the user alias that names it on
 *  both sides (libvirt keeps a ua- alias in the live and the next-boot definition). */
export function virtioMemXml(req: { size: KiB; node: number; block: KiB; requested: KiB }, alias?: string): string {
    const doc = parseXml("<memory model='virtio-mem'><target><size unit='KiB'/><node/><block unit='KiB'/><requested unit='KiB'/></target></memory>", "memory");
    const root = doc.documentElement;
    const set = (name: string, value: number) => {
        const el = findPath(root, ["target", name]);
        if (el === undefined)
            throw new Error("virtio-mem template");
        setText(el, String(value));
    };
    set("size", req.size);
    set("node", req.node);
    set("block", req.block);
    set("requested", req.requested);
    if (alias !== undefined) {
        const aliasEl = doc.createElement("alias");
        aliasEl.setAttribute("name", alias);
        root.appendChild(aliasEl);
    }
    return serializeXml(root);
}

/**
 * The device's own XML with <requested> set to `kib` (in KiB) and nothing else changed, as
 * UpdateDevice wants it. <current> (live only) is dropped: libvirt only writes it, never reads it,
 * and without it the live and next-boot copies of one device are the same text.
 */
export function withRequested(deviceXml: string, kib: KiB): string {
    const doc = parseXml(deviceXml, "memory");
    const target = firstChild(doc.documentElement, "target");
    const requested = target ? firstChild(target, "requested") : undefined;
    if (target === undefined || requested === undefined)
        throw new Error(_("The device has no <requested> size: it is not a virtio-mem device"));
    requested.setAttribute("unit", "KiB");
    setText(requested, String(kib));
    for (const current of directChildren(target, "current"))
        removeNode(current);
    return serializeXml(doc.documentElement);
}

/** The first ua-vmtune-vmemN alias no memory device of any side has. */
function freeAlias(sides: readonly { tuning: Tuning }[]): string {
    const taken = new Set(sides.flatMap(s => s.tuning.memoryDevices.map(m => m.alias)));
    let n = 0;
    while (taken.has(`ua-vmtune-vmem${n}`))
        n++;
    return `ua-vmtune-vmem${n}`;
}

/** A side's own copy of a virtio-mem device: by user alias (the same on both sides), else by PCI address,
 *  else the only one of that size, node and block; "ambiguous" when several could be it. */
export function findVirtioMem(t: Tuning, dev: MemoryDevice): MemoryDevice | "ambiguous" | undefined {
    const all = t.memoryDevices.filter(isVirtioMem);
    if (dev.alias?.startsWith("ua-"))
        return all.find(m => m.alias === dev.alias);
    if (dev.pci !== undefined) {
        const byAddress = all.find(m => m.pci === dev.pci);
        if (byAddress !== undefined)
            return byAddress;
    }
    const same = all.filter(m => m.size === dev.size && m.node === dev.node && m.block === dev.block);
    return same.length > 1 ? "ambiguous" : same[0];
}

/** How virsh update-memory-device finds this device on a side: its alias, else its node when no other
 *  virtio-mem device of the side is on that node (else virsh needs nothing only when it is the one). */
function selector(t: Tuning, own: MemoryDevice): { alias?: string; node?: number } {
    if (own.alias !== undefined)
        return { alias: own.alias };
    const onNode = t.memoryDevices.filter(m => isVirtioMem(m) && m.node === own.node);
    return own.node !== undefined && onNode.length === 1 ? { node: own.node } : {};
}

function updateOp(t: Tuning, own: MemoryDevice, kib: KiB): Op {
    return { kind: "update-device", xml: withRequested(own.xml, kib), requested: kib, ...selector(t, own) };
}

const AMBIGUOUS = () => _("Several identical virtio-mem devices without an alias or address: libvirt could change another one than this. Use virsh giving its alias");

/** virtio-mem attach, resize and detach, per side. */
export function planVirtioMem(ctx: AreaContext): AreaResult {
    const result: AreaResult = { units: [], refusals: [] };
    const d = ctx.desired;
    for (const req of d.attachVirtioMem ?? []) {
        if (![req.size, req.block, req.requested, req.node].every(n => Number.isSafeInteger(n) && n >= 0)) {
            result.refusals.push(refusal("virtiomem", _("Enter whole sizes for the virtio-mem device")));
            continue;
        }
        // the rules the dialog showed, again on every side the plan touches: libvirt would refuse the rest
        const errors = ctx.sides.flatMap(s => checkVirtioMemAttach(s.tuning, req))
            .filter(f => f.severity === "error");
        if (errors.length > 0) {
            result.refusals.push(...errors.filter((f, i) => errors.findIndex(o => o.message === f.message) === i));
            continue;
        }
        const xml = virtioMemXml(req, freeAlias(ctx.sides));
        const op: Op = { kind: "attach-device", xml, size: req.size, node: req.node, requested: req.requested };
        const inverse: Op = { kind: "detach-device", xml, size: req.size, node: req.node, requested: req.requested };
        const unit: Unit = { field: "virtiomem" };
        for (const side of ctx.sides)
            unit[side.scope] = [{ op, inverse }];
        result.units.push(unit);
    }
    for (const want of d.resizeVirtioMem ?? []) {
        if (!Number.isSafeInteger(want.requested) || want.requested < 0) {
            result.refusals.push(refusal("virtiomem.requested", _("Enter a whole requested size")));
            continue;
        }
        const unit: Unit = { field: "virtiomem.requested" };
        for (const side of ctx.sides) {
            const own = findVirtioMem(side.tuning, want.device);
            if (own === "ambiguous") {
                result.refusals.push(refusal("virtiomem.requested", AMBIGUOUS()));
                continue;
            }
            if (own === undefined) {
                result.refusals.push(refusal("virtiomem.requested", side.scope === "live"
                    ? _("The running VM does not have this virtio-mem device: choose Next boot")
                    : _("The next-boot definition does not have this virtio-mem device: choose Live")));
                continue;
            }
            const bad = checkRequested(want.requested, own.size, own.block);
            if (bad.length > 0) {
                result.refusals.push(...bad);
                continue;
            }
            const old = own.requested ?? 0;
            if (old === want.requested)
                continue;
            const planned: PlannedOp = { op: updateOp(side.tuning, own, want.requested), inverse: updateOp(side.tuning, own, old) };
            unit[side.scope] = [planned];
        }
        result.units.push(unit);
    }
    for (const dev of d.detachVirtioMem ?? []) {
        const unit: Unit = { field: "virtiomem" };
        for (const side of ctx.sides) {
            const own = findVirtioMem(side.tuning, dev);
            if (own === undefined)
                continue;
            if (own === "ambiguous") {
                result.refusals.push(refusal("virtiomem", AMBIGUOUS()));
                continue;
            }
            // attached again as read, without the guest's <current>: the requested size comes back with it
            const xml = withRequested(own.xml, own.requested ?? 0);
            unit[side.scope] = [{
                op: { kind: "detach-device", xml, size: own.size, node: own.node, requested: own.requested ?? 0 },
                inverse: { kind: "attach-device", xml, size: own.size, node: own.node, requested: own.requested ?? 0 },
            }];
        }
        result.units.push(unit);
    }
    if (result.refusals.length > 0)
        return { units: [], refusals: result.refusals };
    return result;
}
