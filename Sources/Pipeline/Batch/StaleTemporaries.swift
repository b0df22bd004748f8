import Foundation

/// Removes temporaries (`.<name>.tmp-<host>-<pid>-<n>`, see `AtomicFileWriter`) left beside
/// the outputs a run owns by a writer that died (`kill -9`, the OOM killer, a lost node).
///
/// A run owns the outputs of its inputs (its shard's, in a sharded run), so it removes their
/// leftovers whichever host wrote them, and never touches another output's temporaries:
/// another shard's task may be writing those right now. A temporary of an owned output is
/// removed when its writer is certainly gone: it was written on this host by a process that
/// no longer exists, or it has not been modified for `grace` seconds (another host's writer
/// cannot be asked; a live writer's temporary is written in one go and renamed within
/// seconds, so only a second run of the same shard at the same moment could lose one, which
/// is not a supported way to run).
enum StaleTemporaries {
    /// How long another host's temporary must have been left alone before it counts as stale.
    public static let grace: TimeInterval = 60

    /// Deletes the stale temporaries of the outputs at `finals` (absolute paths), reading each
    /// of their folders once; a folder that does not exist is skipped.
    /// - Returns: the paths removed.
    @discardableResult
    public static func remove(owning finals: [String], now: Date = Date(),
                              host: String = AtomicFileWriter.hostTag) -> [String] {
        var byFolder: [String: Set<String>] = [:]
        for f in finals {
            byFolder[(f as NSString).deletingLastPathComponent, default: []].insert((f as NSString).lastPathComponent)
        }
        var removed: [String] = []
        for (dir, owned) in byFolder {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in names {
                guard let t = Temporary(name), owned.contains(t.finalName) else { continue }
                let path = dir + "/" + name
                if isStale(t, path: path, now: now, host: host), unlink(path) == 0 {
                    removed.append(path)
                }
            }
        }
        return removed
    }

    private static func isStale(_ t: Temporary, path: String, now: Date, host: String) -> Bool {
        if t.host == host {
            if t.pid == getpid() { return false }
            if kill(t.pid, 0) != 0 && errno == ESRCH { return true }
        }
        var st = stat()
        guard lstat(path, &st) == 0 else { return false }
        #if canImport(Darwin)
        let mtime = Double(st.st_mtimespec.tv_sec) + Double(st.st_mtimespec.tv_nsec) / 1e9
        #else
        let mtime = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
        #endif
        return now.timeIntervalSince1970 - mtime >= grace
    }
}

/// The parts of a temporary's name `.<final>.tmp-<host>-<pid>-<n>` (host with `-` made `_`).
struct Temporary: Equatable {
    var finalName: String
    var host: String
    var pid: Int32
}

extension Temporary {
    /// nil when `name` is not a temporary's name.
    init?(_ name: String) {
        guard name.hasPrefix("."), let r = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let fields = name[r.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, !fields[0].isEmpty, let pid = Int32(fields[1]), pid > 0,
              Int(fields[2]) != nil else { return nil }
        let final = name[name.index(after: name.startIndex)..<r.lowerBound]
        guard !final.isEmpty else { return nil }
        finalName = String(final)
        host = String(fields[0])
        self.pid = pid
    }
}

extension AtomicFileWriter {
    /// This host's name as temporaries carry it (`-` made `_`).
    public static var hostTag: String { String(temporaryMarker.dropFirst(".tmp-".count).dropLast()) }
}
