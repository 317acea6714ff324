// An address the page cannot show: a malformed one ("#/vm/%", "#/../x"), an unknown page or tab.
// Never a blank page: say so, with the way back to the overview.
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { EmptyState, EmptyStateBody, EmptyStateFooter } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import cockpit from "cockpit";
import { BackToOverview } from "./BackToOverview.tsx";

const _ = cockpit.gettext;

export function NotFound() {
    return (
        <EmptyState titleText={_("Page not found")} headingLevel="h1" id="state-not-found" status="warning">
            <EmptyStateBody>
                <Content component="p">{_("This address names no page of VM tuning: it may be mistyped or cut short.")}</Content>
            </EmptyStateBody>
            <EmptyStateFooter><BackToOverview id="not-found-back" /></EmptyStateFooter>
        </EmptyState>
    );
}
