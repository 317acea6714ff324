// The placement map: every host CPU a focusable cell, grouped by node, socket and core, with the pins
// on it (owner marks, VM colour), load, conflicts and a suggestion. Renders a precomputed
// PlacementView; memoized per cell so moving the focus re-renders two cells, not 256.
// Keyboard: one tab stop (roving tabindex); arrows move between cells (Up/Down to the cell visually
// above/below), Home/End to the first/last CPU; the focused cell's details are announced below the map.
import cockpit from "cockpit";
import { memo, useCallback, useMemo, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import type { CpuCellView, PlacementView } from "../../model/view/placement-view.ts";
import type { ProfileKind } from "../../model/placement/profile-fit.ts";
import { profileLabel } from "../profile-label.ts";
import "./placement.css";

const _ = cockpit.gettext;

export function vmColorClass(index: number): string {
    return `vmtune-pmap-vm${index % 8}`;
}

/** the glyph on a cell's face beside its pattern: the map does not rely on colour alone */
export const ISOLATION_GLYPH = { isolated: "◆", host: "⌂" } as const;
/** the glyph of a CPU dedicated to one VM's vCPU by a Dedicated profile */
export const DEDICATED_GLYPH = "▣";

/** Host CPU → the VM (and its profile) a Dedicated profile gives it to. */
export type DedicatedCpus = ReadonlyMap<number, { vm: string; kind: ProfileKind }>;

const CpuCell = memo(function CpuCell({ cell, busy, color, tabbable, selected, onFocusCell, cellRef, dedicated }: {
    cell: CpuCellView;
    dedicated?: { vm: string; kind: ProfileKind } | undefined;
    /** % busy over the last refresh (/proc/stat), where read */
    busy: number | undefined;
    color: string;
    tabbable: boolean;
    selected: boolean;
    onFocusCell: (cpu: number) => void;
    cellRef: (cpu: number, el: HTMLButtonElement | null) => void;
}) {
    const classes = ["vmtune-pmap-cpu", color];
    if (cell.conflict) classes.push("is-conflict");
    if (cell.suggested !== undefined) classes.push("is-suggested");
    if (!cell.online) classes.push("is-offline");
    if (selected) classes.push("is-selected");
    if (cell.isolation === "isolated") classes.push("is-isolated");
    else if (cell.isolation === "host") classes.push("is-host");
    if (dedicated) classes.push("is-dedicated");
    const busyText = busy === undefined ? "" : cockpit.format(_("busy $0 %"), busy.toFixed(0));
    const dedicatedText = dedicated ? cockpit.format(_("dedicated to $0 ($1)"), dedicated.vm, profileLabel(dedicated.kind)) : "";
    const label = [cell.label, dedicatedText, busyText].filter(t => t !== "").join(", ");
    const marks = cell.marks.length > 2 ? `${cell.marks.slice(0, 2).join(" ")} +${cell.marks.length - 2}` : cell.marks.join(" ");
    return (
        <button type="button" className={classes.join(" ")} tabIndex={tabbable ? 0 : -1} aria-label={label}
                data-cpu={cell.cpu} data-busy={busy === undefined ? undefined : busy.toFixed(1)} data-owners={cell.marks.join(" ")} data-vms={cell.vms.join(" ")}
                data-conflict={cell.conflict ? "true" : undefined} data-suggested={cell.suggested} data-isolation={cell.isolation}
                data-dedicated={dedicated?.vm}
                ref={el => cellRef(cell.cpu, el)} onFocus={() => onFocusCell(cell.cpu)} onClick={() => onFocusCell(cell.cpu)}>
            <span className="vmtune-pmap-id">{cell.cpu}</span>
            {cell.isolation !== undefined && <span aria-hidden="true" className="vmtune-pmap-iso">{ISOLATION_GLYPH[cell.isolation]}</span>}
            {dedicated && <span aria-hidden="true" className="vmtune-pmap-ded">{DEDICATED_GLYPH}</span>}
            <br />
            <span aria-hidden="true">{marks || "\u00a0"}</span>
            {cell.suggestedMark !== undefined && <span aria-hidden="true" className="vmtune-pmap-sug">{` →${cell.suggestedMark}`}</span>}
            <span className="vmtune-pmap-load" aria-hidden="true"
                  style={{ width: `${Math.min(100, Math.round(cell.load * 100))}%` }} />
            {busy !== undefined && (
                <span className="vmtune-pmap-busy" aria-hidden="true" title={busyText}
                      style={{ width: `${Math.min(100, Math.round(busy))}%` }} />
            )}
        </button>
    );
});

function nearestVertical(from: HTMLElement, cells: HTMLElement[], down: boolean): HTMLElement | undefined {
    const r = from.getBoundingClientRect();
    const cx = r.left + r.width / 2;
    let best: HTMLElement | undefined;
    let bestScore = Infinity;
    for (const el of cells) {
        const b = el.getBoundingClientRect();
        const dy = down ? b.top - r.bottom : r.top - b.bottom;
        if (dy < -1) continue;
        const score = dy * 1000 + Math.abs(b.left + b.width / 2 - cx);
        if (score < bestScore) { bestScore = score; best = el; }
    }
    return best;
}

/** `busy`: each host CPU's busy % (from /proc/stat), drawn as a bar under the pins' load; `dedicated`: the CPUs
 *  Dedicated profiles give to one VM's vCPU, drawn distinctly, with their legend. */
export const PlacementMap = memo(function PlacementMap({ view, busy, dedicated }: {
    view: PlacementView;
    busy?: ReadonlyMap<number, number> | undefined;
    dedicated?: DedicatedCpus | undefined;
}) {
    const [focused, setFocused] = useState<number>();
    const refs = useRef(new Map<number, HTMLButtonElement>());
    const cellRef = useCallback((cpu: number, el: HTMLButtonElement | null) => {
        if (el) refs.current.set(cpu, el);
        else refs.current.delete(cpu);
    }, []);
    const colors = useMemo(() => new Map(view.vms.map((vm, i) => [vm, vmColorClass(i)])), [view.vms]);
    const cells = useMemo(() => new Map(view.nodes.flatMap(n => n.sockets.flatMap(s => s.cores.flatMap(c => c.cpus)))
        .map(c => [c.cpu, c])), [view]);
    const current = focused !== undefined && cells.has(focused) ? focused : view.order[0];

    const onKeyDown = useCallback((e: KeyboardEvent<HTMLDivElement>) => {
        const target = e.target as HTMLElement;
        const cpu = Number(target.dataset.cpu);
        if (Number.isNaN(cpu)) return;
        const at = view.order.indexOf(cpu);
        let next: number | undefined;
        switch (e.key) {
        case "ArrowRight": next = view.order[Math.min(view.order.length - 1, at + 1)]; break;
        case "ArrowLeft": next = view.order[Math.max(0, at - 1)]; break;
        case "Home": next = view.order[0]; break;
        case "End": next = view.order[view.order.length - 1]; break;
        case "ArrowDown":
        case "ArrowUp": {
            const others = [...refs.current.values()].filter(el => el !== target);
            const el = nearestVertical(target, others, e.key === "ArrowDown");
            next = el ? Number(el.dataset.cpu) : cpu;
            break;
        }
        default: return;
        }
        e.preventDefault();
        if (next !== undefined) {
            setFocused(next);
            refs.current.get(next)?.focus();
        }
    }, [view.order]);

    const details = current !== undefined ? cells.get(current) : undefined;
    return (
        <div>
            <div className="vmtune-pmap-nodes" role="group" aria-label={_("Host CPUs")} onKeyDown={onKeyDown} id="placement-map">
                {view.nodes.map(node => (
                    <section key={node.id} className={"vmtune-pmap-node" + (node.overloaded ? " is-overloaded" : "")}
                             data-node={node.id} aria-label={node.title}>
                        <strong>{node.title}</strong>
                        {node.sockets.map(socket => (
                            <div key={socket.key} data-socket={socket.key}>
                                <span className="vmtune-muted">{socket.title}</span>
                                <div className="vmtune-pmap-socket">
                                    {socket.cores.map(core => (
                                        <div key={core.key} className="vmtune-pmap-core">
                                            {core.cpus.map(c => (
                                                <CpuCell key={c.cpu} cell={c} busy={busy?.get(c.cpu)} color={c.vms[0] !== undefined ? colors.get(c.vms[0]) ?? "" : ""}
                                                         tabbable={c.cpu === current} selected={c.cpu === focused}
                                                         onFocusCell={setFocused} cellRef={cellRef} dedicated={dedicated?.get(c.cpu)} />
                                            ))}
                                        </div>
                                    ))}
                                </div>
                            </div>
                        ))}
                    </section>
                ))}
            </div>
            {dedicated !== undefined && dedicated.size > 0 && (
                <p id="placement-dedicated-legend" className="vmtune-muted">
                    <span aria-hidden="true" className="vmtune-pmap-cpu is-dedicated vmtune-pmap-isokey">{DEDICATED_GLYPH}</span>
                    {_("dedicated: one VM's vCPU alone on this CPU (profile Dedicated)")}
                </p>
            )}
            <p id="placement-details" aria-live="polite" className="vmtune-muted">
                {details ? [details.label, ...(dedicated?.has(details.cpu) ? [cockpit.format(_("dedicated to $0"), dedicated.get(details.cpu)?.vm ?? "")] : [])].join(", ") : ""}
            </p>
        </div>
    );
});
