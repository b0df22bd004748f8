import ImageTensor

/// Decodes PNG, JPEG and `.npy` files into normalised HWC Float tensors (PRODUCT.md §1).
/// EXIF orientation is reported, not applied.
public enum ImageDecoder {
    /// The format whose signature `bytes` start with, or nil. Never looks at file names.
    public static func detectFormat(_ bytes: [UInt8]) -> SourceFormat? {
        HeaderPeek(bytes: bytes).format
    }

    /// Decodes a whole image held in memory.
    /// - Throws: `FormatError`, `ImageLimitError`, `PNGDecodingError`, `JPEGDecodingError`,
    ///   `NPYDecodingError`.
    public static func decode(bytes: [UInt8], options: DecodeOptions = .init()) throws -> DecodedImage {
        try ImageRowDecoder(bytes: bytes, options: options).decodeAll()
    }

    /// Reads and decodes the file at `path`.
    /// - Throws: `FileReadError` and everything `decode(bytes:options:)` throws.
    public static func decode(path: String, options: DecodeOptions = .init()) throws -> DecodedImage {
        try decode(bytes: FileBytes.read(path: path, maxBytes: options.maxFileBytes), options: options)
    }

    /// Reads only the header: size, channels, bit depth, ICC, orientation. No pixel limit applies.
    public static func header(bytes: [UInt8]) throws -> ImageHeader {
        try ImageRowDecoder(bytes: bytes, options: DecodeOptions(maxPixels: 0)).header
    }

    /// Reads the file at `path` and returns its header.
    public static func header(path: String) throws -> ImageHeader {
        try header(bytes: FileBytes.read(path: path))
    }
}
