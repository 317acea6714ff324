// The guest NUMA cells as the editor's rows: texts that parse back to exactly what libvirt holds, so
// that an unedited row never changes a cell (formatSize's rounded "3 GiB" shrank 3149824 KiB).
import type { Tuning } from "../types.ts";
import { formatExactSize } from "../values/units.ts";

export interface CellRow {
    id: number;
    cpus: string;
    memory: string;
}

export function guestCellRows(t: Tuning): CellRow[] {
    return t.cpu.cells.map(c => ({ id: c.id, cpus: c.cpus, memory: formatExactSize(c.memory) }));
}
