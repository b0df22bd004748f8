/// Failure while reading a NumPy `.npy` file.
public enum NPYDecodingError: Error, Equatable, CustomStringConvertible {
    /// Format version other than 1.0, 2.0 or 3.0.
    case unsupportedVersion(major: Int, minor: Int)
    /// The header is cut short or is not the dict NumPy writes; `detail` says what is wrong.
    case malformedHeader(detail: String)
    /// `fortran_order` is True (column-major data).
    case fortranOrder
    /// A dtype other than float16, float32, float64, uint8 or uint16.
    case unsupportedDType(String)
    /// A shape other than (H, W) or (H, W, C) with 1 ≤ C ≤ 4.
    case badShape([Int])
    /// The data after the header is not `shape × itemsize` bytes.
    case sizeMismatch(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .unsupportedVersion(major, minor):
            return "unsupported .npy format version \(major).\(minor)"
        case .malformedHeader(let detail): return "malformed .npy header: \(detail)"
        case .fortranOrder: return ".npy array is in Fortran (column-major) order; save it C-contiguous"
        case .unsupportedDType(let d): return ".npy dtype '\(d)' is not supported (float16, float32, float64, uint8 or uint16)"
        case .badShape(let s):
            return ".npy shape (\(s.map(String.init).joined(separator: ", "))) is not (H, W) or (H, W, C) with C 1...4"
        case let .sizeMismatch(expected, actual):
            return ".npy data is \(actual) bytes but its shape and dtype need \(expected)"
        }
    }
}
