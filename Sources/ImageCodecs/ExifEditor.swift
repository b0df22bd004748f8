/// Edits TIFF-structured EXIF data (as `ImageMetadata.exif` holds it) for re-embedding.
public enum ExifEditor {
    /// `tiff` with the Orientation tag (0x0112) of IFD0 set to 1, patched in place so every
    /// other field and offset stays as it was. Data without that tag is returned unchanged;
    /// nil when the data is not TIFF-structured (no "II*\0" / "MM\0*" header or a broken IFD0),
    /// which outputs then leave out.
    public static func resettingOrientation(_ tiff: [UInt8]) -> [UInt8]? {
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        if tiff[0] == 0x49 && tiff[1] == 0x49 { little = true }
        else if tiff[0] == 0x4D && tiff[1] == 0x4D { little = false }
        else { return nil }
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
            return nil
        }
        var out = tiff
        for i in 0..<count {
            let entry = ifd + 2 + 12 * i
            guard u16(entry) == 0x0112 else { continue }
            // SHORT (3), count 1: the value is the first 2 bytes of the 4-byte value field.
            guard u16(entry + 2) == 3 else { return out }
            out[entry + 8] = little ? 1 : 0
            out[entry + 9] = little ? 0 : 1
            return out
        }
        return out
    }
}
