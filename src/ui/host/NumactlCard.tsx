// `numactl --hardware` as the host prints it; a host without numactl or without NUMA said plainly.
import { Notice } from "../Notice.tsx";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { CodeBlock, CodeBlockCode } from "@patternfly/react-core/dist/esm/components/CodeBlock/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Skeleton } from "@patternfly/react-core/dist/esm/components/Skeleton/index.js";
import cockpit from "cockpit";
import { useEffect, useState } from "react";
import type { NumactlResult } from "../../host/numactl.ts";
import { readNumactl } from "../../host/numactl.ts";

const _ = cockpit.gettext;

export function NumactlCard() {
    const [result, setResult] = useState<NumactlResult>();
    useEffect(() => {
        let current = true;
        void readNumactl().then(r => { if (current) setResult(r) });
        return () => { current = false };
    }, []);
    return (
        <Card isCompact id="host-numactl">
            <CardTitle>{_("numactl --hardware")}</CardTitle>
            <CardBody>
                {!result && <Skeleton screenreaderText={_("Running numactl")} />}
                {result?.kind === "missing" && (
                    <Notice isInline variant="info" id="numactl-missing" title={_("numactl is not installed on this host")}>
                        <Content component="p">{_("Install it to see the kernel's view of the NUMA nodes and their free memory:")}</Content>
                        <Content component="p"><code>dnf install numactl</code>{" "}{_("(Fedora, RHEL, openEuler)")}</Content>
                        <Content component="p"><code>apt install numactl</code>{" "}{_("(Debian, Ubuntu)")}</Content>
                    </Notice>
                )}
                {result?.kind === "error" && <Notice isInline variant="warning" id="numactl-error" title={result.message} />}
                {result?.kind === "ok" && !result.hardware.available && (
                    <Notice isInline variant="info" id="numactl-no-numa" title={_("No NUMA on this host: the kernel sees one memory node, so memory placement has nothing to choose from.")} />
                )}
                {result?.kind === "ok" && result.hardware.available && (
                    <Content component="p" id="numactl-summary">
                        {cockpit.format(cockpit.ngettext("The kernel reports $0 node.", "The kernel reports $0 nodes.", result.hardware.nodes.length),
                                        result.hardware.nodes.length)}
                    </Content>
                )}
                {(result?.kind === "ok" || (result?.kind === "error" && result.output)) && (
                    <CodeBlock id="numactl-output"><CodeBlockCode>{result.output}</CodeBlockCode></CodeBlock>
                )}
            </CardBody>
        </Card>
    );
}
