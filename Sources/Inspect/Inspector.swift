import Foundation
import ImageCodecs
import ImageTensor
import Pipeline
import Pooling

/// Runs an inspection: images through several stage lists, every stage measured against
/// its source and drawn, written as `index.html`, `sheet.png` and `img/*.png`.
public enum Inspector {
    /// Heat maps of larger sources are stored block-averaged to at most this longest side
    /// (twice the 256-pixel view, sharp on high-density screens).
    public static let heatMapMaxSide = 512
    /// zlib level of the report's PNGs: the fastest (the pictures are previews).
    static let pngLevel = 1

    /// Decodes each input (or renders the pattern), applies each stage list and writes into
    /// `outputDirectory`: per input `n` (file prefix `""` for a single input, else `"<n>-"`)
    /// `img/<p>source.png` (full size), per list `r` and stage `s` `img/<p>row<r>-stage<s>.png`
    /// (the output at its own size), `…-heat.png` (difference heat map, block-averaged to
    /// `heatMapMaxSide`), `…-alpha-heat.png` (alpha only, for images with alpha) and, with
    /// `options.spectrum`, `…-spectrum.png` (and `img/<p>source-spectrum.png`); then
    /// `sheet.png` (every grid, labelled) and `index.html` (one section per input).
    ///
    /// Every list is parsed and the font opened before anything is decoded or written. An
    /// input that cannot be read is reported in `failures` and the others go on. A list that
    /// cannot run on an image keeps the stages before the failing one and records why.
    /// - Throws: `InspectError.noStageLists`, `.invalidStageList`, `.fontUnavailable`
    ///   (nothing written), `.writeFailed`, `.encodeFailed`, `.spectrumFailed`.
    public static func run(inputs: [InspectInput], stageSpecs: [String], outputDirectory: String,
                           options: InspectOptions = InspectOptions()) throws -> InspectionOutcome {
        let lists = try parse(stageSpecs)
        let fonts = try SheetFonts(path: options.fontPath)
        let files = try ReportFiles(root: outputDirectory)
        var outcome = InspectionOutcome(reports: [], failures: [])
        var sheets: [Tensor] = []
        for (n, input) in inputs.enumerated() {
            let prefix = inputs.count == 1 ? "" : "\(n + 1)-"
            let loaded: LoadedSource
            do {
                loaded = try load(input, options: options)
            } catch let error as InspectError {
                outcome.failures.append(InspectionFailure(input: input.label, error: error))
                continue
            }
            let source = loaded.tensor
            if let region = options.region, !region.fits(height: source.height, width: source.width) {
                outcome.failures.append(InspectionFailure(input: input.label, error: .badRegion(
                    region: [region.y, region.x, region.height, region.width],
                    height: source.height, width: source.width)))
                continue
            }
            let job = ImageJob(input: input, number: n + 1, prefix: prefix, source: source,
                               lists: lists, options: options, files: files)
            let (report, sheet) = try job.run(loaded, fonts: fonts)
            outcome.reports.append(report)
            sheets.append(sheet)
        }
        if !sheets.isEmpty {
            try files.writePNG(ContactSheet.stack(sheets), to: outcome.sheetFile, what: "the contact sheet",
                               level: pngLevel)
        }
        try files.writeText(HTMLReport.render(outcome, generator: options.generator), to: outcome.htmlFile)
        return outcome
    }

    /// One image file, as before several inputs were possible: the report of `imagePath`.
    /// - Throws: as `run(inputs:…)`, and `InspectError.decodeFailed` when the file cannot be read.
    public static func run(imagePath: String, stageSpecs: [String], outputDirectory: String,
                           color: ColorOptions = ColorOptions(), decodeOptions: DecodeOptions = DecodeOptions(),
                           autorotate: Bool = true,
                           context: PoolingContext = PoolingContext(threads: ProcessorCount.active),
                           generator: String = "poolpipe") throws -> InspectionReport {
        let options = InspectOptions(color: color, decodeOptions: decodeOptions, autorotate: autorotate,
                                     context: context, generator: generator)
        let outcome = try run(inputs: [.file(imagePath)], stageSpecs: stageSpecs,
                              outputDirectory: outputDirectory, options: options)
        if let failure = outcome.failures.first { throw failure.error }
        return outcome.reports[0]
    }

    /// A decoded (or rendered) source.
    struct LoadedSource {
        /// Upright, 1–4 channels.
        let tensor: Tensor
        let format: String
        let bitDepth: Int
        /// When the page may show the file itself (a PNG or JPEG stored upright, untagged or
        /// tagged sRGB, so the browser shows the pixels decoded here): its extension.
        let copyableExtension: String?
    }

    /// The upright source tensor of an input, with its format and bit depth.
    static func load(_ input: InspectInput, options: InspectOptions) throws -> LoadedSource {
        switch input {
        case let .pattern(p, size):
            return LoadedSource(tensor: p.render(size: size), format: "pattern", bitDepth: 32, copyableExtension: nil)
        case let .file(path):
            let decoded: DecodedImage
            do {
                decoded = try ImageDecoder.decode(path: path, options: options.decodeOptions)
            } catch {
                throw InspectError.decodeFailed(path: path, reason: String(describing: error))
            }
            let m = decoded.metadata
            let source = options.autorotate && m.orientation != 1 ? decoded.tensor.applyingOrientation(m.orientation)
                : decoded.tensor
            guard (1...4).contains(source.channels) else { throw InspectError.unsupportedChannels(source.channels) }
            let format = m.format.rawValue
            let srgb = m.iccProfile.map(namesSRGB) ?? true
            let copyable = (format == "png" || format == "jpeg") && m.orientation == 1 && srgb
            return LoadedSource(tensor: source, format: format, bitDepth: m.bitDepth,
                                copyableExtension: copyable ? (format == "png" ? "png" : "jpg") : nil)
        }
    }

    /// Whether an ICC profile's bytes name sRGB (its description, ASCII in ICC v2, UTF-16 in v4).
    static func namesSRGB(_ icc: [UInt8]) -> Bool {
        let ascii = Array("sRGB".utf8), utf16: [UInt8] = [0, 0x73, 0, 0x52, 0, 0x47, 0, 0x42]
        func contains(_ needle: [UInt8]) -> Bool {
            guard icc.count >= needle.count else { return false }
            return (0...(icc.count - needle.count)).contains { i in icc[i..<(i + needle.count)].elementsEqual(needle) }
        }
        return contains(ascii) || contains(utf16)
    }

    /// Parses every list, numbering them from 1 in errors.
    static func parse(_ specs: [String]) throws -> [(spec: String, list: StageList)] {
        guard !specs.isEmpty else { throw InspectError.noStageLists }
        return try specs.enumerated().map { i, spec in
            do {
                return (spec, try StageList.parse(spec))
            } catch {
                throw InspectError.invalidStageList(index: i + 1, spec: spec, reason: String(describing: error))
            }
        }
    }

    /// How colour was pooled, in words, for the page.
    public static func colourHandling(_ color: ColorOptions, channels: Int = 4) -> String {
        var parts = [color.linear ? "averages in linear light (sRGB decoded before, encoded after)"
                                  : "averages on the stored sRGB values"]
        if channels == 2 || channels == 4 {
            parts.append(color.alpha == .premultiplied ? "colour weighted by alpha (premultiplied)"
                                                       : "colour and alpha pooled independently (straight)")
        }
        return parts.joined(separator: ", ")
    }
}
