// The model stays free of cockpit: the UI injects cockpit.gettext at start-up, tests keep identity.
// Strings are still written as _("…") so xgettext finds them here too.

type Gettext = (text: string) => string;

let translate: Gettext = text => text;

export function setGettext(fn: Gettext): void {
    translate = fn;
}

export function _(text: string): string {
    return translate(text);
}

/** cockpit.format's $0 $1 … placeholders, without cockpit. */
export function format(template: string, ...args: (string | number)[]): string {
    return template.replace(/\$(\d+)/g, (whole, index: string) => {
        const value = args[Number(index)];
        return value === undefined ? whole : String(value);
    });
}
