package dev.clusterutils.protocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The IPv4 address the server listens on and bakes into every job command line
 * ({@code --cluster-utils-server=<ip>:<port>}), so it must be one the jobs can reach.
 *
 * <p>The original found it by "connecting" a UDP socket towards 10.255.255.255; here the
 * interfaces are inspected instead, so nothing is sent or routed to find it. The client opens an
 * IPv4 socket, hence IPv4 only; and never the wildcard, which is not an address a job can send to.
 */
public final class ServerAddress {
    static final String LOOPBACK = "127.0.0.1";

    /** Name prefixes of interfaces that only lead into containers or VMs on this host, not to cluster nodes. */
    private static final List<String> VIRTUAL_PREFIXES = List.of("docker", "veth", "virbr", "br-", "vboxnet",
            "vmnet", "lxcbr", "lxdbr", "cni", "flannel", "cali", "weave", "kube-", "podman", "cilium", "vxlan");

    private ServerAddress() {
    }

    /** An IPv4 address of one interface, with what the choice needs to know about the interface. */
    public record Candidate(String interfaceName, int interfaceIndex, boolean up, boolean loopback, boolean virtual,
                            InetAddress address) {
    }

    /**
     * @param configured an address or host name the user configured, or null/blank to choose
     * @param localRun   jobs run on this machine: loopback always works and leaks nothing
     */
    public static InetAddress choose(String configured, boolean localRun) throws UnknownHostException {
        return choose(configured, localRun, ServerAddress::machineCandidates);
    }

    static InetAddress choose(String configured, boolean localRun, Supplier<List<Candidate>> candidates)
            throws UnknownHostException {
        if (configured != null && !configured.isBlank()) {
            return configuredAddress(configured.trim(), candidates);
        }
        if (localRun) {
            return InetAddress.getByName(LOOPBACK);
        }
        return candidates.get().stream()
                .filter(c -> c.up() && !c.loopback() && !c.virtual() && isRoutableIpv4(c.address()))
                .min(Comparator.comparingInt(Candidate::interfaceIndex))
                .map(Candidate::address)
                .orElse(InetAddress.getByName(LOOPBACK));
    }

    private static InetAddress configuredAddress(String configured, Supplier<List<Candidate>> candidates)
            throws UnknownHostException {
        InetAddress address = InetAddress.getByName(configured);
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("server address '" + configured + "' is not IPv4; the job client only"
                    + " speaks UDP over IPv4");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw new IllegalArgumentException("server address '" + configured + "' is not one a job can send to;"
                    + " give an address of one interface of this machine");
        }
        if (!address.isLoopbackAddress() && candidates.get().stream().noneMatch(c -> c.address().equals(address))) {
            // binding it would fail only after the results dir exists; say so before
            throw new IllegalArgumentException("server address '" + configured + "' is not an address of this machine;"
                    + " give an address of one of its interfaces");
        }
        return address;
    }

    /**
     * Checks an address the user configured without binding anything.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void validate(String configured) {
        if (configured == null || configured.isBlank()) {
            return;
        }
        try {
            configuredAddress(configured.trim(), ServerAddress::machineCandidates);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server address '" + configured + "' is unknown: " + e.getMessage());
        }
    }

    private static boolean isRoutableIpv4(InetAddress a) {
        return a instanceof Inet4Address && !a.isAnyLocalAddress() && !a.isLoopbackAddress()
                && !a.isLinkLocalAddress() && !a.isMulticastAddress();
    }

    static boolean isVirtualName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return VIRTUAL_PREFIXES.stream().anyMatch(n::startsWith);
    }

    /** The IPv4 addresses of this machine's interfaces, as the kernel lists them. */
    public static List<Candidate> machineCandidates() {
        List<Candidate> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                boolean up = ni.isUp();
                boolean loopback = ni.isLoopback();
                boolean virtual = ni.isVirtual() || isVirtualName(ni.getName());
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        out.add(new Candidate(ni.getName(), ni.getIndex(), up, loopback, virtual, a));
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: the caller falls back to loopback, which at least works for local jobs
            return List.of();
        }
        return out;
    }
}
