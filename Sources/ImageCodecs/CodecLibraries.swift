internal import CCodecs

/// Versions of the codec libraries linked in, for run records.
public enum CodecLibraries {
    /// libpng's version, e.g. "1.6.39".
    public static var libpngVersion: String { String(cString: cc_libpng_version()) }
    /// libjpeg's version, e.g. "libjpeg-turbo 2.1.5 (API 62)".
    public static var libjpegVersion: String { String(cString: cc_libjpeg_version()) }
    /// libwebp's encoder version, e.g. "1.2.4".
    public static var libwebpVersion: String {
        let v = Int(cc_libwebp_version())
        return "\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
    }
    /// LittleCMS's version, e.g. "2.14".
    public static var lcmsVersion: String {
        let v = Int(cc_lcms_version())
        return "\(v / 1000).\(v % 1000 / 10)"
    }
}
