// A compact list of read-only facts, each with its live and next-boot value.
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { LiveConfigValue } from "../LiveConfigValue.tsx";

export interface Fact {
    id: string;
    label: string;
    live?: string | undefined;
    config?: string | undefined;
}

export function Facts({ facts }: { facts: Fact[] }) {
    return (
        <DescriptionList isHorizontal isCompact>
            {facts.map(f => (
                <DescriptionListGroup key={f.id}>
                    <DescriptionListTerm>{f.label}</DescriptionListTerm>
                    <DescriptionListDescription data-fact={f.id}>
                        <LiveConfigValue live={f.live} config={f.config} />
                    </DescriptionListDescription>
                </DescriptionListGroup>
            ))}
        </DescriptionList>
    );
}
