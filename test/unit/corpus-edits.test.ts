// editTuning over libvirt 9.0.0's 1070 test domains, for every kind of edit it supports: each domain
// gets a valid edit of each kind derived from its own values (or, where the domain cannot take it, the
// edit editTuning must refuse with a reason). For every edit:
//  (a) the output equals the input canonically once the elements the edit names are taken out of both
//      (corpus-strip.ts: not a substring check, the whole document);
//  (b) the output validates with libvirt's schema (virt-xml-validate, batched) wherever the input did;
//  (c) readTuning of the output gives the intended value.
import QUnit from "qunit";
import { installXmldom } from "./support/xml-canon.ts";
import { loadCorpus } from "./support/corpus-files.ts";
import { strayDifference } from "./support/corpus-strip.ts";
import { misplaced } from "./support/corpus-order.ts";
import type { Named } from "./support/corpus-strip.ts";
import { validateDomains, virtXmlValidateOne } from "./support/corpus-validate.ts";
import { editTuning, readTuning, readTuningOf } from "../../src/model/domain/domain-xml.ts";
import { MEMTUNE_KEYS, SCHEDULER_KEYS } from "../../src/model/types.ts";
import type { MemtuneKey, SchedulerKey, Tuning, TuningChange } from "../../src/model/types.ts";

installXmldom();

interface Domain {
    name: string;
    xml: string;
    tuning: Tuning;
    root: Element;
}

/** A valid edit, what it may change, and how to see it was made. */
interface Edit {
    change: TuningChange;
    named: Named[];
    /** a problem with the read-back value, or undefined */
    check(after: Tuning): string | undefined;
}

/** An edit the domain cannot take: editTuning must throw an Error whose message matches. */
interface Refusal {
    change: TuningChange;
    refuse: RegExp;
}

interface EditKind {
    name: string;
    /** undefined: the kind does not apply to this domain (counted, and it must apply to some) */
    derive(d: Domain): Edit | Refusal | undefined;
}

const { files } = loadCorpus();
const domains: Domain[] = [];
for (const f of files) {
    try {
        const tuning = readTuning(f.xml);
        domains.push({ ...f, tuning, root: new DOMParser().parseFromString(f.xml, "application/xml").documentElement });
    } catch {
        // corpus.test.ts reports the files that do not read; they have nothing to edit
    }
}

function child(el: Element | undefined, name: string): Element | undefined {
    if (!el)
        return undefined;
    for (let n = el.firstChild; n !== null; n = n.nextSibling) {
        if (n.nodeType === 1 && n.nodeName === name)
            return n as Element;
    }
    return undefined;
}

function at(root: Element, path: readonly string[]): Element | undefined {
    let el: Element | undefined = root;
    for (const step of path)
        el = child(el, step);
    return el;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const expectValue = (what: string, got: unknown, want: unknown) =>
    same(got, want) ? undefined : `${what}: wanted ${JSON.stringify(want)}, read ${JSON.stringify(got)}`;

/** The named parts of an element-valued field: its text and unit, or the whole element when it is new. */
function sizeNamed(d: Domain, path: string[]): Named[] {
    return at(d.root, path) ? [{ path, text: true }, { path, attr: "unit" }] : [{ path }];
}

/** One attribute of an element, or the element itself when the edit creates it. */
function attrNamed(d: Domain, path: string[], attr: string, key?: readonly [string, string]): Named[] {
    const el = at(d.root, path);
    const exists = el !== undefined && (key === undefined ||
        Array.from(el.parentNode?.childNodes ?? []).some(n => n.nodeType === 1 && n.nodeName === path[path.length - 1] &&
            (n as Element).getAttribute(key[0]) === key[1]));
    return exists ? [{ path, attr, ...(key ? { key } : {}) }] : [{ path, ...(key ? { key } : {}) }];
}

const SCHEDULER_VALUES: Record<SchedulerKey, [number, number]> = {
    shares: [2048, 4096], period: [100000, 200000], quota: [50000, 60000], global_period: [100000, 200000],
    global_quota: [50000, 60000], emulator_period: [100000, 200000], emulator_quota: [50000, 60000],
    iothread_period: [100000, 200000], iothread_quota: [50000, 60000],
};

function otherOf<T>(current: T | undefined, a: T, b: T): T {
    return current === a ? b : a;
}

/** A memtune value that keeps libvirt's hard ≤ swap_hard rule with the other limits as they are. */
function memtuneValue(m: Tuning["memtune"], key: MemtuneKey): number {
    const old = m[key];
    if (key === "hard_limit") {
        const cap = m.swap_hard_limit ?? Infinity;
        const want = old === undefined ? 1048576 : old > 2048 ? old - 1024 : old + 1024;
        return Math.min(want, cap);
    }
    if (key === "swap_hard_limit") {
        const floor = m.hard_limit ?? 0;
        return Math.max(old === undefined ? 2097152 : old + 1024, floor);
    }
    return old === undefined ? 1048576 : old + 1024;
}

/** The <cpu> parts a mode change names: the mode, libvirt's match (custom only) and the model (dropped by
 *  host-passthrough and maximum); the whole <cpu> when the edit creates it. */
function cpuNamed(d: Domain, extra: Named[] = []): Named[] {
    return at(d.root, ["cpu"]) === undefined ? [{ path: ["cpu"] }]
        : [{ path: ["cpu"], attr: "mode" }, { path: ["cpu"], attr: "match" }, { path: ["cpu", "model"] }, ...extra];
}

/** A custom CPU without a named model takes no features (libvirt: "Non-empty feature list specified without CPU model"). */
const modelless = (t: Tuning) => (t.cpu.mode ?? "custom") === "custom" && t.cpu.model === undefined;

const CPU_MODEL_KINDS: EditKind[] = [
    {
        name: "cpu mode host-model",
        derive: d => {
            const back = d.tuning.cpu.mode === "host-model";
            const change: TuningChange = back ? { cpuModel: { mode: "custom", model: "Haswell" } } : { cpuModel: { mode: "host-model", model: null } };
            return {
                change,
                named: cpuNamed(d),
                check: t => back ? expectValue("cpu", [t.cpu.mode, t.cpu.model], ["custom", "Haswell"])
                    : expectValue("cpu", [t.cpu.mode, t.cpu.model], ["host-model", undefined]),
            };
        },
    },
    {
        name: "cpu mode host-passthrough migratable",
        derive: d => {
            const migratable = d.tuning.cpu.mode === "host-passthrough" ? !(d.tuning.cpu.migratable ?? true) : false;
            return {
                change: { cpuModel: { mode: "host-passthrough", migratable } },
                named: cpuNamed(d, [{ path: ["cpu"], attr: "migratable" }]),
                check: t => expectValue("cpu", [t.cpu.mode, t.cpu.model, t.cpu.migratable], ["host-passthrough", undefined, migratable]),
            };
        },
    },
    {
        name: "cpu features",
        derive: d => {
            if (modelless(d.tuning))
                return undefined;
            // the first feature's policy flipped, one new feature, the rest as they are
            const old = d.tuning.cpu.features;
            const flipped = old.map((f, i) => i === 0 ? { ...f, policy: f.policy === "disable" ? "require" as const : "disable" as const } : f);
            const extra = old.some(f => f.name === "pdpe1gb") ? [] : [{ name: "pdpe1gb", policy: "require" as const }];
            const value = [...flipped, ...extra];
            return {
                change: { cpuModel: { features: value } },
                named: at(d.root, ["cpu"]) === undefined ? [{ path: ["cpu"] }] : [{ path: ["cpu", "feature"] }],
                check: t => expectValue("features", t.cpu.features, value),
            };
        },
    },
    {
        name: "cpu cache",
        derive: d => {
            const value = d.tuning.cpu.cache?.mode === "passthrough" ? { mode: "emulate" as const, level: 3 } : { mode: "passthrough" as const };
            return {
                change: { cpuModel: { cache: value } },
                named: at(d.root, ["cpu"]) === undefined ? [{ path: ["cpu"] }] : [{ path: ["cpu", "cache"] }],
                check: t => expectValue("cache", t.cpu.cache, value),
            };
        },
    },
];

const KINDS: EditKind[] = [
    {
        name: "vcpu max",
        derive: d => {
            const max = d.tuning.vcpu.max + 1;
            const hadVcpu = at(d.root, ["vcpu"]) !== undefined;
            return {
                change: { vcpu: { max } },
                named: hadVcpu ? [{ path: ["vcpu"], text: true }] : [{ path: ["vcpu"] }],
                check: t => expectValue("vcpu max", t.vcpu.max, max),
            };
        },
    },
    {
        name: "vcpu current",
        derive: d => {
            const { max, current } = d.tuning.vcpu;
            const value = max === 1 ? 1 : otherOf(current, max - 1, max);
            const enabled = d.tuning.vcpus.filter(v => v.enabled).length;
            if (d.tuning.vcpus.length > 0 && value !== enabled) // cpu-hotplug-startup.xml: libvirt counts <vcpus>
                return { change: { vcpu: { current: value } }, refuse: /lists its vCPUs in <vcpus>/ };
            return {
                change: { vcpu: { current: value } },
                named: attrNamed(d, ["vcpu"], "current"),
                check: t => expectValue("vcpu current", [t.vcpu.current, t.vcpu.max], [value, max]),
            };
        },
    },
    {
        name: "vcpu current above 1 without <vcpu>",
        derive: d => at(d.root, ["vcpu"]) === undefined
            ? { change: { vcpu: { current: 2 } }, refuse: /no <vcpu> element, so it has 1 vCPU/ }
            : undefined,
    },
    {
        name: "vcpu placement",
        derive: d => {
            const value = otherOf(d.tuning.vcpu.placement, "auto", "static");
            return {
                change: { vcpu: { placement: value } },
                named: attrNamed(d, ["vcpu"], "placement"),
                check: t => expectValue("vcpu placement", t.vcpu.placement, value),
            };
        },
    },
    {
        name: "vcpu cpuset",
        derive: d => {
            const value = otherOf(d.tuning.vcpu.cpuset, "0-1", "1");
            return {
                change: { vcpu: { cpuset: value } },
                named: attrNamed(d, ["vcpu"], "cpuset"),
                check: t => expectValue("vcpu cpuset", t.vcpu.cpuset, value),
            };
        },
    },
    {
        name: "topology",
        derive: d => {
            const max = d.tuning.vcpu.max;
            const old = d.tuning.cpu.topology;
            // sockets × dies × cores × threads = the maximum vCPUs, as libvirt wants
            let value = { sockets: max, dies: 1, cores: 1, threads: 1 };
            if (same(old, value))
                value = max % 2 === 0 ? { sockets: max / 2, dies: 1, cores: 2, threads: 1 } : { sockets: 1, dies: 1, cores: max, threads: 1 };
            return {
                change: { topology: value },
                named: [{ path: ["cpu", "topology"] }],
                check: t => expectValue("topology", t.cpu.topology, value),
            };
        },
    },
    {
        name: "guest NUMA cells",
        derive: d => {
            const cells = d.tuning.cpu.cells;
            const first = cells[0];
            if (first === undefined) {
                if (d.tuning.memory <= 0)
                    return undefined;
                const max = d.tuning.vcpu.max;
                const cell = { id: 0, cpus: max > 1 ? `0-${max - 1}` : "0", memory: d.tuning.memory, distances: [] };
                return {
                    change: { cells: [cell] },
                    named: [{ path: ["cpu", "numa"] }],
                    check: t => expectValue("cells", t.cpu.cells, [cell]),
                };
            }
            const memory = first.memory > 2048 ? first.memory - 1024 : first.memory + 1024;
            const wanted = cells.map(c => c === first ? { ...c, memory } : c);
            const key = ["id", String(first.id)] as const;
            return {
                change: { cells: wanted },
                named: [{ path: ["cpu", "numa", "cell"], key, attr: "memory" }, { path: ["cpu", "numa", "cell"], key, attr: "unit" }],
                check: t => expectValue("cells", t.cpu.cells, wanted),
            };
        },
    },
    {
        name: "memory",
        derive: d => {
            if (d.tuning.cpu.cells.length > 0)
                return undefined; // libvirt makes <memory> the sum of the cells: edit the cells
            const value = d.tuning.memory + 1024;
            return {
                change: { memory: value },
                named: sizeNamed(d, ["memory"]),
                check: t => expectValue("memory", t.memory, value),
            };
        },
    },
    {
        name: "currentMemory",
        derive: d => {
            const { memory, currentMemory } = d.tuning;
            if (memory <= 0)
                return undefined;
            const value = otherOf(currentMemory, memory > 2048 ? memory - 1024 : memory, memory);
            return {
                change: { currentMemory: value },
                named: sizeNamed(d, ["currentMemory"]),
                check: t => expectValue("currentMemory", t.currentMemory, value),
            };
        },
    },
    {
        name: "maxMemory and slots",
        derive: d => {
            const old = d.tuning.maxMemory;
            const size = old ? (old.size + 1048576 > Number.MAX_SAFE_INTEGER ? old.size - 1048576 : old.size + 1048576) : d.tuning.memory + 4194304;
            const value = { size, slots: old ? old.slots + 1 : 16 };
            return {
                change: { maxMemory: value },
                named: [{ path: ["maxMemory"] }],
                check: t => expectValue("maxMemory", t.maxMemory, value),
            };
        },
    },
    ...SCHEDULER_KEYS.map((key): EditKind => ({
        name: `cputune ${key}`,
        derive: d => {
            const [a, b] = SCHEDULER_VALUES[key];
            const value = otherOf(d.tuning.cputune[key], a, b);
            return {
                change: { cputune: { [key]: value } },
                named: [{ path: ["cputune", key] }],
                check: t => expectValue(key, t.cputune[key], value),
            };
        },
    })),
    {
        name: "emulatorpin",
        derive: d => {
            const value = otherOf(d.tuning.cputune.emulatorpin, "0-1", "1");
            return {
                change: { cputune: { emulatorpin: value } },
                named: attrNamed(d, ["cputune", "emulatorpin"], "cpuset"),
                check: t => expectValue("emulatorpin", t.cputune.emulatorpin, value),
            };
        },
    },
    {
        name: "vcpupin",
        derive: d => {
            const pins = d.tuning.cputune.vcpupin;
            const first = pins[0] ?? { id: 0, cpuset: "" };
            const pin = { id: first.id, cpuset: otherOf(first.cpuset, "0", "1") };
            const wanted = pins.length === 0 ? [pin] : pins.map(p => p === first ? pin : p);
            return {
                change: { cputune: { vcpupin: wanted } },
                named: attrNamed(d, ["cputune", "vcpupin"], "cpuset", ["vcpu", String(pin.id)]),
                check: t => expectValue("vcpupin", t.cputune.vcpupin, wanted),
            };
        },
    },
    {
        name: "iothreadpin",
        derive: d => {
            const pins = d.tuning.cputune.iothreadpin;
            const id = pins[0]?.id ?? d.tuning.iothreadIds[0];
            if (id === undefined)
                return undefined; // no iothread to pin
            const pin = { id, cpuset: otherOf(pins[0]?.cpuset, "0", "1") };
            const wanted = pins.length === 0 ? [pin] : pins.map((p, i) => i === 0 ? pin : p);
            return {
                change: { cputune: { iothreadpin: wanted } },
                named: attrNamed(d, ["cputune", "iothreadpin"], "cpuset", ["iothread", String(id)]),
                check: t => expectValue("iothreadpin", t.cputune.iothreadpin, wanted),
            };
        },
    },
    {
        name: "numatune mode",
        derive: d => {
            const n = d.tuning.numatune;
            const mode = otherOf(n.mode, "interleave", "preferred");
            if (at(d.root, ["numatune", "memory"]) === undefined) {
                // a mode alone would mean a static placement without a nodeset, which libvirt refuses
                return {
                    change: { numatune: { mode, nodeset: "0" } },
                    named: [{ path: ["numatune", "memory"] }],
                    check: t => expectValue("numatune", [t.numatune.mode, t.numatune.nodeset], [mode, "0"]),
                };
            }
            return {
                change: { numatune: { mode } },
                named: [{ path: ["numatune", "memory"], attr: "mode" }],
                check: t => expectValue("numatune mode", t.numatune.mode, mode),
            };
        },
    },
    {
        name: "numatune nodeset",
        derive: d => {
            if (d.tuning.numatune.placement === "auto")
                return { change: { numatune: { nodeset: "0" } }, refuse: /placement/ };
            const value = otherOf(d.tuning.numatune.nodeset, "0", "0-1");
            return {
                change: { numatune: { nodeset: value } },
                named: attrNamed(d, ["numatune", "memory"], "nodeset"),
                check: t => expectValue("numatune nodeset", t.numatune.nodeset, value),
            };
        },
    },
    {
        name: "numatune placement",
        derive: d => {
            const n = d.tuning.numatune;
            const named = (attrs: string[]): Named[] => at(d.root, ["numatune", "memory"])
                ? attrs.map(attr => ({ path: ["numatune", "memory"], attr }))
                : [{ path: ["numatune", "memory"] }];
            if (n.placement === "auto") {
                return {
                    change: { numatune: { placement: "static", nodeset: "0" } },
                    named: named(["placement", "nodeset"]),
                    check: t => expectValue("numatune", [t.numatune.placement, t.numatune.nodeset], ["static", "0"]),
                };
            }
            if (n.memnodes.length > 0)
                return { change: { numatune: { placement: "auto", nodeset: null } }, refuse: /automatic memory placement/ };
            if (n.nodeset !== undefined) {
                return {
                    change: { numatune: { placement: "auto", nodeset: null } },
                    named: named(["placement", "nodeset"]),
                    check: t => expectValue("numatune", [t.numatune.placement, t.numatune.nodeset], ["auto", undefined]),
                };
            }
            return {
                change: { numatune: { placement: "auto" } },
                named: named(["placement"]),
                check: t => expectValue("numatune placement", t.numatune.placement, "auto"),
            };
        },
    },
    {
        name: "numatune placement auto beside a nodeset",
        derive: d => d.tuning.numatune.nodeset !== undefined && d.tuning.numatune.placement !== "auto"
            ? { change: { numatune: { placement: "auto" } }, refuse: /nodeset/ }
            : undefined,
    },
    {
        name: "memnodes",
        derive: d => {
            const cells = d.tuning.cpu.cells;
            const memnodes = d.tuning.numatune.memnodes;
            if (cells.length === 0)
                return undefined; // memnodes name guest cells
            if (d.tuning.numatune.placement === "auto") {
                const cellid = (cells[0] as { id: number }).id;
                return { change: { numatune: { memnodes: [{ cellid, mode: "strict", nodeset: "0" }] } }, refuse: /automatic memory placement/ };
            }
            const first = memnodes[0];
            const node = first
                ? { ...first, mode: otherOf(first.mode, "interleave", "preferred"), nodeset: otherOf(first.nodeset, "0", "1") }
                : { cellid: (cells[0] as { id: number }).id, mode: "strict" as const, nodeset: "0" };
            const wanted = first ? memnodes.map(m => m === first ? node : m) : [node];
            const key = ["cellid", String(node.cellid)] as const;
            return {
                change: { numatune: { memnodes: wanted } },
                named: first
                    ? [{ path: ["numatune", "memnode"], key, attr: "mode" }, { path: ["numatune", "memnode"], key, attr: "nodeset" }]
                    : [{ path: ["numatune", "memnode"], key }],
                check: t => expectValue("memnodes", t.numatune.memnodes, wanted),
            };
        },
    },
    ...MEMTUNE_KEYS.map((key): EditKind => ({
        name: `memtune ${key}`,
        derive: d => {
            const value = memtuneValue(d.tuning.memtune, key);
            return {
                change: { memtune: { [key]: value } },
                named: at(d.root, ["memtune", key]) ? [{ path: ["memtune", key], text: true }, { path: ["memtune", key], attr: "unit" }]
                    : [{ path: ["memtune", key] }],
                check: t => expectValue(key, t.memtune[key], value),
            };
        },
    })),
    {
        name: "memoryBacking hugepages",
        derive: d => {
            // a 2 MiB default page, or where that is what it has, 2 MiB for the VM and 1 GiB for cell 0
            const two = [{ size: 2048 }];
            const value = same(d.tuning.hugepages, two) ? [{ size: 2048 }, { size: 1048576, nodeset: "0" }] : two;
            return {
                change: { memoryBacking: { hugepages: value } },
                named: [{ path: ["memoryBacking", "hugepages"] }],
                check: t => expectValue("hugepages", t.hugepages, value),
            };
        },
    },
    {
        name: "memoryBacking default hugepages (<hugepages/>)",
        derive: d => same(d.tuning.hugepages, [{ size: 0 }]) ? undefined : {
            change: { memoryBacking: { hugepages: [{ size: 0 }] } },
            named: [{ path: ["memoryBacking", "hugepages"] }],
            check: t => expectValue("hugepages", t.hugepages, [{ size: 0 }]),
        },
    },
    ...(["nosharepages", "locked", "discard"] as const).map((flag): EditKind => ({
        name: `memoryBacking ${flag}`,
        derive: d => {
            const on = !d.tuning.memoryBacking[flag];
            return {
                change: { memoryBacking: { [flag]: on } },
                named: [{ path: ["memoryBacking", flag] }],
                check: t => expectValue(flag, t.memoryBacking[flag], on),
            };
        },
    })),
    {
        name: "memoryBacking source",
        derive: d => {
            const value = otherOf(d.tuning.memoryBacking.source, "memfd", "file");
            return {
                change: { memoryBacking: { source: value } },
                named: attrNamed(d, ["memoryBacking", "source"], "type"),
                check: t => expectValue("source", t.memoryBacking.source, value),
            };
        },
    },
    {
        name: "memoryBacking access",
        derive: d => {
            const value = otherOf(d.tuning.memoryBacking.access, "shared", "private");
            return {
                change: { memoryBacking: { access: value } },
                named: attrNamed(d, ["memoryBacking", "access"], "mode"),
                check: t => expectValue("access", t.memoryBacking.access, value),
            };
        },
    },
    {
        name: "memoryBacking allocation",
        derive: d => {
            const value = same(d.tuning.memoryBacking.allocation, { mode: "immediate", threads: 4 })
                ? { mode: "ondemand" as const } : { mode: "immediate" as const, threads: 4 };
            return {
                change: { memoryBacking: { allocation: value } },
                named: [{ path: ["memoryBacking", "allocation"] }],
                check: t => expectValue("allocation", t.memoryBacking.allocation, value),
            };
        },
    },
    {
        // the first <disk> (the stripper follows the first of each element above the named one)
        name: "disk IOThread",
        derive: d => {
            const first = at(d.root, ["devices", "disk"]);
            const target = first === undefined ? undefined : at(first, ["target"])?.getAttribute("dev");
            if (target === undefined || target === null || target === "")
                return undefined;
            const have = d.tuning.disks.find(x => x.target === target)?.iothread;
            const value = have === 1 ? 2 : 1;
            return {
                change: { disks: [{ target, iothread: value }] },
                named: at(d.root, ["devices", "disk", "driver"]) ? [{ path: ["devices", "disk", "driver"], attr: "iothread" }] : [{ path: ["devices", "disk", "driver"] }],
                check: t => expectValue("iothread", t.disks.find(x => x.target === target)?.iothread, value),
            };
        },
    },
    ...CPU_MODEL_KINDS,
    {
        name: "vcpusched",
        derive: d => {
            const list = d.tuning.cputune.vcpusched;
            const first = list[0];
            // a real-time entry for the last vCPU, or the first entry's policy switched between fifo and rr
            const item = first === undefined
                ? { scheduler: "fifo" as const, ids: String(d.tuning.vcpu.max - 1), priority: 1 }
                : { ...first, scheduler: otherOf(first.scheduler, "rr", "fifo"), priority: 1 };
            const wanted = first === undefined ? [item] : list.map(s => s === first ? item : s);
            const key = ["vcpus", (item.ids ?? "").trim()] as const;
            return {
                change: { cputune: { vcpusched: wanted } },
                named: first === undefined ? [{ path: ["cputune", "vcpusched"] }]
                    : [{ path: ["cputune", "vcpusched"], key, attr: "scheduler" }, { path: ["cputune", "vcpusched"], key, attr: "priority" }],
                check: t => expectValue("vcpusched", t.cputune.vcpusched, wanted),
            };
        },
    },
    {
        name: "iothreadsched",
        derive: d => {
            const list = d.tuning.cputune.iothreadsched;
            const first = list[0];
            const id = d.tuning.iothreadIds[0];
            if (first === undefined && id === undefined)
                return undefined; // no IOThread to schedule
            // batch and idle take no priority: one the entry had goes
            const item = first === undefined
                ? { scheduler: "batch" as const, ids: String(id) }
                : { scheduler: otherOf(first.scheduler, "idle", "batch"), ids: first.ids };
            const wanted = first === undefined ? [item] : list.map(s => s === first ? item : s);
            const key = ["iothreads", (item.ids ?? "").trim()] as const;
            return {
                change: { cputune: { iothreadsched: wanted } },
                named: first === undefined ? [{ path: ["cputune", "iothreadsched"] }]
                    : [{ path: ["cputune", "iothreadsched"], key, attr: "scheduler" }, { path: ["cputune", "iothreadsched"], key, attr: "priority" }],
                check: t => expectValue("iothreadsched", t.cputune.iothreadsched, wanted),
            };
        },
    },
    {
        name: "emulatorsched",
        derive: d => {
            const value = { scheduler: otherOf(d.tuning.cputune.emulatorsched?.scheduler, "rr", "fifo"), priority: 2 };
            return {
                change: { cputune: { emulatorsched: value } },
                named: at(d.root, ["cputune", "emulatorsched"])
                    ? [{ path: ["cputune", "emulatorsched"], attr: "scheduler" }, { path: ["cputune", "emulatorsched"], attr: "priority" }]
                    : [{ path: ["cputune", "emulatorsched"] }],
                check: t => expectValue("emulatorsched", t.cputune.emulatorsched, value),
            };
        },
    },
    {
        name: "vcpusched without its vCPUs",
        derive: () => ({ change: { cputune: { vcpusched: [{ scheduler: "batch" }] } }, refuse: /needs its vcpus attribute/ }),
    },
    {
        name: "vcpusched fifo without a priority",
        derive: d => ({ change: { cputune: { vcpusched: [{ ids: String(d.tuning.vcpu.max - 1), scheduler: "fifo" }] } }, refuse: /needs a priority/ }),
    },
];

/** Clearing what a domain has: `null` for a value, `[]` for a list; only where the domain has it. */
function clearKind(name: string, has: (t: Tuning) => boolean, change: TuningChange, named: Named[],
    check: (t: Tuning) => string | undefined): EditKind {
    return { name: `clear ${name}`, derive: d => has(d.tuning) ? { change, named, check } : undefined };
}

const CLEARS: EditKind[] = [
    clearKind("vcpu current", t => t.vcpu.current !== t.vcpu.max, { vcpu: { current: null } }, [{ path: ["vcpu"], attr: "current" }],
        t => expectValue("vcpu current", t.vcpu.current, t.vcpu.max)),
    clearKind("vcpu placement", t => t.vcpu.placement !== undefined, { vcpu: { placement: null } }, [{ path: ["vcpu"], attr: "placement" }],
        t => expectValue("vcpu placement", t.vcpu.placement, undefined)),
    clearKind("vcpu cpuset", t => t.vcpu.cpuset !== undefined, { vcpu: { cpuset: null } }, [{ path: ["vcpu"], attr: "cpuset" }],
        t => expectValue("vcpu cpuset", t.vcpu.cpuset, undefined)),
    clearKind("topology", t => t.cpu.topology !== undefined, { topology: null }, [{ path: ["cpu", "topology"] }],
        t => expectValue("topology", t.cpu.topology, undefined)),
    {
        name: "clear guest NUMA cells",
        derive: d => {
            if (d.tuning.cpu.cells.length === 0)
                return undefined;
            // <interconnects> (HMAT) name the cells, and a <numa> without cells is no valid <numa>
            const others = Array.from(at(d.root, ["cpu", "numa"])?.childNodes ?? [])
                .filter(n => n.nodeType === 1 && n.nodeName !== "cell");
            if (others.length > 0)
                return { change: { cells: [] }, refuse: /<numa> also holds <interconnects>/ };
            return {
                change: { cells: [] },
                named: [{ path: ["cpu", "numa", "cell"] }],
                check: t => expectValue("cells", t.cpu.cells, []),
            };
        },
    },
    clearKind("maxMemory", t => t.maxMemory !== undefined, { maxMemory: null }, [{ path: ["maxMemory"] }],
        t => expectValue("maxMemory", t.maxMemory, undefined)),
    ...SCHEDULER_KEYS.map(key => clearKind(`cputune ${key}`, t => t.cputune[key] !== undefined, { cputune: { [key]: null } },
        [{ path: ["cputune", key] }], t => expectValue(key, t.cputune[key], undefined))),
    clearKind("emulatorpin", t => t.cputune.emulatorpin !== undefined, { cputune: { emulatorpin: null } },
        [{ path: ["cputune", "emulatorpin"] }], t => expectValue("emulatorpin", t.cputune.emulatorpin, undefined)),
    clearKind("vcpupin", t => t.cputune.vcpupin.length > 0, { cputune: { vcpupin: [] } }, [{ path: ["cputune", "vcpupin"] }],
        t => expectValue("vcpupin", t.cputune.vcpupin, [])),
    clearKind("iothreadpin", t => t.cputune.iothreadpin.length > 0, { cputune: { iothreadpin: [] } },
        [{ path: ["cputune", "iothreadpin"] }], t => expectValue("iothreadpin", t.cputune.iothreadpin, [])),
    clearKind("vcpusched", t => t.cputune.vcpusched.length > 0, { cputune: { vcpusched: [] } }, [{ path: ["cputune", "vcpusched"] }],
        t => expectValue("vcpusched", t.cputune.vcpusched, [])),
    clearKind("iothreadsched", t => t.cputune.iothreadsched.length > 0, { cputune: { iothreadsched: [] } },
        [{ path: ["cputune", "iothreadsched"] }], t => expectValue("iothreadsched", t.cputune.iothreadsched, [])),
    clearKind("numatune mode", t => t.numatune.mode !== undefined, { numatune: { mode: null } },
        [{ path: ["numatune", "memory"], attr: "mode" }], t => expectValue("numatune mode", t.numatune.mode, undefined)),
    clearKind("numatune nodeset", t => t.numatune.nodeset !== undefined, { numatune: { nodeset: null } },
        [{ path: ["numatune", "memory"], attr: "nodeset" }], t => expectValue("numatune nodeset", t.numatune.nodeset, undefined)),
    clearKind("numatune placement", t => t.numatune.placement !== undefined, { numatune: { placement: null } },
        [{ path: ["numatune", "memory"], attr: "placement" }], t => expectValue("numatune placement", t.numatune.placement, undefined)),
    clearKind("memnodes", t => t.numatune.memnodes.length > 0, { numatune: { memnodes: [] } }, [{ path: ["numatune", "memnode"] }],
        t => expectValue("memnodes", t.numatune.memnodes, [])),
    ...MEMTUNE_KEYS.map(key => clearKind(`memtune ${key}`, t => t.memtune[key] !== undefined, { memtune: { [key]: null } },
        [{ path: ["memtune", key] }], t => expectValue(key, t.memtune[key], undefined))),
    clearKind("memoryBacking hugepages", t => t.hugepages.length > 0, { memoryBacking: { hugepages: null } },
        [{ path: ["memoryBacking", "hugepages"] }], t => expectValue("hugepages", t.hugepages, [])),
    clearKind("memoryBacking source", t => t.memoryBacking.source !== undefined, { memoryBacking: { source: null } },
        [{ path: ["memoryBacking", "source"] }], t => expectValue("source", t.memoryBacking.source, undefined)),
    clearKind("memoryBacking access", t => t.memoryBacking.access !== undefined, { memoryBacking: { access: null } },
        [{ path: ["memoryBacking", "access"] }], t => expectValue("access", t.memoryBacking.access, undefined)),
    clearKind("memoryBacking allocation", t => t.memoryBacking.allocation !== undefined, { memoryBacking: { allocation: null } },
        [{ path: ["memoryBacking", "allocation"] }], t => expectValue("allocation", t.memoryBacking.allocation, undefined)),
    {
        name: "clear disk IOThread",
        derive: d => {
            const first = at(d.root, ["devices", "disk"]);
            const target = first === undefined ? undefined : at(first, ["target"])?.getAttribute("dev");
            const driver = at(d.root, ["devices", "disk", "driver"]);
            if (target === undefined || target === null || driver?.hasAttribute("iothread") !== true)
                return undefined;
            return {
                change: { disks: [{ target, iothread: null }] },
                named: driver.attributes.length === 1 && driver.childNodes.length === 0
                    ? [{ path: ["devices", "disk", "driver"] }] : [{ path: ["devices", "disk", "driver"], attr: "iothread" }],
                check: t => expectValue("iothread", t.disks.find(x => x.target === target)?.iothread, undefined),
            };
        },
    },
    clearKind("cpu features", t => t.cpu.features.length > 0, { cpuModel: { features: [] } }, [{ path: ["cpu", "feature"] }],
        t => expectValue("features", t.cpu.features, [])),
    clearKind("cpu cache", t => t.cpu.cache !== undefined, { cpuModel: { cache: null } }, [{ path: ["cpu", "cache"] }],
        t => expectValue("cache", t.cpu.cache, undefined)),
    clearKind("cpu migratable", t => t.cpu.migratable !== undefined, { cpuModel: { migratable: null } }, [{ path: ["cpu"], attr: "migratable" }],
        t => expectValue("migratable", t.cpu.migratable, undefined)),
];

// a failed schema run (no virt-xml-validate, no xmllint) fails the test that awaits it, not the process before it
const settle = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => undefined);
    return p;
};
/** Which inputs libvirt's schema accepts; asked at once, so that xmllint works while the edits are made. */
const inputsValid: Promise<boolean[]> = settle(validateDomains(domains.map(d => d.xml)).then(v => v.map(x => x === undefined)));
/** The schema verdicts of each kind's outputs, asked as soon as the kind is done, awaited at the end. */
const pendingVerdicts: { kind: string; outputs: { d: Domain; xml: string }[]; verdicts: Promise<(string | undefined)[]> }[] = [];

function messageOf(err: unknown): string {
    return err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
}

function report(what: string, problems: string[]): string {
    return `${what}: ${problems.length} problems` + (problems.length > 0 ? `\n${problems.slice(0, 20).join("\n")}` : "");
}

QUnit.module("corpus: every edit kind on every domain", () => {
    QUnit.test("the batched schema check gives virt-xml-validate's verdicts", async assert => {
        // the batch validates 1070 documents through xmllint: seconds on a busy machine, past QUnit's 3 s default
        assert.timeout(120000);
        const valid = await inputsValid;
        assert.true(domains.length >= 1000, `${domains.length} domains read`);
        const good = valid.filter(Boolean).length;
        assert.true(good > domains.length * 0.9 && good < domains.length, `${good} of ${domains.length} validate (libvirt ships a few invalid ones on purpose)`);
        // samples of both verdicts, checked one by one with virt-xml-validate FILE domain itself
        const samples = [...valid.map((v, i) => ({ v, i })).filter(x => !x.v).slice(0, 4),
            ...valid.map((v, i) => ({ v, i })).filter(x => x.v).filter((_x, k) => k % 200 === 0)];
        for (const { v, i } of samples) {
            const d = domains[i] as Domain;
            assert.strictEqual(virtXmlValidateOne(d.xml), v, `${d.name}: virt-xml-validate agrees`);
        }
        const broken = domains[valid.indexOf(true)]?.xml.replace("<memory", "<memory bogus='1'") ?? "";
        assert.false(virtXmlValidateOne(broken), "virt-xml-validate refuses an unknown attribute");
        assert.deepEqual((await validateDomains([broken])).map(x => x !== undefined), [true], "so does the batch");
    });

    // the corpus has no <emulator_period>, <emulator_quota> or <min_guarantee> to clear: domain-xml.test.ts clears them
    const clearable = CLEARS.filter(k => domains.some(d => k.derive(d) !== undefined));
    QUnit.test("every clear kind has domains to clear, but three the corpus lacks", assert => {
        assert.deepEqual(CLEARS.filter(k => !clearable.includes(k)).map(k => k.name),
            ["clear cputune emulator_period", "clear cputune emulator_quota", "clear memtune min_guarantee"]);
    });

    for (const kind of [...KINDS, ...clearable]) {
        QUnit.test(kind.name, assert => {
            const problems: string[] = [];
            const outputs: { d: Domain; xml: string }[] = [];
            let applied = 0;
            let refused = 0;
            for (const d of domains) {
                const edit = kind.derive(d);
                if (edit === undefined)
                    continue;
                if ("refuse" in edit) {
                    refused++;
                    try {
                        editTuning(d.xml, edit.change);
                        problems.push(`${d.name}: not refused`);
                    } catch (err) {
                        if (!(err instanceof Error) || err.constructor !== Error || !edit.refuse.test(err.message))
                            problems.push(`${d.name}: refused without the reason: ${messageOf(err)}`);
                    }
                    continue;
                }
                applied++;
                let out: string;
                try {
                    out = editTuning(d.xml, edit.change);
                } catch (err) {
                    problems.push(`${d.name}: threw ${messageOf(err)}`);
                    continue;
                }
                // parsed once, for the read-back and the comparison
                const outRoot = new DOMParser().parseFromString(out, "application/xml").documentElement;
                try {
                    const wrong = edit.check(readTuningOf(outRoot));
                    if (wrong !== undefined)
                        problems.push(`${d.name}: ${wrong}`);
                } catch (err) {
                    problems.push(`${d.name}: the output does not read: ${messageOf(err)}`);
                }
                const stray = strayDifference(d.root, outRoot, edit.named);
                if (stray !== "")
                    problems.push(`${d.name}: ${stray}`);
                // what the edit created sits where libvirt's formatter puts it
                const created = edit.named.map(n => n.path).find(p => at(d.root, p) === undefined && at(outRoot, p) !== undefined);
                let existed = 0;
                while (created && existed < created.length && at(d.root, created.slice(0, existed + 1)) !== undefined)
                    existed++;
                const wrongPlace = created && misplaced(outRoot, created, existed);
                if (wrongPlace)
                    problems.push(`${d.name}: ${wrongPlace}`);
                outputs.push({ d, xml: out });
            }
            assert.true(applied + refused > 0, `${applied} domains edited, ${refused} refused`);
            pendingVerdicts.push({ kind: kind.name, outputs, verdicts: settle(validateDomains(outputs.map(o => o.xml), 1)) });
            assert.deepEqual(problems, [], report(`${kind.name} (${applied} edited, ${refused} refused)`, problems));
        });
    }

    QUnit.test("every edited output validates with libvirt's schema where its input did", async assert => {
        assert.timeout(120000); // xmllint has been working since the first kind; what is left takes seconds
        const started = Date.now();
        const valid = await inputsValid;
        assert.strictEqual(pendingVerdicts.length, KINDS.length + clearable.length, "every kind's outputs were sent");
        const problems: string[] = [];
        let checked = 0;
        for (const p of pendingVerdicts) {
            const verdicts = await p.verdicts;
            p.outputs.forEach((o, i) => {
                if (valid[domains.indexOf(o.d)] !== true)
                    return;
                checked++;
                const v = verdicts[i];
                if (v !== undefined)
                    problems.push(`${p.kind}: ${o.d.name} no longer validates: ${v.split("\n").slice(0, 2).join(" | ")}`);
            });
        }
        assert.true(checked > 25000, `${checked} edited outputs of valid inputs checked (waited ${Date.now() - started} ms)`);
        assert.deepEqual(problems, [], report("schema", problems));
    });
});
