// The command line of a step as the page shows it: XML sent by define, attach-device and
// detach-device steps with secure-only values (console passwords, disk cookies) masked. The exact
// line stays in `virsh` for copying: a pasted define must not drop the secret.
import type { Step } from "../types.ts";
import { maskSecrets } from "../domain/xml-secrets.ts";

const XML_COMMANDS = new Set<Step["command"]>(["define", "attach-device", "detach-device"]);

/** The document element a step's XML has: vmtune attaches and detaches memory devices only. */
function rootOf(step: Step): string {
    return step.command === "define" ? "domain" : "memory";
}

/** `shown` for one step: the line with its XML masked, or undefined when nothing is secret. */
function maskedLine(step: Step): string | undefined {
    if (!XML_COMMANDS.has(step.command)) return undefined;
    const xml = step.call.args[0];
    if (typeof xml !== "string") return undefined;
    let masked: string;
    try {
        masked = maskSecrets(xml, rootOf(step));
    } catch {
        // not a document the mask knows: show the command without its XML rather than risk a secret
        return step.virsh.split("\n")[0] ?? step.command;
    }
    if (masked === xml) return undefined;
    const at = step.virsh.indexOf(xml);
    // the line always carries the XML as sent (a here-document); should it not, show no XML at all
    return at < 0 ? step.command : step.virsh.slice(0, at) + masked + step.virsh.slice(at + xml.length);
}

/** The step (and its inverse) with `shown` set where the displayed line must differ. */
export function withMaskedLines(step: Step): Step {
    const shown = maskedLine(step);
    const inverse = step.inverse ? withMaskedLines(step.inverse) : undefined;
    return {
        ...step,
        ...(shown !== undefined ? { shown } : {}),
        ...(inverse !== undefined ? { inverse } : {}),
    };
}

/** What the page displays for a step. */
export function displayedLine(step: Step): string {
    return step.shown ?? step.virsh;
}
