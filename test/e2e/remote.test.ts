// Any host: with Cockpit's host switcher the page manages that host's libvirt, nothing assumes
// localhost. The second host is this machine reached over SSH on 127.0.0.2 (test/stack/sshd.sh:
// account vmtune-remote, group libvirt, key auth, listed in machines.d). The login on the PAM
// cockpit-ws is vmtune-noaccess, which may not talk to libvirt itself: its own host shows the
// no-access state. So a VM list and an applied change on 127.0.0.2's page can only have come over
// SSH; ps shows that page's bridge as vmtune-remote under sshd, and dbus-monitor shows libvirt's
// call coming from exactly that bridge. virsh is the witness of the change.
import { execFileSync, spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import QUnit from "qunit";
import { ROOT, eventually, keyValues, stack, virsh } from "./lib.ts";
import { apply, closeReview, fill, openVm, review, scope } from "./cards.ts";
import { asPage, closeShellBrowser, pageFrame, shell as shellAs, tail } from "./shell.ts";

const LOGIN = "vmtune-noaccess";          // not in group libvirt
const REMOTE_USER = "vmtune-remote";      // in group libvirt, reached over SSH
const HOST = "127.0.0.2";
const CONNECTION = `${REMOTE_USER}@${HOST}`;   // the shell's connection string for the machines.d entry
const VM = "vmtune-test-plain";
const FIXTURES = ["vmtune-test-numa", "vmtune-test-plain", "vmtune-test-off"];

const SSHD_LOG = tail("/var/log/vmtune/sshd.log");
const shell = (path: string) => shellAs(LOGIN, path);

interface Proc { pid: number; ppid: number; user: string; comm: string; args: string }

function processes(): Map<number, Proc> {
    const out = execFileSync("ps", ["-eo", "pid=,ppid=,user:32=,comm=,args="], { encoding: "utf8" });
    const procs = new Map<number, Proc>();
    for (const line of out.split("\n")) {
        const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
        if (m?.[1] && m[2] && m[3] && m[4] && m[5] !== undefined)
            procs.set(Number(m[1]), { pid: Number(m[1]), ppid: Number(m[2]), user: m[3], comm: m[4], args: m[5] });
    }
    return procs;
}

/** The commands from a process up to init, e.g. ["cockpit-bridge", "sshd", "sshd", "sshd"]. */
function ancestry(procs: Map<number, Proc>, pid: number): string[] {
    const chain: string[] = [];
    for (let p = procs.get(pid); p && chain.length < 50; p = procs.get(p.ppid))
        chain.push(p.comm);
    return chain;
}

/** pids of cockpit-bridge processes of `user` that were started by sshd (the far end of cockpit-ssh). */
function bridgesOverSsh(user: string): number[] {
    const procs = processes();
    return [...procs.values()]
        .filter(p => p.user === user && p.comm === "cockpit-bridge" && ancestry(procs, p.pid).slice(1).includes("sshd"))
        .map(p => p.pid);
}

function busAsk(method: string, name: string): number {
    const out = execFileSync("dbus-send", ["--system", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
        `org.freedesktop.DBus.${method}`, `string:${name}`], { encoding: "utf8" });
    return Number(/uint32 (\d+)/.exec(out)?.[1] ?? NaN);
}

/** dbus-monitor on the system bus for one libvirt method; resolves once the monitor is listening. */
async function monitor(member: string): Promise<{ senders: () => string[]; stop: () => void }> {
    const ready = "/vmtune/e2e/remote/ready";
    const child: ChildProcessWithoutNullStreams = spawn("dbus-monitor", ["--system",
        `type='method_call',interface='org.libvirt.Domain',member='${member}'`,
        `type='method_call',path='${ready}'`]);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => { out += chunk.toString() });
    const listening = await eventually(async () => {
        // answered with an error (no such object); what matters is that the monitor saw it
        try {
            execFileSync("dbus-send", ["--system", "--print-reply", "--dest=org.freedesktop.DBus", ready,
                "org.freedesktop.DBus.Peer.Ping"], { stdio: "ignore" });
        } catch { /* see above */ }
        return out.includes(ready);
    }, seen => seen, 10000);
    if (!listening) {
        child.kill();
        throw new Error(`dbus-monitor never saw its own probe: ${out.slice(0, 300)}`);
    }
    return {
        senders: () => [...out.matchAll(new RegExp(`sender=(\\S+) -> destination=org\\.libvirt .*member=${member}\\b`, "g"))]
            .map(m => m[1] ?? ""),
        stop: () => { child.kill() },
    };
}

QUnit.module("any host: the page on a second host over SSH", hooks => {
    hooks.before(() => {
        // PAM cockpit-ws, the accounts, and sshd with vmtune-remote (start.sh runs sshd.sh in every mode)
        execFileSync(`${ROOT}/test/stack/start.sh`, ["demo"], { stdio: "ignore" });
        stack("fixtures.sh", "reset", VM);
    });
    hooks.after(async () => {
        await closeShellBrowser();
        stack("fixtures.sh", "reset", VM);
    });

    QUnit.test(`the login's own host: ${LOGIN} may not talk to libvirt`, async assert => {
        const page = await shell("/vmtune");
        const frame = await pageFrame(page, "localhost", "#state-access-denied", SSHD_LOG);
        assert.true(/group libvirt/.test(await frame.locator("#state-access-denied").innerText()), "the no-access state");
        assert.strictEqual(await frame.locator("#vm-table").count(), 0, "no VM list on localhost");
        await page.context().close();
    });

    QUnit.test(`${HOST} from the host switcher: that host's VMs, through a bridge of ${REMOTE_USER} under sshd`, async assert => {
        // sessions of earlier logins linger for a while: only what this page starts counts
        const earlier = new Set(processes().keys());
        const page = await shell(`/@${HOST}/vmtune`);
        const frame = await pageFrame(page, CONNECTION, "#vm-table", SSHD_LOG);
        assert.true(frame.url().includes(`/cockpit/@${CONNECTION}/vmtune/index.html`), `the frame is served from ${CONNECTION}: ${frame.url()}`);
        assert.strictEqual(await frame.evaluate(() => (window as unknown as { cockpit: { transport: { host: string } } }).cockpit.transport.host),
                           CONNECTION, "cockpit.transport.host of the page");
        for (const vm of FIXTURES)
            await frame.locator(`#vm-table tr[data-vm="${vm}"]`).waitFor();
        // qemu:///system's VMs all there (the table may list more: other connections of that host)
        const names = virsh("list", "--all", "--name").split("\n").map(n => n.trim()).filter(Boolean);
        const rows = () => frame.locator("#vm-table tr[data-vm]").evaluateAll(trs => trs.map(tr => tr.getAttribute("data-vm")));
        const missing = await eventually(async () => { const listed = await rows(); return names.filter(n => !listed.includes(n)) },
                                         left => left.length === 0);
        assert.deepEqual(missing, [], "every VM virsh lists is in the table");
        assert.strictEqual(await frame.locator("#state-access-denied").count(), 0, "no no-access state");

        const procs = processes();
        const ssh = [...procs.values()].filter(p => !earlier.has(p.pid) && p.comm === "cockpit-ssh" && p.args.includes(CONNECTION));
        assert.strictEqual(ssh.length, 1, `one new cockpit-ssh ${CONNECTION}`);
        assert.deepEqual(ssh.map(p => [p.user, procs.get(p.ppid)?.comm, procs.get(p.ppid)?.user]),
                         [[LOGIN, "cockpit-bridge", LOGIN]], `run by ${LOGIN}'s cockpit-bridge`);
        const bridges = bridgesOverSsh(REMOTE_USER).filter(pid => !earlier.has(pid));
        assert.strictEqual(bridges.length, 1, `one new cockpit-bridge of ${REMOTE_USER} under sshd: ` +
                           bridges.map(pid => ancestry(procs, pid).join(" < ")).join("; "));
        await page.context().close();
    });

    QUnit.test(`a change on ${HOST}'s page lands in libvirt, sent by the bridge under sshd`, async assert => {
        const page = await shell(`/@${HOST}/vmtune`);
        const frame = await pageFrame(page, CONNECTION, `#vm-table tr[data-vm="${VM}"]`, SSHD_LOG);
        await openVm(asPage(frame), VM, "cpu");
        await frame.locator("#card-scheduler #sched-shares").waitFor();
        const before = keyValues(virsh("schedinfo", VM, "--live")).cpu_shares;
        const shares = before === "777" ? "778" : "777";

        await fill(asPage(frame), "sched-shares", shares);
        await scope(asPage(frame), "card-scheduler", "live");
        const steps = await review(asPage(frame), "card-scheduler");
        assert.deepEqual(steps.map(s => [s.command, s.scope]), [["schedinfo", "live"]], "one live schedinfo step");
        const watch = await monitor("SetSchedulerParameters");
        try {
            assert.strictEqual((await apply(asPage(frame))).outcome, "done", "applied");
            const senders = await eventually(async () => watch.senders(), s => s.length > 0, 5000);
            assert.strictEqual(senders.length, 1, `one SetSchedulerParameters call: ${senders.join(", ")}`);
            const sender = senders[0] ?? "";
            const uid = Number(execFileSync("id", ["-u", REMOTE_USER], { encoding: "utf8" }));
            assert.strictEqual(busAsk("GetConnectionUnixUser", sender), uid, `the call came from ${REMOTE_USER}`);
            const pid = busAsk("GetConnectionUnixProcessID", sender);
            assert.true(bridgesOverSsh(REMOTE_USER).includes(pid),
                        `the caller (pid ${pid}: ${ancestry(processes(), pid).join(" < ")}) is ${REMOTE_USER}'s bridge under sshd`);
        } finally {
            watch.stop();
        }
        await closeReview(asPage(frame));
        assert.strictEqual(keyValues(virsh("schedinfo", VM, "--live")).cpu_shares, shares, "virsh schedinfo --live");
        assert.false(virsh("dumpxml", "--inactive", VM).includes(`<shares>${shares}</shares>`), "next boot untouched");
        await page.context().close();
    });
});
