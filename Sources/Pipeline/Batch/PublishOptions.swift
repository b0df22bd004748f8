import ImageCodecs
import ImageTensor

/// Output options for files people publish: JPEG scans and chroma, WebP mode, the
/// background alpha is flattened on, output names and EXIF.
public struct PublishOptions: Sendable, Equatable {
    /// JPEG: progressive scans.
    public var progressive: Bool = false
    /// JPEG: 4:4:4 chroma instead of libjpeg's default 4:2:0.
    public var chroma444: Bool = false
    /// WebP: lossless instead of lossy at the run's quality.
    public var lossless: Bool = false
    /// What an image with alpha is composited on when written as JPEG.
    public var background: BackgroundColor = .white
    /// `--name`: output names; nil keeps `<stem>.<ext>`.
    public var nameTemplate: OutputNameTemplate? = nil
    /// Carry the input's EXIF to PNG, JPEG and WebP outputs (orientation reset to 1 when it
    /// was applied to the pixels).
    public var keepExif: Bool = false
    /// JPEG: optimised Huffman tables (`EncodeOptions.optimizeCoding`).
    public var optimizeCoding: Bool = false

    public init(progressive: Bool = false, chroma444: Bool = false, lossless: Bool = false,
                background: BackgroundColor = .white, nameTemplate: OutputNameTemplate? = nil,
                keepExif: Bool = false) {
        self.progressive = progressive; self.chroma444 = chroma444; self.lossless = lossless
        self.background = background; self.nameTemplate = nameTemplate; self.keepExif = keepExif
    }

    /// The part of the manifest's `settings` these options add (only what differs from the
    /// defaults, so records of earlier runs still match on resume).
    var settings: String {
        var parts: [String] = []
        if progressive { parts.append("progressive=true") }
        if chroma444 { parts.append("subsample=444") }
        if lossless { parts.append("lossless=true") }
        if background != .white { parts.append("background=\(background)") }
        if keepExif { parts.append("keep_exif=true") }
        if optimizeCoding { parts.append("optimize_coding=true") }
        return parts.joined(separator: " ")
    }
}

/// What encoding one output did besides writing bytes, for its manifest record.
struct EncodedOutput {
    var bytes: [UInt8]
    /// The shape written, `[H, W, C]` (a flattened image has lost its alpha channel).
    var shape: [Int]
    /// The background alpha was flattened on (`#rrggbb`), when it was.
    var flattened: String?
}

/// Turns a job's output tensor into file bytes with the run's output options: alpha flattened
/// for JPEG, ICC carried (or dropped with `strip`, or when it does not fit the output's
/// colour channels), EXIF carried with `keepExif`; `.npy` samples in the `--dtype`,
/// `--layout` and `--normalize` of the run.
enum OutputEncoding {
    static func encode(_ tensor: Tensor, kind: OutputFormat, metadata: ImageMetadata,
                       options: BatchOptions) throws -> EncodedOutput {
        if kind == .npy && options.dataset.transformsSamples {
            return EncodedOutput(bytes: try SampleEncoder(options.dataset).npyFile(tensor), shape: tensor.shape,
                                 flattened: nil)
        }
        var t = tensor
        var flattened: String?
        let publish = options.publish
        if kind == .jpeg && (t.channels == 2 || t.channels == 4) {
            t = AlphaFlattening.flatten(t, on: publish.background)
            flattened = publish.background.description
        }
        var encode = EncodeOptions(format: kind, quality: options.quality,
                                   bitDepth: options.bitDepth ?? (metadata.bitDepth == 16 ? 16 : 8),
                                   chroma444: publish.chroma444)
        encode.progressive = publish.progressive
        encode.optimizeCoding = publish.optimizeCoding
        encode.lossless = publish.lossless
        if !options.strip && kind != .npy {
            encode.iccProfile = metadata.iccProfile.flatMap { fits($0, colourChannels: t.channels <= 2 ? 1 : 3) ? $0 : nil }
            if publish.keepExif, let exif = metadata.exif {
                let oriented = options.autorotate && metadata.orientation != 1
                encode.exif = oriented ? ExifEditor.resettingOrientation(exif) : exif
            }
        }
        return EncodedOutput(bytes: try ImageEncoder.encode(t, options: encode), shape: t.shape,
                             flattened: flattened)
    }

    /// Whether an ICC profile describes data with this many colour channels (gray or RGB).
    static func fits(_ icc: [UInt8], colourChannels: Int) -> Bool {
        guard icc.count >= 20 else { return false }
        let space = String(decoding: icc[16..<20], as: UTF8.self)
        return colourChannels == 1 ? space == "GRAY" : space == "RGB "
    }
}
