/// A shell-style wildcard pattern, matched like `fnmatch(3)` without `FNM_PATHNAME`
/// against a relative path with `/` separators.
///
/// - `*` matches any run of characters, including `/` (so `*.png` matches `a/b/c.png`);
/// - `?` matches exactly one character;
/// - `[abc]`, `[a-z]`, `[!a-z]` (or `[^a-z]`) match one character from / not from a set;
/// - `\x` matches `x` literally.
/// Matching is case-sensitive and works on Unicode scalars.
public struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let scalars: [Unicode.Scalar]

    /// Creates a pattern. Every string is a valid pattern: an unclosed `[` matches itself.
    public init(_ pattern: String) {
        self.pattern = pattern
        self.scalars = Array(pattern.unicodeScalars)
    }

    public var description: String { pattern }

    /// Whether `path` matches the whole pattern.
    public func matches(_ path: String) -> Bool {
        let s = Array(path.unicodeScalars)
        // Iterative matcher with single-star backtracking (linear in practice, no recursion).
        var p = 0, i = 0
        var starP = -1, starI = 0
        while i < s.count {
            if p < scalars.count {
                let c = scalars[p]
                if c == "*" {
                    starP = p; starI = i; p += 1
                    continue
                }
                if let (matched, next) = matchOne(at: p, s[i]), matched {
                    p = next; i += 1
                    continue
                }
            }
            if starP >= 0 {
                p = starP + 1; starI += 1; i = starI
                continue
            }
            return false
        }
        while p < scalars.count && scalars[p] == "*" { p += 1 }
        return p == scalars.count
    }

    /// Matches the single-character pattern element at `p` against `ch`;
    /// returns whether it matched and the index after the element, or nil for `*`.
    private func matchOne(at p: Int, _ ch: Unicode.Scalar) -> (Bool, Int)? {
        let c = scalars[p]
        switch c {
        case "?":
            return (true, p + 1)
        case "\\" where p + 1 < scalars.count:
            return (scalars[p + 1] == ch, p + 2)
        case "[":
            if let (matched, next) = matchClass(at: p, ch) { return (matched, next) }
            return (ch == "[", p + 1)
        default:
            return (c == ch, p + 1)
        }
    }

    /// Matches a bracket expression starting at `p` (which holds `[`); nil when unclosed.
    private func matchClass(at start: Int, _ ch: Unicode.Scalar) -> (Bool, Int)? {
        var p = start + 1
        var negate = false
        if p < scalars.count && (scalars[p] == "!" || scalars[p] == "^") { negate = true; p += 1 }
        var matched = false
        var first = true
        while p < scalars.count {
            var c = scalars[p]
            if c == "]" && !first {
                return (matched != negate, p + 1)
            }
            first = false
            if c == "\\" && p + 1 < scalars.count { p += 1; c = scalars[p] }
            if p + 2 < scalars.count && scalars[p + 1] == "-" && scalars[p + 2] != "]" {
                var hi = scalars[p + 2]
                var skip = 3
                if hi == "\\" && p + 3 < scalars.count { hi = scalars[p + 3]; skip = 4 }
                if c.value <= ch.value && ch.value <= hi.value { matched = true }
                p += skip
            } else {
                if c == ch { matched = true }
                p += 1
            }
        }
        return nil
    }
}

/// Include/exclude filtering with glob patterns.
///
/// A path passes when it matches at least one include pattern (or there are none) and
/// no exclude pattern. Matching ignores case, as the walk does for extensions
/// (`--include '*.jpg'` takes `x.JPG`).
public struct PathFilter: Sendable, Equatable {
    public var include: [GlobPattern]
    public var exclude: [GlobPattern]
    public init(include: [GlobPattern] = [], exclude: [GlobPattern] = []) {
        self.include = include; self.exclude = exclude
    }
    /// Whether the relative path `path` (with `/` separators) passes the filter.
    public func accepts(_ path: String) -> Bool {
        let folded = path.lowercased()
        func hit(_ g: GlobPattern) -> Bool { GlobPattern(g.pattern.lowercased()).matches(folded) }
        if !include.isEmpty && !include.contains(where: hit) { return false }
        return !exclude.contains(where: hit)
    }
}
