/// An argument value as written in the stage language or a config file, before an op
/// checks its type and range.
public enum ArgValue: Sendable, Equatable, CustomStringConvertible {
    /// A whole number: `3`.
    case int(Int)
    /// A real number: `2.5`.
    case real(Double)
    /// A two-axis size: `3x2` (height × width).
    case size(Int, Int)
    /// `true` / `false`.
    case bool(Bool)
    /// A bare or quoted word: `same`, `"valid"`.
    case word(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .real(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        case .size(let h, let w): return "\(h)x\(w)"
        case .bool(let b): return b ? "true" : "false"
        case .word(let s): return s
        }
    }
}
