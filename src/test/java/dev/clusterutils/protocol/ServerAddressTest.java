package dev.clusterutils.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.protocol.ServerAddress.Candidate;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerAddressTest {
    private static Candidate nic(String name, int index, boolean up, boolean loopback, boolean virtual, String ip)
            throws Exception {
        return new Candidate(name, index, up, loopback, virtual, InetAddress.getByName(ip));
    }

    @Test
    void aConfiguredAddressWins() throws Exception {
        List<Candidate> own = List.of(nic("eth0", 2, true, false, false, "10.1.2.3"));
        assertEquals(InetAddress.getByName("10.1.2.3"), ServerAddress.choose("10.1.2.3", false, () -> own));
        assertEquals(InetAddress.getByName("10.1.2.3"), ServerAddress.choose(" 10.1.2.3 ", true, () -> own));
        assertEquals(InetAddress.getByName("127.0.0.1"), ServerAddress.choose("127.0.0.1", false, List::of));
    }

    @Test
    void aConfiguredAddressOfAnotherMachineIsRefusedBeforeBinding() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerAddress.validate("8.8.8.8"));
        assertEquals("server address '8.8.8.8' is not an address of this machine; give an address of one of its interfaces",
                e.getMessage());
        ServerAddress.validate("127.0.0.1");
        ServerAddress.validate(null);
    }

    @Test
    void aConfiguredWildcardIpv6OrMulticastIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.choose("0.0.0.0", false, List::of));
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.choose("::1", false, List::of));
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.choose("224.0.0.1", false, List::of));
    }

    @Test
    void localRunsUseLoopbackWithoutLookingAtInterfaces() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"), ServerAddress.choose(null, true, () -> {
            throw new AssertionError("interfaces must not be consulted for a local run");
        }));
    }

    @Test
    void clusterRunsTakeTheFirstUpPhysicalIpv4Interface() throws Exception {
        List<Candidate> nics = List.of(
                nic("lo", 1, true, true, false, "127.0.0.1"),
                nic("docker0", 2, true, false, true, "172.17.0.1"),
                nic("eth1", 4, true, false, false, "192.168.5.7"),
                nic("eth0", 3, false, false, false, "10.0.0.9"),          // down
                nic("ib0", 5, true, false, false, "169.254.3.3"),        // link-local
                nic("eth0:1", 3, true, false, true, "10.0.0.10"));        // sub-interface
        assertEquals(InetAddress.getByName("192.168.5.7"), ServerAddress.choose(null, false, () -> nics));
        assertEquals(InetAddress.getByName("192.168.5.7"), ServerAddress.choose("", false, () -> nics));
    }

    @Test
    void clusterRunsFallBackToLoopback() throws Exception {
        List<Candidate> onlyLoopback = List.of(nic("lo", 1, true, true, false, "127.0.0.1"));
        assertEquals(InetAddress.getByName("127.0.0.1"), ServerAddress.choose(null, false, () -> onlyLoopback));
        assertEquals(InetAddress.getByName("127.0.0.1"), ServerAddress.choose(null, false, List::of));
    }

    @Test
    void virtualInterfaceNamesAreRecognised() {
        assertTrue(ServerAddress.isVirtualName("docker0"));
        assertTrue(ServerAddress.isVirtualName("veth12ab"));
        assertTrue(ServerAddress.isVirtualName("br-3f2a"));
        assertTrue(ServerAddress.isVirtualName("virbr0"));
        assertFalse(ServerAddress.isVirtualName("eth0"));
        assertFalse(ServerAddress.isVirtualName("enp3s0"));
        assertFalse(ServerAddress.isVirtualName("ib0"));
    }

    @Test
    void onThisMachineTheChoiceIsAnIpv4AddressOfAnInterface() throws Exception {
        InetAddress chosen = ServerAddress.choose(null, false);
        assertTrue(chosen instanceof Inet4Address);
        assertFalse(chosen.isAnyLocalAddress());
        assertTrue(chosen.isLoopbackAddress() || ServerAddress.machineCandidates().stream()
                .anyMatch(c -> c.address().equals(chosen)));
    }
}
