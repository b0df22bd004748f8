/// Reads the human-readable 'desc' tag of an ICC profile.
enum ICCProfileDescription {
    /// Returns the description text (ICC v2 `desc` ASCII or v4 `mluc`, first record),
    /// or nil when the profile has no readable description.
    static func parse(_ icc: [UInt8]) -> String? {
        func u32(_ o: Int) -> Int? {
            guard o >= 0, o + 4 <= icc.count else { return nil }
            return Int(icc[o]) << 24 | Int(icc[o + 1]) << 16 | Int(icc[o + 2]) << 8 | Int(icc[o + 3])
        }
        func tag(_ o: Int) -> String? {
            guard o >= 0, o + 4 <= icc.count else { return nil }
            return String(decoding: icc[o..<(o + 4)], as: UTF8.self)
        }
        guard icc.count >= 132, tag(36) == "acsp", let count = u32(128), count < 1000 else { return nil }
        for i in 0..<count {
            let entry = 132 + 12 * i
            guard tag(entry) == "desc", let offset = u32(entry + 4), let size = u32(entry + 8),
                  offset + size <= icc.count, size >= 12 else { continue }
            switch tag(offset) {
            case "desc":
                guard let n = u32(offset + 8), n > 0, offset + 12 + n <= icc.count else { return nil }
                let ascii = icc[(offset + 12)..<(offset + 12 + n)].prefix { $0 != 0 }
                return clean(String(decoding: ascii, as: UTF8.self))
            case "mluc":
                guard let records = u32(offset + 8), records > 0,
                      let length = u32(offset + 16 + 4), let start = u32(offset + 16 + 8),
                      offset + start + length <= icc.count else { return nil }
                var units: [UInt16] = []
                var p = offset + start
                while p + 1 < offset + start + length {
                    units.append(UInt16(icc[p]) << 8 | UInt16(icc[p + 1]))
                    p += 2
                }
                return clean(String(decoding: units, as: UTF16.self))
            default:
                return nil
            }
        }
        return nil
    }

    private static func clean(_ s: String) -> String? {
        let t = s.trimmed(of: " \0\n\r\t")
        return t.isEmpty ? nil : t
    }
}

private extension String {
    func trimmed(of set: String) -> String {
        let chars = Set(set)
        var sub = Substring(self)
        while let f = sub.first, chars.contains(f) { sub.removeFirst() }
        while let l = sub.last, chars.contains(l) { sub.removeLast() }
        return String(sub)
    }
}
