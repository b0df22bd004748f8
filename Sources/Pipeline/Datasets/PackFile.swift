import Foundation
import ImageTensor

/// One output of a pack (a tar shard, `data.npy`, `index.jsonl`) written as it goes to a
/// temporary beside its final path, then made durable and renamed into place by `commit`,
/// so a final path never holds a partial file, even after `kill -9`.
///
/// The temporary is named like `AtomicFileWriter`'s (`.<name>.tmp-<host>-<pid>-<n>`), so a
/// later run deletes one left by a killed process. Until `commit` or `abort` it is listed in
/// `temporaries` for deletion on a second Ctrl-C.
final class PackFile {
    let finalPath: String
    let temporaryPath: String
    private let fd: Int32
    private let temporaries: PackTemporaries
    /// Bytes written so far.
    private(set) var size: Int = 0

    /// Creates the temporary (the folder must exist).
    /// - Throws: `OutputError.cannotWrite`.
    init(finalPath: String, temporaries: PackTemporaries) throws {
        self.finalPath = finalPath
        self.temporaries = temporaries
        let dir = (finalPath as NSString).deletingLastPathComponent
        let name = (finalPath as NSString).lastPathComponent
        temporaryPath = dir + "/." + name + AtomicFileWriter.temporaryMarker + "\(getpid())-\(temporaries.nextNumber())"
        temporaries.insert(temporaryPath)
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            temporaries.remove(temporaryPath)
            throw OutputError.cannotWrite(path: finalPath, reason: reason)
        }
    }

    /// Appends `bytes`.
    /// - Throws: `OutputError.cannotWrite`.
    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0, at: nil) }
        size += bytes.count
        if size - flushedUpTo >= Self.writebackChunk { startWriteback() }
    }

    /// Bytes after which the kernel is asked to start writing the file out.
    static let writebackChunk = 8 << 20
    private var flushedUpTo = 0

    /// Starts writing what was appended since the last call to the disk without waiting, so
    /// that `commit`'s `fsync` of a large shard finds most of it written already instead of
    /// waiting for all of it at the end. On Linux `POSIX_FADV_DONTNEED` starts the writeback
    /// of a range's dirty pages (and drops them from the cache once written: a shard is
    /// not read back).
    private func startWriteback() {
        #if os(Linux)
        _ = posix_fadvise(fd, off_t(flushedUpTo), off_t(size - flushedUpTo), POSIX_FADV_DONTNEED)
        #endif
        flushedUpTo = size
    }

    /// Writes `bytes` at `offset` without moving the end (for a header patched at the end).
    /// - Throws: `OutputError.cannotWrite`.
    func overwrite(_ bytes: [UInt8], at offset: Int) throws {
        try bytes.withUnsafeBytes { try write($0, at: offset) }
    }

    private func write(_ buf: UnsafeRawBufferPointer, at offset: Int?) throws {
        var done = 0
        while done < buf.count {
            let n = offset.map { pwrite(fd, buf.baseAddress! + done, buf.count - done, off_t($0 + done)) }
                ?? Foundation.write(fd, buf.baseAddress! + done, buf.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError.cannotWrite(path: finalPath, reason: String(cString: strerror(errno)))
            }
            done += n
        }
    }

    /// `fsync`, close and rename into place. On failure the temporary is removed.
    /// - Throws: `OutputError.cannotWrite`.
    func commit() throws {
        defer { temporaries.remove(temporaryPath) }
        let synced = fsync(fd) == 0
        let reason = String(cString: strerror(errno))
        let closed = close(fd) == 0
        guard synced, closed else {
            unlink(temporaryPath)
            throw OutputError.cannotWrite(path: finalPath, reason: synced ? String(cString: strerror(errno)) : reason)
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            let r = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError.cannotWrite(path: finalPath, reason: r)
        }
    }

    /// Closes and deletes the temporary; the final path keeps what it had.
    func abort() {
        close(fd)
        unlink(temporaryPath)
        temporaries.remove(temporaryPath)
    }
}

/// The temporaries of a pack still being written; safe from any thread (a signal handler's
/// queue deletes them on a second Ctrl-C).
public final class PackTemporaries: Sendable {
    private let state = Locked<(paths: Set<String>, counter: Int)>(([], 0))

    public init() {}

    func nextNumber() -> Int { state.withLock { $0.counter += 1; return $0.counter } }
    func insert(_ p: String) { state.withLock { _ = $0.paths.insert(p) } }
    func remove(_ p: String) { state.withLock { _ = $0.paths.remove(p) } }

    /// Deletes every temporary still open.
    public func removeAll() {
        for p in state.current.paths { unlink(p) }
    }
}
