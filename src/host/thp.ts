// The host's transparent hugepage size: libvirt refuses a virtio-mem block size below it ("block size
// too small, must be at least …KiB"), so the attach dialog checks it before anything is sent.
import cockpit from "cockpit";

const PMD_SIZE = "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size";

/** KiB, or undefined when the kernel has no THP (the file is missing) or it cannot be read. */
export async function readThpSizeKiB(): Promise<number | undefined> {
    const file = cockpit.file(PMD_SIZE);
    try {
        const text = await file.read();
        const bytes = Number(text?.trim());
        return Number.isSafeInteger(bytes) && bytes > 0 ? bytes / 1024 : undefined;
    } catch {
        return undefined;
    } finally {
        file.close();
    }
}
