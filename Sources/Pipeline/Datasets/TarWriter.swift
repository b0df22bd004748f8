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
        let at = out.count
        out.append(contentsOf: repeatElement(0, count: memberSize(content.count)))
        try out.withUnsafeMutableBytes { buf in
            _ = try writeMember(name: name, size: content.count, to: buf.baseAddress! + at) { dst in
                content.withUnsafeBytes { if let p = $0.baseAddress { dst.copyMemory(from: p, byteCount: $0.count) } }
            }
        }
    }

    /// Bytes a member of `size` content bytes takes: header, content, padding.
    public static func memberSize(_ size: Int) -> Int { blockSize + size + padding(size) }

    /// Writes one member at `dst` (`memberSize(size)` bytes): the header, then `content`
    /// fills the `size` bytes at the address it is given (content is encoded in place), then
    /// the zero padding. Returns the bytes written.
    /// - Throws: `DatasetSampleError.keyTooLong`, or what `content` throws.
    public static func writeMember(name: String, size: Int, to dst: UnsafeMutableRawPointer,
                                   content: (UnsafeMutableRawPointer) throws -> Void) throws -> Int {
        try writeHeader(name: name, size: size, to: dst)
        try content(dst + blockSize)
        (dst + blockSize + size).initializeMemory(as: UInt8.self, repeating: 0, count: padding(size))
        return memberSize(size)
    }

    /// The two zero blocks that end an archive.
    public static let end = [UInt8](repeating: 0, count: 2 * blockSize)

    /// Zero bytes after `size` bytes of content to fill the last block.
    public static func padding(_ size: Int) -> Int { (blockSize - size % blockSize) % blockSize }

    /// Whether `name` fits a ustar header.
    public static func fits(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { splitPoint($0) != nil }
    }

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
