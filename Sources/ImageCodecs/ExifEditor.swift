/// Edits TIFF-structured EXIF data (as `ImageMetadata.exif` holds it) for re-embedding.
public enum ExifEditor {
    /// `tiff` with the Orientation tag (0x0112) of IFD0 set to 1, patched in place so every
    /// other field and offset stays as it was. Data without that tag (or with a tag of a type
    /// other than SHORT) is returned unchanged; nil when the data is not TIFF-structured (no
    /// "II*\0" / "MM\0*" header or a broken IFD0), which outputs then leave out.
    public static func resettingOrientation(_ tiff: [UInt8]) -> [UInt8]? {
        switch tiff.withUnsafeBufferPointer({ ExifOrientationTag.locate(in: $0) }) {
        case .notTIFF:
            return nil
        case .absent, .entry(_, _, isShort: false):
            return tiff
        case let .entry(offset, little, isShort: true):
            var out = tiff
            out[offset] = little ? 1 : 0
            out[offset + 1] = little ? 0 : 1
            return out
        }
    }
}
