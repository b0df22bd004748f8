#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with errors that say what went wrong.
enum FileBytes {
    /// Returns every byte of the regular file (or pipe) at `path`.
    ///
    /// Opening never blocks: a named pipe with no writer reads as empty instead of hanging
    /// the run (and ignoring SIGTERM) until some process writes to it. Devices and sockets
    /// are refused, so `/dev/zero` named as an input fails instead of filling memory.
    /// A file over `maxBytes`, or one whose size cannot be allocated, fails before any read
    /// (a 100 GB sparse file named `x.npy` aborted the run on the failed allocation).
    /// - Throws: `FileReadError` (missing, directory, unreadable, not a file, empty, too large).
    static func read(path: String, maxBytes: Int = Int.max) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw FileReadError.missing }
            if e == EISDIR { throw FileReadError.isDirectory }
            throw FileReadError.unreadable(reason: String(cString: strerror(e)))
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw FileReadError.unreadable(reason: String(cString: strerror(errno))) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw FileReadError.isDirectory }
        let kind = st.st_mode & S_IFMT
        if kind != S_IFREG && kind != S_IFIFO {
            throw FileReadError.unreadable(reason: kind == S_IFCHR || kind == S_IFBLK ? "a device, not a file" : "not a regular file")
        }
        // Blocking reads from here on: a pipe with a writer (`<(cmd)`) is read to its end
        // (a regular file's reads never block, whatever the flag).
        if kind == S_IFIFO { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        var bytes: [UInt8] = []
        let expected = Int(st.st_size)
        if expected > maxBytes { throw FileReadError.tooLarge(size: expected, limit: maxBytes) }
        if expected > 0 {
            // Ask malloc first: a Swift array that cannot be allocated traps.
            guard let probe = malloc(expected) else { throw FileReadError.tooLarge(size: expected, limit: 0) }
            free(probe)
            bytes = try [UInt8](unsafeUninitializedCapacity: expected) { buf, count in
                count = 0
                while count < expected {
                    let n = readFD(fd, buf.baseAddress! + count, expected - count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        let reason = String(cString: strerror(errno))
                        throw FileReadError.unreadable(reason: reason)
                    }
                    if n == 0 { break }
                    count += n
                }
            }
        }
        // Files that report no size (pipes, /proc) or grew: read to the end. One byte is
        // asked first, so that a file read whole (the usual case) costs no 64 KiB buffer.
        var first: UInt8 = 0
        while true {
            let n = readFD(fd, &first, 1)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError.unreadable(reason: String(cString: strerror(errno)))
            }
            if n == 0 { return try finished(bytes, kind: kind) }
            if bytes.count + 1 > maxBytes { throw FileReadError.tooLarge(size: bytes.count + 1, limit: maxBytes) }
            bytes.append(first)
            break
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { readFD(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError.unreadable(reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            if bytes.count + n > maxBytes { throw FileReadError.tooLarge(size: bytes.count + n, limit: maxBytes) }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return try finished(bytes, kind: kind)
    }

    /// `bytes`, or the error for a file (of `kind`) that had none.
    private static func finished(_ bytes: [UInt8], kind: mode_t) throws -> [UInt8] {
        if bytes.isEmpty && kind == S_IFIFO { throw FileReadError.unreadable(reason: "a named pipe with nothing written to it") }
        if bytes.isEmpty { throw FileReadError.empty }
        return bytes
    }
}

/// `read(2)`, named apart from `FileBytes.read(path:)`.
private func readFD(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
