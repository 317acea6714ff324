// The host's NUMA nodes as `numactl --hardware` prints them: CPUs, memory (MiB, as KiB here) and
// distances. Used where libvirt's capabilities say less (free memory per node).
import { _, format } from "../i18n.ts";
import { parseCpuset } from "../values/cpuset.ts";
import type { CellDistance, KiB } from "../types.ts";

export interface NumactlNode {
    id: number;
    /** CPUs of the node, sorted; empty for a CPU-less node */
    cpus: number[];
    /** numactl prints "MB" but means MiB; converted to KiB here */
    memory?: KiB | undefined;
    free?: KiB | undefined;
    /** distances to every node, this one included; empty when numactl printed none */
    distances: CellDistance[];
}

export interface NumactlHardware {
    /** false when numactl says "No NUMA available on this system" */
    available: boolean;
    nodes: NumactlNode[];
}

function numactlError(line: number, detail: string): Error {
    return new Error(format(_("Unexpected output of numactl --hardware, line $0: $1"), line, detail));
}

/**
 * Parses the output of `numactl --hardware`. "No NUMA available on this system" gives
 * { available: false, nodes: [] }. Anything that does not look like numactl's output throws an Error
 * naming the line.
 */
export function parseNumactlHardware(output: string): NumactlHardware {
    const lines = output.split("\n").map(l => l.replace(/\s+$/, ""));
    if (lines.some(l => /^No NUMA available on this system/.test(l)))
        return { available: false, nodes: [] };

    const nodes = new Map<number, NumactlNode>();
    let declared: number[] | undefined;
    let header: number[] | undefined;
    const node = (id: number): NumactlNode => {
        let n = nodes.get(id);
        if (!n) {
            n = { id, cpus: [], distances: [] };
            nodes.set(id, n);
        }
        return n;
    };

    lines.forEach((line, i) => {
        const lineNo = i + 1;
        let m: RegExpExecArray | null;
        if (line.trim() === "" || /^node distances:$/.test(line) || /^No distance information available/.test(line)) {
            return;
        } else if ((m = /^available: (\d+) nodes? \(([^)]*)\)$/.exec(line))) {
            try {
                declared = parseCpuset(m[2] ?? "");
            } catch (e) {
                throw numactlError(lineNo, e instanceof Error ? e.message : String(e));
            }
            if (declared.length !== Number(m[1]))
                throw numactlError(lineNo, format(_("$0 nodes announced, $1 listed"), m[1] ?? "", declared.length));
            declared.forEach(node);
        } else if ((m = /^node (\d+) cpus:((?: \d+)*)$/.exec(line))) {
            node(Number(m[1])).cpus = (m[2] ?? "").trim().split(/\s+/).filter(s => s !== "").map(Number)
                .sort((a, b) => a - b);
        } else if ((m = /^node (\d+) (size|free): (\d+) MB$/.exec(line))) {
            node(Number(m[1]))[m[2] === "size" ? "memory" : "free"] = Number(m[3]) * 1024;
        } else if ((m = /^node((?:\s+\d+)+)$/.exec(line))) {
            header = (m[1] ?? "").trim().split(/\s+/).map(Number);
        } else if ((m = /^\s*(\d+):((?:\s+\d+)+)$/.exec(line))) {
            if (!header)
                throw numactlError(lineNo, _("a distance row before the header"));
            const values = (m[2] ?? "").trim().split(/\s+/).map(Number);
            if (values.length !== header.length)
                throw numactlError(lineNo, format(_("$0 distances for $1 nodes"), values.length, header.length));
            const cols = header;
            node(Number(m[1])).distances = values.map((value, k) => ({ id: cols[k] as number, value }));
        } else {
            throw numactlError(lineNo, format(_("\"$0\""), line));
        }
    });

    if (declared === undefined)
        throw new Error(_("Unexpected output of numactl --hardware: no \"available:\" line"));
    for (const id of nodes.keys()) {
        if (!declared.includes(id))
            throw new Error(format(_("Unexpected output of numactl --hardware: node $0 is not among the available nodes"), id));
    }
    return { available: true, nodes: [...nodes.values()].sort((a, b) => a.id - b.id) };
}
