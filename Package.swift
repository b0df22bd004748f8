// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "PoolPipe",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PoolPipe", targets: ["ImageTensor", "ImageCodecs", "Pooling", "Pipeline", "Inspect"]),
        .executable(name: "poolpipe", targets: ["poolpipe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The only C in the project: owns every libpng/libjpeg/libwebp/LittleCMS call and every setjmp.
        .target(
            name: "CCodecs",
            linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg"), .linkedLibrary("z"),
                             .linkedLibrary("webp"), .linkedLibrary("webpmux"), .linkedLibrary("lcms2")]
        ),
        // Small C shims for the inspection report: FreeType (sheet labels), FFTW3 (spectra).
        .target(
            name: "CText",
            dependencies: ["_CFreeType"]
        ),
        // FreeType's include path and library from pkg-config (no unsafe flags, so PoolPipe
        // stays usable as a dependency).
        .systemLibrary(name: "_CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        .target(name: "CFFT", linkerSettings: [.linkedLibrary("fftw3f"), .linkedLibrary("m")]),
        .target(name: "ImageTensor", swiftSettings: [.swiftLanguageMode(.v6)], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "ImageCodecs", dependencies: ["ImageTensor", "CCodecs"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "Pooling", dependencies: ["ImageTensor"], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "Pipeline", dependencies: ["ImageTensor", "ImageCodecs", "Pooling", "Yams"]),
        .target(name: "Inspect", dependencies: ["ImageTensor", "ImageCodecs", "Pooling", "Pipeline", "CText", "CFFT"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "poolpipe",
            dependencies: [
                "ImageTensor", "ImageCodecs", "Pooling", "Pipeline", "Inspect",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(name: "PrepareDataset", dependencies: ["Pipeline", "ImageCodecs"], path: "Examples/PrepareDataset", swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "PackDataset", dependencies: ["Pipeline", "ImageCodecs"], path: "Examples/PackDataset", swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "ThumbnailGallery", dependencies: ["Pipeline", "Pooling", "ImageCodecs", "ImageTensor"], path: "Examples/ThumbnailGallery", swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "CustomStage", dependencies: ["Pipeline", "Pooling", "ImageCodecs", "ImageTensor"], path: "Examples/CustomStage", swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "ImageTensorTests", dependencies: ["ImageTensor"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "ImageCodecsTests", dependencies: ["ImageCodecs"], exclude: ["Fixtures"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "PoolingTests", dependencies: ["Pooling"], exclude: ["Fixtures"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "InspectTests", dependencies: ["Inspect"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "CLITests", dependencies: ["ImageCodecs"], exclude: ["Golden"], swiftSettings: [.swiftLanguageMode(.v6)]),
    ],
    swiftLanguageModes: [.v5]
)
