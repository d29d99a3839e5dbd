import Foundation
import Subprocess
import Testing

/// The release build as `make install` installed it: a binary that needs no Swift, its man page, its completions.
@Suite(
    .enabled(
        if: InstalledShout.shouldRun,
        "no install to test: bash .ci/run runs make install and sets SHOUT_INSTALL_DESTDIR, SHOUT_INSTALL_PREFIX"
    ),
    .timeLimit(.minutes(1))
)
struct InstallTests {
    /// Libraries any Linux with ncurses has: the C library family, the C++ runtime the static Swift runtime uses,
    /// and ncurses with terminfo.
    static let allowedLibraries = [
        "linux-vdso.so", "ld-linux", "libc.so", "libm.so", "libpthread.so", "libdl.so", "librt.so", "libgcc_s.so",
        "libstdc++.so", "libncursesw.so", "libtinfo.so",
    ]

    @Test("ldd: the binary needs only the C library family and ncurses, no Swift library")
    func linkedLibraries() async throws {
        let environment = try ToolchainFreeEnvironment().environment
        let ldd = try await ProcessRunner.run(
            "/usr/bin/env",
            ["ldd", InstalledShout.path("bin/shout")],
            environment: environment
        )
        #expect(ldd.status == 0, "\(ldd.error)")
        // "\tlibncursesw.so.6 => /lib/x86_64-linux-gnu/libncursesw.so.6 (0x…)" or "\t/lib64/ld-linux-x86-64.so.2"
        let libraries = ldd.lines.compactMap { line -> String? in
            let first = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first
            return first.map { String($0.split(separator: "/").last ?? $0) }
        }
        #expect(libraries.contains { $0.hasPrefix("libncursesw.so") }, "\(ldd.text)")
        #expect(libraries.contains { $0.hasPrefix("libc.so") }, "\(ldd.text)")
        let unexpected = libraries.filter { library in !Self.allowedLibraries.contains { library.hasPrefix($0) } }
        #expect(unexpected.isEmpty, "libraries that a machine without Swift may lack: \(unexpected)\n\(ldd.text)")
        for swiftOnly in ["swift", "Foundation", "dispatch", "BlocksRuntime", "not found"] {
            #expect(!ldd.text.contains(swiftOnly), "\(ldd.text)")
        }
    }

    @Test("the binary alone in an empty folder, the toolchain off PATH and LD_LIBRARY_PATH: --version, a datagram")
    func runsWithoutTheToolchain() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shout-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = folder.appendingPathComponent("shout").path
        try FileManager.default.copyItem(atPath: InstalledShout.path("bin/shout"), toPath: binary)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["shout"])
        let clean = try ToolchainFreeEnvironment()
        let environment = clean.environment

        // The dynamic loader lists every library it loads (LD_DEBUG=files): none may come from the toolchain, which
        // a run path recorded in the binary could still reach without PATH or LD_LIBRARY_PATH.
        let version = try await ProcessRunner.run(
            binary,
            ["--version"],
            environment: environment.updating(["LD_DEBUG": "files"]),
            workingDirectory: folder.path
        )
        let expected = try await ProcessRunner.shout(["--version"])
        #expect(version.status == 0, "\(version.error)")
        #expect(!version.text.isEmpty)
        #expect(version.text == expected.text, "the release build and this checkout disagree on the version")
        let loaded = version.error.split(separator: "\n").filter { $0.contains("calling init: ") }
        #expect(loaded.contains { $0.contains("libncursesw") }, "the loader did not list libncursesw: \(version.error)")
        let fromToolchain = loaded.filter { $0.contains(clean.toolchain + "/") }
        #expect(fromToolchain.isEmpty, "loaded from the toolchain: \(fromToolchain)")

        let (reply, finished) = try await ShoutServerProcess.with(
            binary: binary,
            environment: environment,
            workingDirectory: folder.path
        ) { port, _ in
            try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", "straße"])
        }
        #expect(reply.text == "STRASSE", "\(reply.error)")
        #expect(finished.lines.contains { $0.contains("replied udp 127.0.0.1:") }, "\(finished.text)")
        #expect(finished.status == 0, "\(finished.error)")
    }

    @Test("the installed man page names every subcommand")
    func manPage() async throws {
        let page = try String(contentsOfFile: InstalledShout.path("share/man/man1/shout.1"), encoding: .utf8)
        let subcommands = try await CommandTree.subcommands(of: InstalledShout.path("bin/shout"))
        #expect(subcommands.count >= 4, "\(subcommands)")
        #expect(page.contains("\n.Dt SHOUT 1\n"))
        for name in subcommands {
            #expect(page.contains("\n.It Em \(name)\n"), "the man page does not describe shout \(name)")
        }
        // Where the history is kept: under client and demo, whose screens keep one, and nowhere else.
        #expect(page.components(separatedBy: "shout/history (or").count - 1 == 2, "\(page)")
        #expect(page.contains("\n.Sh \"EXIT STATUS\"\n") && page.contains("\n.It 130\n"))
        #expect(!page.contains(".Ex -std"), "the generic EXIT STATUS is still there")
        #expect(page.contains("\n.Sh EXAMPLES\n") && page.contains(".Dl shout check --targets-file class.txt"))
    }

    @Test("the installed bash completion completes `shout se` to `server`; zsh and fish have theirs")
    func completions() async throws {
        // Non-interactive bash: load the script, find the function it registered for `shout`, and call it as bash's
        // completion would for the line `shout se` with the cursor at its end.
        let program = #"""
            source "$1" || exit 3
            spec=$(complete -p shout) || exit 4
            function=${spec##*-F }
            function=${function%% *}
            COMP_WORDS=(shout se)
            COMP_CWORD=1
            COMP_LINE='shout se'
            COMP_POINT=${#COMP_LINE}
            "$function" shout se shout
            printf '%s\n' "${COMPREPLY[@]}"
            """#
        let script = try InstalledShout.path("share/bash-completion/completions/shout")
        let bash = try await ProcessRunner.run("/usr/bin/env", ["bash", "-c", program, "bash", script])
        #expect(bash.status == 0, "\(bash.error)")
        #expect(bash.lines == ["server"], "\(bash.text)")

        for (file, marker) in [
            ("share/zsh/site-functions/_shout", "#compdef shout\n"),
            ("share/fish/vendor_completions.d/shout.fish", "\ncomplete -c 'shout' "),
        ] {
            let text = try String(contentsOfFile: InstalledShout.path(file), encoding: .utf8)
            #expect(text.contains(marker), "\(file) is not a completion for shout")
            #expect(text.contains("server") && text.contains("bench"), "\(file) does not complete the subcommands")
        }
    }

    @Test("make install put exactly its files in their usual places; make uninstall removes every one")
    func installAndUninstall() async throws {
        let installed = try InstalledShout.path("")
        #expect(Self.files(under: installed) == InstalledShout.files.sorted())
        #expect(FileManager.default.isExecutableFile(atPath: installed + "bin/shout"))

        // Uninstall from a copy of the staged install, so that the other tests keep theirs.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("shout-uninstall-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        let prefix = "/usr/local"
        for file in InstalledShout.files {
            let target = copy.appendingPathComponent(prefix + "/" + file)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try FileManager.default.copyItem(atPath: installed + file, toPath: target.path)
        }
        #expect(Self.files(under: copy.path).count == InstalledShout.files.count)
        let make = try await ProcessRunner.run(
            "/usr/bin/env",
            ["make", "-C", TestPaths.packageRoot.path, "uninstall", "DESTDIR=\(copy.path)", "PREFIX=\(prefix)"]
        )
        #expect(make.status == 0, "\(make.error)")
        let left = Self.files(under: copy.path)
        #expect(left.isEmpty, "make uninstall left \(left)")
    }

    /// The files (not folders) below `folder`, relative to it, sorted.
    static func files(under folder: String) -> [String] {
        let all = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return all.filter { relative in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }
}
