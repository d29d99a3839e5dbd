import Foundation
import Testing

/// Where `make install` put Shout for these tests: `$SHOUT_INSTALL_DESTDIR$SHOUT_INSTALL_PREFIX`, which `.ci/run`
/// sets after it installs the release build once into a staging folder.
///
/// Without the variables the tests are skipped, with the reason, on a developer's machine; in CI (`CI` set) they
/// run and fail, so that a broken `.ci/run` cannot pass by skipping them.
enum InstalledShout {
    /// The folder the files went to (DESTDIR followed by PREFIX), or nil when the variables are not set.
    static let root: String? = {
        let environment = ProcessInfo.processInfo.environment
        guard let prefix = environment["SHOUT_INSTALL_PREFIX"], !prefix.isEmpty else { return nil }
        return (environment["SHOUT_INSTALL_DESTDIR"] ?? "") + prefix
    }()

    /// Whether the tests run in CI, where a missing install is a failure, not a reason to skip.
    static let isCI: Bool = {
        let value = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !["", "0", "false"].contains(value.lowercased())
    }()

    /// Whether the suite runs: there is an install to test, or this is CI (where its absence fails the tests).
    static let shouldRun = root != nil || isCI

    /// The files `make install` puts under the prefix, relative to it.
    static let files = [
        "bin/shout", "share/man/man1/shout.1", "share/bash-completion/completions/shout",
        "share/zsh/site-functions/_shout", "share/fish/vendor_completions.d/shout.fish",
    ]

    /// The path of an installed file, `relative` to the prefix; fails the test when there is no install.
    static func path(_ relative: String) throws -> String {
        let root = try #require(
            root,
            "CI is set but SHOUT_INSTALL_PREFIX is not: .ci/run must run make install into a staging DESTDIR"
        )
        return root + "/" + relative
    }
}
