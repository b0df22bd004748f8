import Foundation

/// WebDataset sample keys: an output's relative path without its extension, with every `.`
/// in the file name replaced by `_` (WebDataset splits a member's base name at its first dot
/// into key and extension), e.g. `cat/IMG_0001.v2.jpg` → `cat/IMG_0001_v2`.
public enum SampleKey {
    /// The key of an output at `relativeOutput` (`/` separators).
    public static func key(relativeOutput: String) -> String {
        plainKey(relativeOutput) ?? foundationKey(relativeOutput)
    }

    /// The key by Foundation's path rules (`NSString` path operations): the definition.
    static func foundationKey(_ relativeOutput: String) -> String {
        let ns = relativeOutput as NSString
        let dir = ns.deletingLastPathComponent
        let stem = (ns.lastPathComponent as NSString).deletingPathExtension
        let base = stem.replacingOccurrences(of: ".", with: "_")
        return dir.isEmpty ? base : dir + "/" + base
    }

    /// The same key without Foundation (a few microseconds less per input, which counts at
    /// startup for large datasets) for the usual path: ASCII, relative, components neither
    /// empty nor `.` nor `..`, and a file name that does not start with `.` and ends in `.`
    /// and an extension of letters and digits. nil for any other path.
    static func plainKey(_ path: String) -> String? {
        var bytes = Array(path.utf8)
        let n = bytes.count
        var nameStart = 0, dot = -1
        for i in 0...n {
            let b: UInt8 = i < n ? bytes[i] : UInt8(ascii: "/")
            if b >= 0x80 { return nil }
            if b == UInt8(ascii: "/") {
                let length = i - nameStart
                if length == 0 { return nil }
                if bytes[nameStart] == UInt8(ascii: "."), length == 1 || (length == 2 && bytes[nameStart + 1] == UInt8(ascii: ".")) {
                    return nil
                }
                if i < n { nameStart = i + 1; dot = -1 }
            } else if b == UInt8(ascii: ".") {
                dot = i
            }
        }
        guard dot > nameStart, dot < n - 1, bytes[nameStart] != UInt8(ascii: ".") else { return nil }
        for i in (dot + 1)..<n {
            let b = bytes[i]
            let alnum = (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
            if !alnum { return nil }
        }
        for i in nameStart..<dot where bytes[i] == UInt8(ascii: ".") { bytes[i] = UInt8(ascii: "_") }
        return String(decoding: bytes[..<dot], as: UTF8.self)
    }
}
