import Foundation
import ImageTensor

/// A file written under its temporary name and still open; see `AtomicFileWriter.stage`.
struct StagedFile: Sendable {
    let descriptor: Int32
    let temporary: String
    /// The absolute final path.
    public let final: String
}

/// Errors of writing outputs.
public enum OutputError: Error, Equatable, CustomStringConvertible {
    case escapesOutputFolder(path: String, resolved: String)
    case cannotCreateFolder(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .escapesOutputFolder(p, resolved):
            return "output folder \(p) resolves to \(resolved), outside the output folder"
        case let .cannotCreateFolder(p, r):
            return "cannot create folder \(p): \(r)"
        case let .cannotWrite(p, r):
            return "cannot write \(p): \(r)"
        }
    }
}

/// Writes files under one output folder atomically and never outside it.
///
/// Each file is written in full to `.<name>.tmp-<host>-<pid>-<n>` in its final folder and only
/// then renamed into place, so after `kill -9` (the page cache outlives the process) the final
/// path holds either nothing, the old file, or the complete new one. Against a power failure,
/// `write`/`commit` make the file durable (`fsync`) before the rename; a batch instead renames
/// each file at once (`place`) and makes a whole group durable (`makeDurable`) before it
/// records the group in its manifest, so a manifest record still implies a durable file and
/// resume redoes whatever was not recorded. Folders are created as needed; each folder's real path (symbolic
/// links resolved) must lie inside the output folder's real path. Temporaries still open when
/// `removeTemporaries()` is called (on interrupt) are deleted. Temporaries left by a killed
/// process of this host (its pid no longer alive) are deleted the first time a run writes into
/// their folder; other hosts' temporaries (shards on a shared file system) are left alone.
final class AtomicFileWriter: Sendable {
    /// The output folder's real path.
    public let root: String
    /// `temporaryMarker` and this process's id: `.tmp-<host>-<pid>-`.
    private let temporaryPrefix = AtomicFileWriter.temporaryMarker + "\(getpid())-"
    /// Folders checked to lie inside `root`, the last temporary number, the temporaries open.
    private let state = Locked<(verified: Set<String>, counter: Int, pending: Set<String>)>(([], 0, []))

    /// Creates the output folder if needed.
    public init(root: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotCreateFolder(path: root, reason: (error as NSError).localizedDescription)
        }
        guard let real = Self.realPath(root) else {
            throw OutputError.cannotCreateFolder(path: root, reason: String(cString: strerror(errno)))
        }
        self.root = real
        state.withLock { _ = $0.verified.insert(real) }
        Self.removeStaleTemporaries(in: real)
    }

    /// The absolute final path of `relative` (`/` separators, no `..`).
    public func finalPath(_ relative: String) -> String { root + "/" + relative }

    /// Writes `bytes` to `relative` under the root, atomically: `stage`, then `commit`.
    /// - Throws: `OutputError` when a folder cannot be made, escapes the root, or the write fails.
    public func write(_ bytes: [UInt8], to relative: String) throws {
        try commit(try stage(bytes, to: relative))
    }

    /// Writes `bytes` to a temporary beside `relative`'s final path and leaves it open, not
    /// yet durable or in place; `commit` finishes it, or a batch's `place` and, later, its
    /// `makeDurable` (the `fsync`, a wait on the disk, on another thread while it goes on
    /// pooling). The temporary counts as in progress (`removeTemporaries`) until placed.
    /// - Throws: `OutputError` when a folder cannot be made, escapes the root, or the write
    ///   fails (the temporary is removed then).
    public func stage(_ bytes: [UInt8], to relative: String) throws -> StagedFile {
        let final = finalPath(relative)
        let dir = (final as NSString).deletingLastPathComponent
        try prepareFolder(dir)
        let name = (final as NSString).lastPathComponent
        let tmp = state.withLock { s in
            s.counter += 1
            let tmp = dir + "/." + name + self.temporaryPrefix + "\(s.counter)"
            s.pending.insert(tmp)
            return tmp
        }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            state.withLock { _ = $0.pending.remove(tmp) }
            throw OutputError.cannotWrite(path: final, reason: reason)
        }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(tmp)
                state.withLock { _ = $0.pending.remove(tmp) }
                throw OutputError.cannotWrite(path: final, reason: reason)
            }
            off += n
        }
        return StagedFile(descriptor: fd, temporary: tmp, final: final)
    }

    /// Makes a staged file durable (`fsync`, `makeDurable`) and renames it into place; on
    /// failure the temporary is removed and the final path keeps what it had.
    /// - Throws: `OutputError.cannotWrite`.
    public func commit(_ file: StagedFile) throws {
        defer { state.withLock { _ = $0.pending.remove(file.temporary) } }
        if let error = makeDurable([file])[0] {
            unlink(file.temporary)
            throw error
        }
        guard rename(file.temporary, file.final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(file.temporary)
            throw OutputError.cannotWrite(path: file.final, reason: reason)
        }
    }

    /// Renames a staged file into place at once, without `fsync`, and leaves it open:
    /// complete at its final path for every process (and after `kill -9`), durable against a
    /// power failure only after `makeDurable`. On failure the descriptor is closed, the
    /// temporary removed, and the final path keeps what it had.
    /// - Throws: `OutputError.cannotWrite`.
    public func place(_ file: StagedFile) throws {
        defer { state.withLock { _ = $0.pending.remove(file.temporary) } }
        guard rename(file.temporary, file.final) == 0 else {
            let reason = String(cString: strerror(errno))
            close(file.descriptor)
            unlink(file.temporary)
            throw OutputError.cannotWrite(path: file.final, reason: reason)
        }
    }

    /// Makes placed files durable and closes them: writeback of all of them is started first
    /// (`posix_fadvise(DONTNEED)` starts it without waiting), then each is `fsync`ed, so
    /// the disk works on the whole group at once and each `fsync` mostly finds its data
    /// written. Only these files are waited for (a `syncfs` would also wait for every other
    /// process's writes to the file system).
    /// - Returns: per file, nil when it is durable, else why it may not be.
    public func makeDurable(_ files: [StagedFile]) -> [OutputError?] {
        if files.count > 1 {
            for file in files { _ = posix_fadvise(file.descriptor, 0, 0, Int32(POSIX_FADV_DONTNEED)) }
        }
        return files.map { file in
            let synced = fsync(file.descriptor) == 0
            let reason = synced ? "" : String(cString: strerror(errno))
            let closed = close(file.descriptor) == 0
            if synced && closed { return nil }
            return OutputError.cannotWrite(path: file.final, reason: synced ? String(cString: strerror(errno)) : reason)
        }
    }

    /// Deletes temporaries of writes still in progress (call when interrupted).
    public func removeTemporaries() {
        let files = state.current.pending
        for f in files { unlink(f) }
    }

    /// Creates `dir` (absolute, under the root) and its parents, checking each real path.
    public func prepareFolder(_ dir: String) throws {
        let known = state.withLock { $0.verified.contains(dir) }
        if known { return }
        guard dir.hasPrefix(root + "/") else {
            throw OutputError.escapesOutputFolder(path: dir, resolved: dir)
        }
        var current = root
        for part in dir.dropFirst(root.count + 1).split(separator: "/") {
            current += "/" + part
            let seen = state.withLock { $0.verified.contains(current) }
            if seen { continue }
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw OutputError.cannotCreateFolder(path: current, reason: String(cString: strerror(errno)))
            }
            guard let real = Self.realPath(current) else {
                throw OutputError.cannotCreateFolder(path: current, reason: String(cString: strerror(errno)))
            }
            guard real == root || real.hasPrefix(root + "/") else {
                throw OutputError.escapesOutputFolder(path: current, resolved: real)
            }
            var st = stat()
            guard stat(real, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
                throw OutputError.cannotCreateFolder(path: current, reason: "a file of that name is in the way")
            }
            state.withLock { _ = $0.verified.insert(current) }
            Self.removeStaleTemporaries(in: current)
        }
    }

    /// `.tmp-<host>-`: marks this host's temporaries.
    static let temporaryMarker: String = {
        var buf = [CChar](repeating: 0, count: 256)
        gethostname(&buf, buf.count - 1)
        let host = String(String(cString: buf).map { $0 == "-" ? "_" : $0 })
        return ".tmp-" + (host.isEmpty ? "host" : host) + "-"
    }()

    /// Deletes this host's temporaries in `dir` whose writer process is gone.
    static func removeStaleTemporaries(in dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(".") {
            guard let r = name.range(of: temporaryMarker, options: .backwards) else { continue }
            let fields = name[r.upperBound...].split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), Int(fields[1]) != nil else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                unlink(dir + "/" + name)
            }
        }
    }

    /// `realpath(3)` of `path`; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
