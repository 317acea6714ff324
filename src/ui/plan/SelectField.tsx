// A labelled choice with the rules' findings under it (or its help): the select counterpart of Field.tsx.
import { FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import type { Finding } from "../../model/types.ts";

export interface SelectOption {
    value: string;
    label: string;
    disabled?: boolean | undefined;
}

export function SelectField({ id, label, value, options, onChange, findings = [], help }: {
    id: string; label: string; value: string; options: readonly SelectOption[]; onChange: (v: string) => void;
    findings?: Finding[]; help?: string | undefined;
}) {
    const first = findings[0];
    return (
        <FormGroup label={label} fieldId={id}>
            <FormSelect id={id} value={value} onChange={(_e, v) => onChange(v)} aria-describedby={`${id}-helper`}
                        validated={first ? (first.severity === "error" ? "error" : "warning") : "default"}>
                {options.map(o => <FormSelectOption key={o.value} value={o.value} label={o.label} isDisabled={o.disabled === true} />)}
            </FormSelect>
            <FormHelperText>
                <HelperText id={`${id}-helper`}>
                    {findings.length > 0
                        ? findings.map(f => <HelperTextItem key={f.message} variant={f.severity === "error" ? "error" : "warning"} data-finding={f.severity}>{f.message}</HelperTextItem>)
                        : help ? <HelperTextItem>{help}</HelperTextItem> : null}
                </HelperText>
            </FormHelperText>
        </FormGroup>
    );
}
