import Glibc

/// Whether this process may capture packets (`--wire`): Linux lets a program open a packet socket only with
/// `CAP_NET_RAW` (root, or the capability set on the binary with `setcap`).
public enum WireCapability {
    /// Whether the process holds `CAP_NET_RAW`, found by opening a packet socket and closing it at once (a socket of
    /// type `SOCK_RAW` for no protocol: it receives nothing while it is open).
    public static var isGranted: Bool {
        let descriptor = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    /// The one sentence said when `--wire` is asked for without the capability; the server serves on.
    public static let missing =
        "--wire needs CAP_NET_RAW to capture the port's packets (run as root, or grant it once with "
        + "sudo setcap cap_net_raw+ep \"$(command -v shout)\"); serving without the Wire pane."
}
