/// How `ImageDecoder` decodes a file.
public struct DecodeOptions: Sendable, Equatable {
    /// Largest `width * height` accepted, checked from the header before any pixel memory is
    /// taken; 0 means no limit. Defaults to `defaultMaxPixels`.
    public var maxPixels: Int
    /// Decode what a truncated (or slightly corrupt) PNG/JPEG holds and report a warning in
    /// `ImageMetadata.warnings` instead of failing. Missing rows are zero.
    public var allowTruncated: Bool
    /// JPEG only: DCT scaling denominator, 1, 2, 4 or 8 (output is `ceil(size / d)`).
    public var dctScaleDenominator: Int
    /// Convert samples from the file's embedded ICC profile to sRGB while decoding (LittleCMS,
    /// relative colorimetric; 16-bit precision kept, see `SRGBConverter`). Images without a profile are left as they are;
    /// a profile that cannot be applied leaves them as they are with a warning.
    public var toSRGB: Bool = false

    /// Largest input file read for `maxPixels`: 32 bytes a pixel (a float64 RGBA `.npy`, the
    /// largest raw form) plus 16 MiB of headers and metadata; `Int.max` without a pixel limit.
    public var maxFileBytes: Int {
        guard maxPixels > 0 else { return Int.max }
        let (bytes, overflow) = maxPixels.multipliedReportingOverflow(by: 32)
        return overflow || bytes > Int.max - (16 << 20) ? Int.max : bytes + (16 << 20)
    }

    /// The default `maxPixels` (and `--max-pixels`): Pillow's hard limit, 2 × 89,478,485.
    public static let defaultMaxPixels = 178_956_970

    public init(maxPixels: Int = DecodeOptions.defaultMaxPixels, allowTruncated: Bool = false, dctScaleDenominator: Int = 1) {
        self.maxPixels = maxPixels
        self.allowTruncated = allowTruncated
        self.dctScaleDenominator = dctScaleDenominator
    }
}
