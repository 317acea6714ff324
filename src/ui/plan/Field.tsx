// A labelled text field that shows its findings (errors first, then warnings) as you type, and the
// value the other side (live or next boot) holds when it differs.
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
    // every finding once, errors first: a value can break two rules, and fixing one should not reveal another
    const shown = [...findings.filter(f => f.severity === "error"), ...findings.filter(f => f.severity !== "error")]
        .filter((f, i, all) => all.findIndex(g => g.message === f.message) === i);
    const first = shown[0];
    const validated = first ? (first.severity === "error" ? "error" : "warning") : "default";
    return (
        <FormGroup label={label} fieldId={id}>
            <TextInput id={id} value={value} onChange={(_e, v) => onChange(v)} validated={validated}
                       {...(readOnly ? { readOnlyVariant: "default" as const } : {})}
                       {...(width ? { style: { maxWidth: `${width}ch` } } : {})}
                       aria-describedby={`${id}-helper`} />
            <FormHelperText>
                <HelperText id={`${id}-helper`}>
                    {shown.length > 0
                        ? shown.map(f => (
                            <HelperTextItem key={f.message} variant={f.severity === "error" ? "error" : "warning"} data-finding={f.severity}>{f.message}</HelperTextItem>
                        ))
                        : help ? <HelperTextItem>{help}</HelperTextItem> : null}
                </HelperText>
            </FormHelperText>
        </FormGroup>
    );
}

/** Findings that belong to exactly this field (UI field id). */
export function findingsOfField(findings: Finding[], field: string): Finding[] {
    return findings.filter(f => f.field === field);
}
