// libvirt's own schema check, batched: `virt-xml-validate FILE domain` is a shell script that runs
// `xmllint --noout --relaxng $SCHEMAS/domain.rng FILE`. Starting it once per file would cost a schema
// parse per file (tens of thousands of files here), so the same xmllint command runs over many files at
// once, in parallel chunks, with the schema directory read from the installed virt-xml-validate itself.
// `agreesWithVirtXmlValidate` proves on samples that the batch gives virt-xml-validate's verdicts.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The installed virt-xml-validate; throws when it is missing (test/stack/deps.sh installs libvirt-clients). */
export function virtXmlValidate(): string {
    let found = "";
    try {
        found = execFileSync("sh", ["-c", "command -v virt-xml-validate"], { encoding: "utf8" }).trim();
    } catch {
        found = "";
    }
    if (found === "")
        throw new Error("virt-xml-validate is missing: install libvirt-clients (test/stack/deps.sh)");
    return found;
}

/** The domain schema virt-xml-validate uses: its SCHEMA="…/${TYPE}.rng" line with TYPE=domain. */
export function domainSchema(): string {
    const script = readFileSync(virtXmlValidate(), "utf8");
    const m = /^\s*SCHEMA="([^"$]*)\/\$\{TYPE\}\.rng"/m.exec(script);
    if (!m)
        throw new Error("virt-xml-validate changed: no SCHEMA=\"…/${TYPE}.rng\" line");
    const schema = `${m[1]}/domain.rng`;
    if (!existsSync(schema))
        throw new Error(`${schema} is missing`);
    return schema;
}

/** A scratch directory, in memory when the machine has /dev/shm. */
export function scratchDir(prefix: string): string {
    const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
    return mkdtempSync(path.join(base, prefix));
}

/** At most this many xmllint processes at once, whoever asks (the machine has few cores). */
const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (running >= MAX_RUNNING)
        await new Promise<void>(resolve => waiting.push(resolve)); // the finishing run hands its slot over
    else
        running++;
    try {
        return await work();
    } finally {
        const next = waiting.shift();
        if (next)
            next();
        else
            running--;
    }
}

function xmllint(schema: string, files: string[]): Promise<string> {
    return limited(() => runXmllint(schema, files));
}

function runXmllint(schema: string, files: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile("xmllint", ["--noout", "--relaxng", schema, ...files], { maxBuffer: 256 * 1024 * 1024 },
            (error, _stdout, stderr) => {
                // exit 3 = some file did not validate; anything else non-zero is a broken run
                const code = error === null ? 0 : (error as { code?: number }).code;
                if (code !== 0 && code !== 3)
                    reject(new Error(`xmllint failed (${String(code)}): ${stderr.slice(0, 2000)}`));
                else
                    resolve(stderr);
            });
    });
}

/**
 * Validates documents against libvirt's domain schema. Returns, per document, undefined when it
 * validates, or xmllint's messages for it. Every document must get a verdict, or this throws.
 */
export async function validateDomains(docs: readonly string[], chunks = 2): Promise<(string | undefined)[]> {
    const schema = domainSchema();
    const dir = scratchDir("vmtune-validate-");
    try {
        const files = docs.map((xml, i) => {
            const sub = path.join(dir, String(Math.floor(i / 1000)));
            if (i % 1000 === 0)
                mkdirSync(sub);
            const file = path.join(sub, `${i}.xml`);
            writeFileSync(file, xml);
            return file;
        });
        const size = Math.ceil(files.length / chunks);
        const parts: string[][] = [];
        for (let i = 0; i < files.length; i += Math.max(size, 1))
            parts.push(files.slice(i, i + size));
        // xmllint takes many arguments; stay well below the kernel's argument limit
        const batches = parts.map(p => {
            const out: string[][] = [];
            for (let i = 0; i < p.length; i += 4000)
                out.push(p.slice(i, i + 4000));
            return out;
        });
        const outputs = await Promise.all(batches.map(async list => {
            let text = "";
            for (const b of list)
                text += await xmllint(schema, b);
            return text;
        }));
        const verdict = new Map<string, string | undefined>();
        const messages = new Map<string, string[]>();
        for (const line of outputs.join("\n").split("\n")) {
            const ok = / validates$/.exec(line);
            const bad = / fails to validate$/.exec(line);
            const file = line.replace(/ (validates|fails to validate)$/, "");
            if (ok)
                verdict.set(file, undefined);
            else if (bad)
                verdict.set(file, (messages.get(file) ?? ["fails to validate"]).join("\n"));
            else {
                const m = /^(\/[^:]+\.xml):/.exec(line);
                if (m?.[1] !== undefined)
                    messages.set(m[1], [...(messages.get(m[1]) ?? []), line.slice(m[1].length + 1)]);
            }
        }
        return files.map(f => {
            if (!verdict.has(f))
                throw new Error(`xmllint gave no verdict for ${f}`);
            return verdict.get(f);
        });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** virt-xml-validate FILE domain, one document at a time (slow: for samples). */
export function virtXmlValidateOne(xml: string): boolean {
    const dir = scratchDir("vmtune-vxv-");
    try {
        const file = path.join(dir, "d.xml");
        writeFileSync(file, xml);
        try {
            execFileSync(virtXmlValidate(), [file, "domain"], { stdio: "ignore" });
            return true;
        } catch {
            return false;
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
