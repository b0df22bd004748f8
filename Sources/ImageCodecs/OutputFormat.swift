/// A file format `ImageEncoder` writes.
public enum OutputFormat: String, Sendable, CaseIterable {
    case png, jpeg, npy, webp

    /// The file name extension, without the dot: "png", "jpg", "npy", "webp".
    public var fileExtension: String {
        switch self {
        case .png: return "png"
        case .jpeg: return "jpg"
        case .npy: return "npy"
        case .webp: return "webp"
        }
    }
}

/// How `ImageEncoder` writes a tensor.
public struct EncodeOptions: Sendable, Equatable {
    public var format: OutputFormat
    /// JPEG and lossy WebP quality, 1...100.
    public var quality: Int = 90
    /// PNG bits per sample, 8 or 16.
    public var bitDepth: Int = 8
    /// JPEG: 4:4:4 chroma instead of the default 4:2:0.
    public var chroma444: Bool = false
    /// ICC profile to embed (PNG iCCP, JPEG APP2); ignored for `.npy`. libpng leaves out a
    /// profile it finds invalid or unsuited to the colour type (e.g. an RGB profile on gray).
    public var iccProfile: [UInt8]? = nil
    /// JPEG: progressive scans instead of baseline.
    public var progressive: Bool = false
    /// JPEG: optimised Huffman tables (a second pass over the coefficients: a few % smaller,
    /// about twice the entropy-coding time); off writes libjpeg's standard tables, as cjpeg,
    /// Pillow and vips do by default. Progressive JPEG always optimises.
    public var optimizeCoding: Bool = false
    /// WebP: lossless instead of lossy at `quality`.
    public var lossless: Bool = false
    /// TIFF-structured EXIF data to embed (JPEG APP1, PNG eXIf, WebP EXIF chunk), written as
    /// given (callers reset its orientation first: `ExifEditor.resettingOrientation`).
    /// JPEG leaves out EXIF over 65527 bytes (one APP1 segment); `.npy` ignores it.
    public var exif: [UInt8]? = nil
    /// PNG zlib level 1...9, or `nil` for the default (4 with adaptive row filters); 1 uses
    /// the SUB filter and run-length matches only, the fastest to encode (previews, reports).
    public var pngCompressionLevel: Int? = nil

    public init(format: OutputFormat, quality: Int = 90, bitDepth: Int = 8, chroma444: Bool = false,
                iccProfile: [UInt8]? = nil) {
        self.format = format
        self.quality = quality
        self.bitDepth = bitDepth
        self.chroma444 = chroma444
        self.iccProfile = iccProfile
    }
}
