// PatternFly's Alert with its screen-reader prefix ("Info alert:") translated: PatternFly writes it in
// English from the variant, and a zh_CN screen reader would read that English first.
import type { AlertProps } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import cockpit from "cockpit";

const _ = cockpit.gettext;

function variantLabel(variant: AlertProps["variant"]): string {
    switch (variant) {
    case "success": return _("Success alert:");
    case "danger": return _("Danger alert:");
    case "warning": return _("Warning alert:");
    case "info": return _("Info alert:");
    default: return _("Custom alert:");
    }
}

export function Notice(props: AlertProps) {
    return <Alert variantLabel={variantLabel(props.variant)} {...props} />;
}
