// A value as it is now, and the next-boot value beside it with a badge when the two differ.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import cockpit from "cockpit";

const _ = cockpit.gettext;

export function LiveConfigValue({ live, config, running = live !== undefined }: {
    live?: string | undefined;
    config?: string | undefined;
    running?: boolean;
}) {
    const shown = (running ? live : config) ?? "—";
    // a side without a value is at libvirt's default: nothing to compare
    const differs = live !== undefined && config !== undefined && live !== config;
    return (
        <span className="vmtune-nowrap">
            <span data-scope={running ? "live" : "config"}>{shown}</span>
            {differs && (
                <Label isCompact color="orange" className="vmtune-next-boot" data-scope="config"
                       title={_("Differs from next boot")}>
                    {cockpit.format(_("next boot: $0"), config)}
                </Label>
            )}
        </span>
    );
}
