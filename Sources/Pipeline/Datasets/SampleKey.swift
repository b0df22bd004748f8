import Foundation

/// WebDataset sample keys: an output's relative path without its extension, with every `.`
/// in the file name replaced by `_` (WebDataset splits a member's base name at its first dot
/// into key and extension), e.g. `cat/IMG_0001.v2.jpg` → `cat/IMG_0001_v2`.
public enum SampleKey {
    /// The key of an output at `relativeOutput` (`/` separators).
    public static func key(relativeOutput: String) -> String {
        let ns = relativeOutput as NSString
        let dir = ns.deletingLastPathComponent
        let stem = (ns.lastPathComponent as NSString).deletingPathExtension
        let base = stem.replacingOccurrences(of: ".", with: "_")
        return dir.isEmpty ? base : dir + "/" + base
    }
}
