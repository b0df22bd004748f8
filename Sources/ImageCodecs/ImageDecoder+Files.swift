extension ImageDecoder {
    /// Every byte of the regular file at `path`, for callers that decode it more than one
    /// way (a header first, then rows) without reading the file twice.
    /// - Throws: `FileReadError` (missing, a directory, unreadable, empty).
    public static func fileBytes(path: String) throws -> [UInt8] {
        try FileBytes.read(path: path)
    }
}
