import CCodecs

/// Versions of the codec libraries linked in, for run records.
public enum CodecLibraries {
    /// libpng's version, e.g. "1.6.39".
    public static var libpngVersion: String { String(cString: cc_libpng_version()) }
    /// libjpeg's version, e.g. "libjpeg-turbo 2.1.5 (API 62)".
    public static var libjpegVersion: String { String(cString: cc_libjpeg_version()) }
}
