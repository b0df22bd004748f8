/// Builds POSIX ustar archive bytes with fixed metadata, so that an archive's bytes depend
/// only on its members' names and contents: mode 0644, owner and group 0 with empty names,
/// mtime 0, regular files only.
///
/// A name longer than 100 bytes is split at a `/` into the 155-byte prefix and the 100-byte
/// name fields; a name that cannot be split so is refused. An archive is its members, each a
/// 512-byte header then the content padded with zeros to 512 bytes, and ends with two zero
/// blocks (`end`).
public enum TarWriter {
    public static let blockSize = 512

    /// Appends one member (header, content, padding) to `out`.
    /// - Throws: `DatasetSampleError.keyTooLong` when `name` does not fit a ustar header.
    public static func appendMember(name: String, content: [UInt8], to out: inout [UInt8]) throws {
        try appendMember(name: name, size: content.count, to: &out) { $0.append(contentsOf: content) }
    }

    /// Appends a member whose `size` bytes of content `write` appends to `out` (so content
    /// can be encoded straight into the archive buffer).
    /// - Precondition: `write` appends exactly `size` bytes.
    public static func appendMember(name: String, size: Int, to out: inout [UInt8],
                                    write: (inout [UInt8]) throws -> Void) throws {
        out.append(contentsOf: try header(name: name, size: size))
        let before = out.count
        try write(&out)
        precondition(out.count - before == size, "tar member \(name): wrote \(out.count - before) bytes, header says \(size)")
        out.append(contentsOf: repeatElement(0, count: padding(size)))
    }

    /// The two zero blocks that end an archive.
    public static let end = [UInt8](repeating: 0, count: 2 * blockSize)

    /// Zero bytes after `size` bytes of content to fill the last block.
    public static func padding(_ size: Int) -> Int { (blockSize - size % blockSize) % blockSize }

    /// Whether `name` fits a ustar header.
    public static func fits(_ name: String) -> Bool { split(name) != nil }

    /// The 512-byte ustar header of a regular file.
    /// - Throws: `DatasetSampleError.keyTooLong`.
    public static func header(name: String, size: Int) throws -> [UInt8] {
        guard let (prefix, base) = split(name) else { throw DatasetSampleError.keyTooLong(name) }
        var h = [UInt8](repeating: 0, count: blockSize)
        func put(_ bytes: some Collection<UInt8>, at offset: Int) {
            for (i, b) in bytes.enumerated() { h[offset + i] = b }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(base, at: 0)
        put(octal(0o644, width: 8), at: 100)     // mode
        put(octal(0, width: 8), at: 108)         // uid
        put(octal(0, width: 8), at: 116)         // gid
        put(octal(size, width: 12), at: 124)     // size
        put(octal(0, width: 12), at: 136)        // mtime
        put(Array("        ".utf8), at: 148)     // checksum field counts as spaces
        h[156] = UInt8(ascii: "0")               // regular file
        put(Array("ustar".utf8) + [0], at: 257)  // magic
        put(Array("00".utf8), at: 263)           // version
        put(prefix, at: 345)
        let sum = h.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7) + [UInt8(ascii: " ")], at: 148)
        return h
    }

    /// `name` split into the ustar prefix and name fields; nil when it cannot be.
    static func split(_ name: String) -> ([UInt8], [UInt8])? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return nil }
        if bytes.count <= 100 { return ([], bytes) }
        // The prefix is everything before some '/', at most 155 bytes; the rest at most 100.
        for i in stride(from: min(bytes.count - 1, 155), through: 1, by: -1) where bytes[i] == UInt8(ascii: "/") {
            if bytes.count - i - 1 <= 100 && bytes.count - i - 1 > 0 {
                return (Array(bytes[..<i]), Array(bytes[(i + 1)...]))
            }
        }
        return nil
    }
}
