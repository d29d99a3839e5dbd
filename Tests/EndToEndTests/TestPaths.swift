import Foundation

/// Where the end-to-end tests find the built `shout` binary and the textbook peers.
enum TestPaths {
    /// The package's root folder.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Python programs that behave exactly like the textbook ones.
    static let peers: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers")

    /// The `shout` binary that `swift test` built beside the test bundle (or `SHOUT_BINARY`).
    static let shout: String = {
        if let override = ProcessInfo.processInfo.environment["SHOUT_BINARY"] { return override }
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleFolder.appendingPathComponent("shout").path,
            bundleFolder.deletingLastPathComponent().appendingPathComponent("shout").path,
            packageRoot.appendingPathComponent(".build/debug/shout").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// The path of one peer script.
    static func peer(_ name: String) -> String {
        peers.appendingPathComponent(name).path
    }
}
