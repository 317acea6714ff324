// Live / Next boot / Both, offering only what the VM's state allows.
import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core/dist/esm/components/ToggleGroup/index.js";
import cockpit from "cockpit";
import type { Scope } from "../../model/types.ts";

const _ = cockpit.gettext;

export function scopeLabel(scope: Scope): string {
    switch (scope) {
    case "live": return _("Live");
    case "config": return _("Next boot");
    case "both": return _("Both");
    }
}

/** Scopes a VM in this state can take: a shut-off VM has no live side, a transient one no config. */
export function allowedScopes(active: boolean, persistent: boolean): Scope[] {
    if (!active) return ["config"];
    if (!persistent) return ["live"];
    return ["live", "config", "both"];
}

export function ScopeChoice({ id, value, allowed, onChange, isDisabled = false }: {
    id: string;
    value: Scope;
    allowed: Scope[];
    onChange: (scope: Scope) => void;
    isDisabled?: boolean;
}) {
    return (
        <ToggleGroup isCompact aria-label={_("Apply to")} id={id}>
            {(["live", "config", "both"] as const).map(scope => (
                <ToggleGroupItem key={scope} text={scopeLabel(scope)} buttonId={`${id}-${scope}`}
                                 isSelected={value === scope} isDisabled={isDisabled || !allowed.includes(scope)}
                                 onChange={() => onChange(scope)} />
            ))}
        </ToggleGroup>
    );
}
