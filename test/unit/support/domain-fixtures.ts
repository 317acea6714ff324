// Domain XML fixtures for the domain-xml tests, written the way libvirt formats them.

/** A running VM with everything vmtune edits: guest NUMA, maxMemory, a DIMM, pins, memtune, hugepages. */
export const FULL = `<domain type='kvm' id='3'>
  <name>vmtune-test-numa</name>
  <uuid>7d1d3f1e-3c55-4b5a-9a58-3f4a2f0f6b11</uuid>
  <metadata>
    <vmtune:note xmlns:vmtune="https://example.org/vmtune">keep me</vmtune:note>
  </metadata>
  <maxMemory slots='16' unit='GiB'>16</maxMemory>
  <memory unit='KiB'>4194304</memory>
  <currentMemory unit='MiB'>3072</currentMemory>
  <memtune>
    <hard_limit unit='G'>8</hard_limit>
    <soft_limit unit='bytes'>1000</soft_limit>
    <swap_hard_limit unit='KB'>10000000</swap_hard_limit>
  </memtune>
  <memoryBacking>
    <hugepages>
      <page size='2' unit='M' nodeset='0'/>
      <page size='1048576' nodeset='1'/>
    </hugepages>
  </memoryBacking>
  <vcpu placement='static' cpuset='0-7,^3' current='2'>4</vcpu>
  <vcpus>
    <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
    <vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/>
    <vcpu id='2' enabled='no' hotpluggable='yes'/>
    <vcpu id='3' enabled='no' hotpluggable='yes'/>
  </vcpus>
  <iothreads>3</iothreads>
  <iothreadids>
    <iothread id='2'/>
    <iothread id='5' thread_pool_min='1'/>
  </iothreadids>
  <cputune>
    <shares>2048</shares>
    <period>100000</period>
    <quota>-1</quota>
    <emulator_period>20000</emulator_period>
    <emulator_quota>18446744073709</emulator_quota>
    <!-- pinned by hand -->
    <vcpupin vcpu='0' cpuset='0'/>
    <vcpupin vcpu='1' cpuset='1' x-note='keep'/>
    <vcpupin vcpu='3' cpuset='3'/>
    <emulatorpin cpuset='4-5'/>
    <iothreadpin iothread='2' cpuset='6'/>
    <vcpusched vcpus='0' scheduler='fifo' priority='1'/>
  </cputune>
  <numatune>
    <memory mode='strict' nodeset='0-1'/>
    <memnode cellid='0' mode='strict' nodeset='0'/>
    <memnode cellid='1' mode='preferred' nodeset='1'/>
  </numatune>
  <os>
    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
    <boot dev='hd'/>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <cpu mode='host-passthrough' check='none' migratable='on'>
    <topology sockets='2' dies='1' cores='2' threads='1'/>
    <numa>
      <cell id='0' cpus='0-1' memory='2' unit='GiB' memAccess='shared'>
        <distances>
          <sibling id='0' value='10'/>
          <sibling id='1' value='21'/>
        </distances>
      </cell>
      <cell id='1' cpus='2-3' memory='2097152' unit='KiB'>
        <distances>
          <sibling id='0' value='21'/>
          <sibling id='1' value='10'/>
        </distances>
        <cache level='3' associativity='direct' policy='writeback'/>
      </cell>
    </numa>
  </cpu>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <memballoon model='virtio'>
      <stats period='5'/>
      <alias name='balloon0'/>
    </memballoon>
    <memory model='dimm'>
      <target>
        <size unit='MiB'>512</size>
        <node>1</node>
      </target>
      <alias name='dimm0'/>
      <address type='dimm' slot='0' base='0x100000000'/>
    </memory>
  </devices>
</domain>
`;

/** A plain VM: no NUMA, no tuning, memory without a unit. */
export const PLAIN = `<domain type='qemu'>
  <name>plain</name>
  <uuid>00000000-0000-0000-0000-000000000001</uuid>
  <memory>1048576</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='aarch64' machine='virt'>hvm</type>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-aarch64</emulator>
  </devices>
</domain>
`;
