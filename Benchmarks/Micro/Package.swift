// swift-tools-version: 6.2
// Micro-benchmarks of Shout's hot pieces, kept in a package of their own so that `swift test` never builds or
// runs them. Run with: cd Benchmarks/Micro && swift package --disable-sandbox benchmark run
import Foundation
import PackageDescription

/// The root package's identity is its folder's name, whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "ShoutMicroBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ShoutMicro",
            dependencies: [
                .product(name: "ShoutCore", package: root),
                .product(name: "ShoutUI", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ShoutMicro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
