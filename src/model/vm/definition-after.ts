// The next-boot definition a card's draft would leave: the change applied to the XML as read and read
// back, so the card's rules judge the document libvirt would get, not the draft's own idea of it.
import { editTuning, readTuning } from "../domain/domain-xml.ts";
import type { Tuning, TuningChange } from "../types.ts";
import type { Vm } from "./vm.ts";

/** `config` itself when nothing changes (or no XML was read); else the edited definition, or why it cannot be written. */
export function definitionAfter(vm: Vm, config: Tuning, change: TuningChange | undefined): { tuning: Tuning } | { error: string } {
    if (change === undefined || vm.configXml === undefined) return { tuning: config };
    try {
        return { tuning: readTuning(editTuning(vm.configXml, change)) };
    } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
    }
}
