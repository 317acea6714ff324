// A refresh that reads only while it is seen: every `periodMs` while the page is visible and the
// component mounted, no timer and no read otherwise. A read starts after the previous one ended, so
// two never overlap on a slow host. `read` is told whether it is the first of a visible spell (a pair
// of readings must not span a hidden one) and, through `live`, whether its answer is still wanted.
import { useEffect, useRef } from "react";
import { useVisible } from "./useVisible.ts";

export type PollRead = (first: boolean, live: () => boolean) => Promise<void>;

/** `restartOn`: a value whose change starts the readings afresh (e.g. the libvirt connection). */
export function useVisiblePoll(read: PollRead, periodMs: number, restartOn?: unknown): void {
    const visible = useVisible();
    // the latest render's read, so that the loop is not restarted by every render
    const current = useRef(read);
    useEffect(() => {
        current.current = read;
    });
    useEffect(() => {
        if (!visible) return;
        let cancelled = false;
        let timer: number | undefined;
        const live = () => !cancelled;
        let first = true;
        const loop = () => {
            const isFirst = first;
            first = false;
            current.current(isFirst, live)
                .catch(() => undefined)
                .finally(() => {
                    if (!cancelled) timer = window.setTimeout(loop, periodMs);
                });
        };
        loop();
        return () => {
            cancelled = true;
            window.clearTimeout(timer);
        };
    }, [visible, periodMs, restartOn]);
}
