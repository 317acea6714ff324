import cockpit from "cockpit";
import { createRoot } from "react-dom/client";
import "@patternfly/react-core/dist/styles/base.css";
import "./ui/page.css";
import { setGettext } from "./model/i18n.ts";
import { App } from "./ui/App.tsx";
import { followCockpitTheme } from "./ui/theme.ts";

setGettext(text => cockpit.gettext(text));
followCockpitTheme();

const container = document.getElementById("app");
if (container)
    createRoot(container).render(<App />);
