// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Shout",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "shout", targets: ["shout"]),
        // For the micro-benchmarks in Benchmarks/Micro, a package of their own.
        .library(name: "ShoutCore", targets: ["ShoutCore"]),
        // The same, for the screens' micro-benchmarks (a keystroke on the client, a frame of the server's screen).
        .library(name: "ShoutUI", targets: ["ShoutUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        // Named for the end-to-end tests, which import SystemPackage (Subprocess's file descriptors) themselves.
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
    ],
    targets: [
        // No `pkgConfig:` here: ncursesw's pkg-config flags are two feature macros that SwiftPM refuses with a
        // warning on every build. shim.h defines them itself, and the modulemap links the library (libncurses-dev).
        .systemLibrary(
            name: "CNCursesW",
            path: "Modules/CNCursesW"
        ),
        // epoll, recvmmsg and sendmmsg for the server's own loops (see its header).
        .target(
            name: "CLinuxSockets",
            path: "Modules/CLinuxSockets"
        ),
        .target(
            name: "ShoutCore",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections")
            ]
        ),
        // A thread of one's own, its name, the monotonic clock: what full Foundation would have given.
        .target(name: "ShoutSystem"),
        // What both ends of a socket share: the errors a user reads, the loop thread, addresses as bytes.
        .target(
            name: "ShoutSockets",
            dependencies: [
                "ShoutCore", "ShoutSystem",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The server: UDP and TCP on one port, served by loops of its own.
        .target(
            name: "ShoutServerNet",
            dependencies: [
                "ShoutCore", "ShoutSystem", "ShoutSockets", "CLinuxSockets",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // `--wire`: the server port's packets from a Linux packet socket with a kernel filter, on a thread of its own.
        .target(
            name: "ShoutWire",
            dependencies: ["ShoutCore", "ShoutSystem", "ShoutSockets", "CLinuxSockets"]
        ),
        // The client's sockets and the pool and workers that carry out a ClientSession's effects.
        .target(
            name: "ShoutClientNet",
            dependencies: [
                "ShoutCore", "ShoutSockets",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // `shout bench`: the load generator.
        .target(
            name: "ShoutBench",
            dependencies: [
                "ShoutCore", "ShoutSystem", "ShoutSockets",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // `shout check`: the strict textbook client that grades a server.
        .target(
            name: "ShoutCheck",
            dependencies: [
                "ShoutCore", "ShoutSockets", "ShoutClientNet",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // `shout check --client`: the scripted lab server and the process runner that grade a client program.
        .target(
            name: "ShoutClientCheck",
            dependencies: ["ShoutCore"]
        ),
        .target(
            name: "ShoutUI",
            dependencies: ["ShoutCore"]
        ),
        .target(
            name: "ShoutTerminal",
            dependencies: ["ShoutUI", "CNCursesW"]
        ),
        .executableTarget(
            name: "shout",
            dependencies: [
                "ShoutCore", "ShoutSystem", "ShoutSockets", "ShoutServerNet", "ShoutClientNet", "ShoutBench",
                "ShoutWire",
                "ShoutCheck", "ShoutClientCheck",
                "ShoutUI", "ShoutTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ShoutCoreTests",
            dependencies: [
                "ShoutCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ShoutServerNetTests",
            dependencies: [
                // The client's sockets drive the server in some tests, as a student's program would.
                "ShoutCore", "ShoutSockets", "ShoutServerNet", "ShoutClientNet",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ShoutClientNetTests",
            dependencies: [
                "ShoutCore", "ShoutClientNet", "ShoutServerNet",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ShoutBenchTests",
            dependencies: [
                "ShoutCore", "ShoutBench", "ShoutServerNet",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ShoutCheckTests",
            dependencies: [
                "ShoutCore", "ShoutCheck", "ShoutSockets",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ShoutUITests",
            dependencies: [
                "ShoutCore", "ShoutUI",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ShoutCore",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
            ],
            exclude: ["Peers", "Golden"]
        ),
    ]
)
