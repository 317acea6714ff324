// A running VM's threads' policies as the kernel has them now, read again when libvirt's live
// definition changes; undefined while shut off or reading, an error in words when /proc says nothing.
import { useEffect, useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { TaskSched } from "../../../model/host/task-sched.ts";
import { liveSchedByThread } from "../../../model/host/task-sched.ts";
import { readTaskSched } from "../../../host/task-sched.ts";

export function useTaskSched(vm: Vm): { byThread?: Map<string, TaskSched>; error?: string } {
    const [state, setState] = useState<{ byThread?: Map<string, TaskSched>; error?: string }>({});
    const running = vm.active && vm.connection.driver === "qemu";
    useEffect(() => {
        if (!running) {
            setState({});
            return;
        }
        let current = true;
        readTaskSched(vm.name).then(
            r => { if (current) setState({ byThread: liveSchedByThread(r.tasks, r.pid) }) },
            (e: unknown) => { if (current) setState({ error: e instanceof Error ? e.message : String(e) }) });
        return () => { current = false };
    }, [running, vm.name, vm.liveXml]);
    return state;
}
