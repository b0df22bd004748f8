/// The container format an image was decoded from.
public enum SourceFormat: String, Sendable, Equatable, Codable {
    case png, jpeg, npy
}

/// What a decoder learned about a file besides its pixels.
public struct ImageMetadata: Sendable, Equatable {
    /// Container format.
    public var format: SourceFormat
    /// Bits per sample in the file (1, 2, 4, 8, 16; 32 for float32 `.npy`).
    public var bitDepth: Int
    /// Width and height as stored in the file, before any orientation or DCT scaling.
    public var storedWidth: Int
    public var storedHeight: Int
    /// Channels of the decoded tensor.
    public var channels: Int
    /// PNG Adam7 interlace or progressive JPEG.
    public var interlaced: Bool
    /// ICC profile bytes (PNG iCCP, JPEG APP2), if any.
    public var iccProfile: [UInt8]?
    /// EXIF orientation tag, 1...8 (1 when absent).
    public var orientation: Int
    /// The DCT scale denominator used when decoding a JPEG (1, 2, 4 or 8).
    public var dctScale: Int
    /// Warnings a decoder reported but did not fail on (e.g. truncated data with `allowTruncated`).
    public var warnings: [String]
    /// Colour model in the file, for reports ("gray", "rgb", "palette", "cmyk", "ycck", ...).
    public var colorModel: String
    /// TIFF-structured EXIF data (JPEG APP1 after "Exif\0\0", PNG eXIf), if any.
    public var exif: [UInt8]? = nil
    /// The description tag of the file's own ICC profile, if it has one with a description.
    public var iccDescription: String? = nil
    /// The samples were converted from the file's ICC profile to sRGB while decoding
    /// (`DecodeOptions.toSRGB`); `iccProfile` is then the sRGB profile they are in.
    public var convertedToSRGB: Bool = false

    public init(format: SourceFormat, bitDepth: Int, storedWidth: Int, storedHeight: Int,
                channels: Int, interlaced: Bool = false, iccProfile: [UInt8]? = nil,
                orientation: Int = 1, dctScale: Int = 1, warnings: [String] = [],
                colorModel: String = "") {
        self.format = format
        self.bitDepth = bitDepth
        self.storedWidth = storedWidth
        self.storedHeight = storedHeight
        self.channels = channels
        self.interlaced = interlaced
        self.iccProfile = iccProfile
        self.orientation = orientation
        self.dctScale = dctScale
        self.warnings = warnings
        self.colorModel = colorModel
    }
}

/// A decoded image: pixels plus metadata.
public struct DecodedImage: Sendable, Equatable {
    public var tensor: Tensor
    public var metadata: ImageMetadata
    public init(tensor: Tensor, metadata: ImageMetadata) {
        self.tensor = tensor
        self.metadata = metadata
    }
}
