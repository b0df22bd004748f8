extension ImageDecoder {
    /// Every byte of the regular file at `path`, for callers that decode it more than one
    /// way (a header first, then rows) without reading the file twice.
    /// Files over `options.maxFileBytes` are refused before they are read.
    /// - Throws: `FileReadError` (missing, a directory, unreadable, empty, too large).
    public static func fileBytes(path: String, options: DecodeOptions = .init()) throws -> [UInt8] {
        try FileBytes.read(path: path, maxBytes: options.maxFileBytes)
    }
}
