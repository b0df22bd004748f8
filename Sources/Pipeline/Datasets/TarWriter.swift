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
        try [UInt8](unsafeUninitializedCapacity: blockSize) { buf, n in
            try writeHeader(name: name, size: size, to: UnsafeMutableRawPointer(buf.baseAddress!))
            n = blockSize
        }
    }

    /// Writes the 512-byte ustar header of a regular file to `dst` (no allocation).
    /// - Precondition: `dst` has room for `blockSize` bytes.
    /// - Throws: `DatasetSampleError.keyTooLong`.
    public static func writeHeader(name: String, size: Int, to dst: UnsafeMutableRawPointer) throws {
        var name = name
        guard let fits: Bool = name.withUTF8({ bytes in
            guard let cut = splitPoint(bytes) else { return false }
            dst.initializeMemory(as: UInt8.self, repeating: 0, count: blockSize)
            let h = dst.assumingMemoryBound(to: UInt8.self)
            if cut < 0 {
                for i in 0..<bytes.count { h[i] = bytes[i] }
            } else {
                for i in 0..<cut { h[345 + i] = bytes[i] }                       // prefix
                for i in (cut + 1)..<bytes.count { h[i - cut - 1] = bytes[i] }   // name
            }
            return true
        }), fits else { throw DatasetSampleError.keyTooLong(name) }
        let h = dst.assumingMemoryBound(to: UInt8.self)
        func octal(_ value: Int, width: Int, at offset: Int) {
            // width − 1 digits, zero-padded, then NUL (already there).
            var v = value
            for i in stride(from: offset + width - 2, through: offset, by: -1) {
                h[i] = UInt8(ascii: "0") + UInt8(v & 7)
                v >>= 3
            }
        }
        octal(0o644, width: 8, at: 100)     // mode
        octal(0, width: 8, at: 108)         // uid
        octal(0, width: 8, at: 116)         // gid
        octal(size, width: 12, at: 124)     // size
        octal(0, width: 12, at: 136)        // mtime
        for i in 148..<156 { h[i] = UInt8(ascii: " ") }   // checksum field counts as spaces
        h[156] = UInt8(ascii: "0")                         // regular file
        for (i, b) in "ustar".utf8.enumerated() { h[257 + i] = b }   // magic, NUL-terminated
        h[263] = UInt8(ascii: "0"); h[264] = UInt8(ascii: "0")       // version
        var sum = 0
        for i in 0..<blockSize { sum += Int(h[i]) }
        octal(sum, width: 7, at: 148)
        h[154] = 0
        h[155] = UInt8(ascii: " ")
    }

    /// `name` split into the ustar prefix and name fields; nil when it cannot be.
    static func split(_ name: String) -> ([UInt8], [UInt8])? {
        let bytes = Array(name.utf8)
        return bytes.withUnsafeBufferPointer { b in
            splitPoint(b).map { $0 < 0 ? ([], bytes) : (Array(bytes[..<$0]), Array(bytes[($0 + 1)...])) }
        }
    }

    /// Where `name`'s bytes split: −1 when the whole name fits the name field, else the
    /// index of the `/` that ends the prefix (the last one that leaves at most 155 bytes
    /// before and 1 to 100 after); nil when no split fits.
    static func splitPoint(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if bytes.isEmpty { return nil }
        if bytes.count <= 100 { return -1 }
        for i in stride(from: min(bytes.count - 1, 155), through: 1, by: -1) where bytes[i] == UInt8(ascii: "/") {
            if bytes.count - i - 1 <= 100 && bytes.count - i - 1 > 0 { return i }
        }
        return nil
    }
}
