import ImageTensor

/// What a file's header says, without decoding any pixels.
public struct ImageHeader: Sendable, Equatable {
    public var format: SourceFormat
    /// Stored size in pixels.
    public var width: Int
    public var height: Int
    /// Channels the decoder will produce (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA).
    public var channels: Int
    /// Bits per sample in the file (1, 2, 4, 8, 16; 32 for float32 `.npy`).
    public var bitDepth: Int
    /// Adam7 interlaced PNG or progressive JPEG.
    public var interlaced: Bool
    /// Colour model stored in the file: "gray", "gray+alpha", "rgb", "rgba", "palette",
    /// "ycbcr", "cmyk", "ycck".
    public var colorModel: String
    /// ICC profile bytes, if the file has one.
    public var iccProfile: [UInt8]?
    /// The profile's 'desc' tag text, when it can be read.
    public var iccDescription: String?
    /// EXIF orientation, 1...8 (1 when absent or invalid). For PNG only an eXIf chunk before
    /// the image data is seen here; `decode` also finds one after it.
    public var orientation: Int

    public init(format: SourceFormat, width: Int, height: Int, channels: Int, bitDepth: Int,
                interlaced: Bool = false, colorModel: String = "", iccProfile: [UInt8]? = nil,
                iccDescription: String? = nil, orientation: Int = 1) {
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.interlaced = interlaced
        self.colorModel = colorModel
        self.iccProfile = iccProfile
        self.iccDescription = iccDescription
        self.orientation = orientation
    }
}
