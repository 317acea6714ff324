// In place of a card whose controls this connection cannot use (LXC, qemu:///session): its title
// and libvirt's rule in words, so nothing is offered that libvirt would refuse.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import type { Feature } from "../../model/rules/rules.ts";
import { unsupportedReason } from "../../model/rules/rules.ts";
import { useInventory } from "../useInventory.ts";

export function UnsupportedCard({ id, title, reason }: { id: string; title: string; reason: string }) {
    return (
        <Card id={id} className="vmtune-unsupported" data-unsupported="true">
            <CardTitle>{title}</CardTitle>
            <CardBody><Content component="p" className="vmtune-muted">{reason}</Content></CardBody>
        </Card>
    );
}

/** Why this VM's connection cannot do `feature`, or undefined when it can. */
export function useUnsupported(feature: Feature): string | undefined {
    return unsupportedReason(useInventory().libvirt.connection, feature);
}
