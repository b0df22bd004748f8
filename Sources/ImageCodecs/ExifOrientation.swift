/// Reads the orientation tag (0x0112) from IFD0 of TIFF-structured EXIF data.
enum ExifOrientation {
    /// Returns 1...8, or 1 when the data is absent, malformed or holds another value.
    /// - Parameter tiff: EXIF bytes starting at the TIFF header ("II*\0" or "MM\0*").
    static func parse(_ tiff: UnsafeBufferPointer<UInt8>) -> Int {
        guard tiff.count >= 8 else { return 1 }
        let little: Bool
        if tiff[0] == 0x49 && tiff[1] == 0x49 { little = true }
        else if tiff[0] == 0x4D && tiff[1] == 0x4D { little = false }
        else { return 1 }
        func u16(_ o: Int) -> Int? {
            guard o >= 0, o + 2 <= tiff.count else { return nil }
            let a = Int(tiff[o]), b = Int(tiff[o + 1])
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ o: Int) -> Int? {
            guard let lo = u16(little ? o : o + 2), let hi = u16(little ? o + 2 : o) else { return nil }
            return hi << 16 | lo
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return 1 }
        for i in 0..<count {
            let entry = ifd + 2 + 12 * i
            guard let tag = u16(entry) else { return 1 }
            if tag == 0x0112 {
                // Type SHORT (3), count 1: the value sits in the first 2 bytes of the value field.
                guard u16(entry + 2) == 3, let value = u16(entry + 8) else { return 1 }
                return (1...8).contains(value) ? value : 1
            }
        }
        return 1
    }

    static func parse(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { parse($0) }
    }
}
