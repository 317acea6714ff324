// A labelled text field that shows its finding (error or warning) as you type, and the value the
// other side (live or next boot) holds when it differs.
import { FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import type { Finding } from "../../model/types.ts";

export function Field({ id, label, value, onChange, findings, help, readOnly = false, width }: {
    id: string;
    label: string;
    value: string;
    onChange: (value: string) => void;
    findings: Finding[];
    help?: string | undefined;
    readOnly?: boolean;
    width?: number;
}) {
    const finding = findings.find(f => f.severity === "error") ?? findings[0];
    const validated = finding ? (finding.severity === "error" ? "error" : "warning") : "default";
    return (
        <FormGroup label={label} fieldId={id}>
            <TextInput id={id} value={value} onChange={(_e, v) => onChange(v)} validated={validated}
                       {...(readOnly ? { readOnlyVariant: "default" as const } : {})}
                       {...(width ? { style: { maxWidth: `${width}ch` } } : {})}
                       aria-describedby={`${id}-helper`} />
            <FormHelperText>
                <HelperText id={`${id}-helper`}>
                    {finding
                        ? <HelperTextItem variant={validated === "error" ? "error" : "warning"} data-finding={finding.severity}>{finding.message}</HelperTextItem>
                        : help ? <HelperTextItem>{help}</HelperTextItem> : null}
                </HelperText>
            </FormHelperText>
        </FormGroup>
    );
}

/** Findings that belong to one field. */
export function findingsFor(findings: Finding[], field: string): Finding[] {
    return findings.filter(f => f.field === field);
}
