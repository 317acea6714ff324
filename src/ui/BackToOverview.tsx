// The way back from a page that shows nothing (an unknown address, a VM that does not exist): a plain
// link, which works even when cockpit.location cannot read the current address.
import cockpit from "cockpit";
import { hrefOf } from "./routes.ts";

const _ = cockpit.gettext;

export function BackToOverview({ id }: { id: string }) {
    return <a href={hrefOf([])} id={id}>{_("Back to the VM overview")}</a>;
}
