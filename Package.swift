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
        .target(name: "ImageTensor", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "ImageCodecs", dependencies: ["ImageTensor", "CCodecs", "CKernels"]),
        // Inner loops in C with AVX2 variants picked at run time: the resize's row sums,
        // transposes and YCbCr → RGB, and dataset payload conversions (uint8, float16).
        .target(name: "CKernels"),
        .target(name: "Pooling", dependencies: ["ImageTensor", "CKernels"], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "Pipeline", dependencies: ["ImageTensor", "ImageCodecs", "Pooling", "Yams", "CKernels"]),
        .target(name: "Inspect", dependencies: ["ImageTensor", "ImageCodecs", "Pooling", "Pipeline", "CText", "CFFT"]),
        .executableTarget(
            name: "poolpipe",
            dependencies: [
                "ImageTensor", "ImageCodecs", "Pooling", "Pipeline", "Inspect",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "PrepareDataset", dependencies: ["Pipeline", "ImageCodecs"], path: "Examples/PrepareDataset"),
        .executableTarget(name: "PackDataset", dependencies: ["Pipeline", "ImageCodecs"], path: "Examples/PackDataset"),
        .executableTarget(name: "ThumbnailGallery", dependencies: ["Pipeline", "Pooling", "ImageCodecs", "ImageTensor"], path: "Examples/ThumbnailGallery"),
        .executableTarget(name: "CustomStage", dependencies: ["Pipeline", "Pooling", "ImageCodecs", "ImageTensor"], path: "Examples/CustomStage"),
        .testTarget(name: "ImageTensorTests", dependencies: ["ImageTensor"]),
        .testTarget(name: "ImageCodecsTests", dependencies: ["ImageCodecs"], exclude: ["Fixtures"]),
        .testTarget(name: "PoolingTests", dependencies: ["Pooling"], exclude: ["Fixtures"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline"]),
        .testTarget(name: "InspectTests", dependencies: ["Inspect"]),
        .testTarget(name: "CLITests", dependencies: ["ImageCodecs"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
