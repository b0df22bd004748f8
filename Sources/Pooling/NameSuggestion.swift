/// "Did you mean" for misspelt names: ops, argument names, command-line options.
public enum NameSuggestion {
    /// The valid name closest to `name` by edit distance (Damerau–Levenshtein with
    /// adjacent transpositions, case-insensitive), or nil when none is close enough.
    ///
    /// Close enough: at most a third of the longer name's characters differ (at least one,
    /// at most 3), or one name starts with the other (`--stage` → `--stages`). Ties go to
    /// the earlier candidate in `candidates`.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        var best: (name: String, distance: Int)? = nil
        for candidate in candidates where candidate != name {
            let c = candidate.lowercased()
            let d = distance(lowered, c)
            let limit = min(3, max(1, max(lowered.count, c.count) / 3))
            let prefix = lowered.count >= 2 && (c.hasPrefix(lowered) || lowered.hasPrefix(c))
            guard d <= limit || prefix else { continue }
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        return best?.name
    }

    /// The optimal-string-alignment distance between `a` and `b` (insertions, deletions,
    /// substitutions and transpositions of neighbours each cost 1).
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var rows = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { rows[i][0] = i }
        for j in 0...t.count { rows[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var d = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    d = min(d, rows[i - 2][j - 2] + 1)
                }
                rows[i][j] = d
            }
        }
        return rows[s.count][t.count]
    }

    /// ` did you mean "x"?` for `name` among `candidates`, or the empty string.
    public static func phrase(for name: String, among candidates: [String], quote: String = "\"") -> String {
        guard let s = closest(to: name, among: candidates) else { return "" }
        return "; did you mean \(quote)\(s)\(quote)?"
    }
}
