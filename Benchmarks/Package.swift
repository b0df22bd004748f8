// swift-tools-version:6.1
// The kernel and median benchmarks (`make bench`), kept out of PoolPipe's product graph: a
// package that depends on PoolPipe the way any library user does, so nothing here is built
// when PoolPipe is used as a dependency, and the benchmarks see only the public API.
import PackageDescription

let package = Package(
    name: "PoolPipeBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "PoolPipe", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "poolpipe-bench",
            dependencies: [.product(name: "PoolPipe", package: "PoolPipe")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
