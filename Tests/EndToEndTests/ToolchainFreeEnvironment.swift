import Foundation
import Subprocess
import Testing

/// The test's own environment without the Swift toolchain: every `PATH` and `LD_LIBRARY_PATH` entry inside the
/// folder that holds the `swift` found on `PATH` is taken out.
struct ToolchainFreeEnvironment {
    /// The toolchain's folder (`/opt/swift` for `/opt/swift/usr/bin/swift`): its bin and lib folders are below it.
    let toolchain: String
    /// The environment for a program that must run as on a machine with no Swift installed.
    let environment: Environment

    /// Finds the toolchain and builds the environment without it.
    init() throws {
        let inherited = ProcessInfo.processInfo.environment
        let path = inherited["PATH"] ?? ""
        let swift = try #require(
            path.split(separator: ":").map { "\($0)/swift" }.first { FileManager.default.isExecutableFile(atPath: $0) },
            "no swift on PATH: cannot tell which folders are the toolchain's"
        )
        let resolved = URL(fileURLWithPath: swift).resolvingSymlinksInPath()
        let bin = resolved.deletingLastPathComponent()
        let toolchain = bin.deletingLastPathComponent().deletingLastPathComponent().path
        // A Swift in /usr/bin would make that folder "/": taking it off PATH would take everything off.
        try #require(toolchain != "/", "swift is in \(resolved.path): its folders are the system's")
        func outside(_ list: String?) -> String? {
            guard let list else { return nil }
            let kept = list.split(separator: ":").filter { entry in
                let folder = URL(fileURLWithPath: String(entry)).resolvingSymlinksInPath().path
                return folder != toolchain && !folder.hasPrefix(toolchain + "/")
            }
            return kept.isEmpty ? nil : kept.joined(separator: ":")
        }
        self.toolchain = toolchain
        environment = .inherit.updating([
            "PATH": outside(path) ?? "/usr/bin:/bin", "LD_LIBRARY_PATH": outside(inherited["LD_LIBRARY_PATH"]),
        ])
    }
}
