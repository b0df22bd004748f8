import Foundation
import Testing
@testable import Pipeline

@Suite("Stale temporaries of owned outputs")
struct StaleTemporariesTests {
    /// A pid that is certainly not running: above the kernel's pid_max.
    static let deadPid: Int32 = 2_000_000_000

    @Test func removesOwnedLeftoversFromAnyHostAndNeverOthers() throws {
        let dir = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let host = AtomicFileWriter.hostTag
        let old = Date().addingTimeInterval(-2 * StaleTemporaries.grace)
        // name → (is removed?, modification time)
        let files: [(String, Bool, Date)] = [
            // Owned output a.npy: another host's old temporary goes, this host's dead writer's goes.
            (".a.npy.tmp-othernode-17-1", true, old),
            (".a.npy.tmp-\(host)-\(Self.deadPid)-3", true, Date()),
            // A fresh temporary of another host may be being written: kept.
            (".a.npy.tmp-othernode-18-2", false, Date()),
            // This host's live writer (pid 1) and this very process: kept.
            (".a.npy.tmp-\(host)-1-4", false, Date()),
            (".a.npy.tmp-\(host)-\(getpid())-5", false, old),
            // Another shard's output b.npy: never touched, however old.
            (".b.npy.tmp-othernode-17-1", false, old),
            (".b.npy.tmp-\(host)-\(Self.deadPid)-1", false, old),
            // Not temporaries.
            ("a.npy.tmp-othernode-17-1", false, old),
            (".a.npy.tmp-othernode-x-1", false, old),
        ]
        for (name, _, date) in files {
            try touch(dir, name)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: dir + "/" + name)
        }
        let removed = StaleTemporaries.remove(owning: [dir + "/a.npy", dir + "/missing/c.npy"])
        #expect(Set(removed) == Set(files.filter(\.1).map { dir + "/" + $0.0 }))
        for (name, gone, _) in files {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + name) == !gone, "\(name)")
        }
    }

    @Test(arguments: [
        (".x.png.tmp-node1-42-7", "x.png", "node1", Int32(42)),
        (".a.b.tmp-c.npy.tmp-h_1-9-0", "a.b.tmp-c.npy", "h_1", Int32(9)),
    ] as [(String, String, String, Int32)])
    func parsesTemporaryNames(name: String, final: String, host: String, pid: Int32) {
        #expect(Temporary(name) == Temporary(finalName: final, host: host, pid: pid))
    }

    @Test(arguments: ["x.png", ".x.png", ".x.png.tmp-host-1", ".x.png.tmp-host-a-1", "..tmp-h-1-1", ".x.tmp-h-0-1"])
    func rejectsOtherNames(name: String) {
        #expect(Temporary(name) == nil)
    }
}
