/// Reads the orientation tag (0x0112) from IFD0 of TIFF-structured EXIF data.
enum ExifOrientation {
    /// Returns 1...8, or 1 when the data is absent, malformed or holds another value.
    /// - Parameter tiff: EXIF bytes starting at the TIFF header ("II*\0" or "MM\0*").
    static func parse(_ tiff: UnsafeBufferPointer<UInt8>) -> Int {
        guard case let .entry(offset, little, isShort) = ExifOrientationTag.locate(in: tiff), isShort else {
            return 1
        }
        let value = ExifOrientationTag.value(in: tiff, at: offset, littleEndian: little)
        return (1...8).contains(value) ? value : 1
    }

    static func parse(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { parse($0) }
    }
}
