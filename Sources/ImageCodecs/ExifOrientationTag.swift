/// Where the Orientation tag (0x0112) of IFD0 sits in TIFF-structured EXIF data: the one
/// walk of the TIFF header and IFD0 that `ExifOrientation` (reading) and `ExifEditor`
/// (resetting) share.
enum ExifOrientationTag {
    /// The data is not TIFF-structured ("II*\0" / "MM\0*" header, IFD0 inside the data).
    case notTIFF
    /// IFD0 has no Orientation entry.
    case absent
    /// The entry's 4-byte value field starts at `valueOffset`; `isShort` when its type is
    /// SHORT (3), the only type the tag may have, so the value is the field's first 2 bytes.
    case entry(valueOffset: Int, littleEndian: Bool, isShort: Bool)

    /// Locates the tag. - Parameter tiff: EXIF bytes starting at the TIFF header.
    static func locate(in tiff: UnsafeBufferPointer<UInt8>) -> ExifOrientationTag {
        guard tiff.count >= 8 else { return .notTIFF }
        let little: Bool
        if tiff[0] == 0x49 && tiff[1] == 0x49 { little = true }
        else if tiff[0] == 0x4D && tiff[1] == 0x4D { little = false }
        else { return .notTIFF }
        func u16(_ o: Int) -> Int? {
            guard o >= 0, o + 2 <= tiff.count else { return nil }
            let a = Int(tiff[o]), b = Int(tiff[o + 1])
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ o: Int) -> Int? {
            guard let lo = u16(little ? o : o + 2), let hi = u16(little ? o + 2 : o) else { return nil }
            return hi << 16 | lo
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd), ifd + 2 + 12 * count <= tiff.count else {
            return .notTIFF
        }
        for i in 0..<count {
            let entry = ifd + 2 + 12 * i
            guard u16(entry) == 0x0112 else { continue }
            return .entry(valueOffset: entry + 8, littleEndian: little, isShort: u16(entry + 2) == 3)
        }
        return .absent
    }

    /// The 16-bit value at `offset` in the given byte order.
    static func value(in tiff: UnsafeBufferPointer<UInt8>, at offset: Int, littleEndian: Bool) -> Int {
        let a = Int(tiff[offset]), b = Int(tiff[offset + 1])
        return littleEndian ? a | b << 8 : a << 8 | b
    }
}
