// One Review command, whole: a preformatted block that keeps every line of a here-document (scrolling
// when long), and a button that copies the exact command (`virsh`, secrets included so a pasted define
// keeps them) while the block shows `shown` (secrets masked) (model/view/step-display.ts).
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import cockpit from "cockpit";
import { useState } from "react";
import type { Step } from "../../model/types.ts";
import { displayedLine } from "../../model/view/step-display.ts";

const _ = cockpit.gettext;

async function copyText(text: string): Promise<void> {
    try {
        await navigator.clipboard.writeText(text);
        return;
    } catch {
        // no clipboard API (insecure origin, iframe policy): the old way, through a selected textarea
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error(_("The browser refused to copy"));
}

/** A host step (src/model/host/host-plan.ts) has only its line: nothing in it is secret. */
export function CommandBlock({ id, step, label }: { id: string; step: Step | { virsh: string }; label: string }) {
    const [copied, setCopied] = useState<"yes" | "failed">();
    const copy = () => {
        copyText(step.virsh).then(() => setCopied("yes"), () => setCopied("failed"));
    };
    return (
        <div className="vmtune-command">
            <pre id={id} className="vmtune-command-text" tabIndex={0} aria-label={label}>{"call" in step ? displayedLine(step) : step.virsh}</pre>
            <Button variant="secondary" size="sm" id={`${id}-copy`} onClick={copy} aria-label={cockpit.format(_("Copy: $0"), label)}>
                {copied === "yes" ? _("Copied") : copied === "failed" ? _("Copy failed: select the text") : _("Copy")}
            </Button>
        </div>
    );
}
