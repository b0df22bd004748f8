import ArgumentParser
import Pipeline

/// The batch flags for published outputs: JPEG scans and chroma, WebP mode, the background
/// alpha is flattened on, output names, EXIF and conversion to sRGB. Part of
/// `BatchCLIOptions` (so `run` and `thumbnail` both take them).
struct PublishCLIOptions: ParsableArguments {
    @Flag(help: "JPEG: progressive scans instead of baseline.")
    var progressive = false

    @Flag(name: .customLong("optimize-coding"), help: "JPEG: optimised Huffman tables: a few % smaller files, slower to encode (progressive JPEG always optimises).")
    var optimizeCoding = false

    @Option(help: "JPEG chroma subsampling: 420 (libjpeg's default) or 444.")
    var subsample: String = "420"

    @Flag(help: "WebP: lossless instead of lossy at --quality.")
    var lossless = false

    @Option(help: "Colour an image with alpha is flattened on when written as JPEG: a CSS name (white, black, gray, red, ...) or #rrggbb. The manifest records it as \"flattened\".")
    var background: String = "white"

    @Option(help: "Output name template from {stem}, {ext} and {dir}, e.g. '{stem}_256.{ext}' (kept in the mirrored folder) or '{dir}_{stem}.{ext}' (a path under OUT).")
    var name: String?

    @Flag(name: .customLong("keep-exif"), help: "Carry EXIF (camera, date, ...) to PNG, JPEG and WebP outputs, orientation reset to 1 when it was applied.")
    var keepExif = false

    @Flag(name: .customLong("to-srgb"), help: "Convert from the embedded ICC profile to sRGB (LittleCMS, relative colorimetric) before pooling; outputs are tagged sRGB (untagged with --strip).")
    var toSRGB = false

    /// The library options these flags stand for, or the first mistake.
    func resolved(strip: Bool) throws -> PublishOptions {
        guard subsample == "420" || subsample == "444" else {
            throw BatchCLIUsageError(reason: "--subsample \"\(subsample)\" is not 420 or 444")
        }
        guard let bg = BackgroundColor(argument: background) else {
            let names = BackgroundColor.names.map(\.0).joined(separator: ", ")
            throw BatchCLIUsageError(reason: "--background \"\(background)\" is not #rrggbb or a colour name (\(names))")
        }
        if strip && keepExif {
            throw BatchCLIUsageError(reason: "--strip drops EXIF and --keep-exif keeps it: give one of them")
        }
        var template: OutputNameTemplate?
        if let name {
            do {
                template = try OutputNameTemplate(name)
            } catch let e as OutputNameError {
                throw BatchCLIUsageError(reason: e.description)
            }
        }
        var publish = PublishOptions(progressive: progressive, chroma444: subsample == "444", lossless: lossless,
                                     background: bg, nameTemplate: template, keepExif: keepExif)
        publish.optimizeCoding = optimizeCoding
        return publish
    }
}
