import Testing
import Foundation
import ImageTensor
@testable import Pipeline

/// A batch output is complete at its final path as soon as it is placed (rename at once, no
/// `fsync`), and its manifest record comes only after its group was made durable.
@Suite struct DurabilityOrderTests {
    /// `place` puts the whole file at its final path and removes the temporary; the
    /// descriptor stays open for `makeDurable`, which closes it.
    @Test func placedFileIsCompleteAtOnceAndMadeDurableLater() throws {
        let root = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try AtomicFileWriter(root: root + "/out")
        let staged = try w.stage([1, 2, 3, 4], to: "sub/a.bin")
        try w.place(staged)
        #expect(FileManager.default.contents(atPath: root + "/out/sub/a.bin") == Data([1, 2, 3, 4]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/out/sub") == ["a.bin"])
        #expect(fcntl(staged.descriptor, F_GETFD) != -1)
        #expect(w.makeDurable([staged]) == [nil])
        // An interrupt after placing has nothing left to remove.
        w.removeTemporaries()
        #expect(FileManager.default.contents(atPath: root + "/out/sub/a.bin") == Data([1, 2, 3, 4]))
    }

    /// A rename that fails (a folder in the way) removes the temporary and keeps what is there.
    @Test func placeThatCannotRenameLeavesTheFinalPathAlone() throws {
        let root = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try AtomicFileWriter(root: root + "/out")
        try FileManager.default.createDirectory(atPath: root + "/out/c.bin/inside", withIntermediateDirectories: true)
        let blocked = try w.stage([5], to: "c.bin")
        #expect(throws: OutputError.self) { try w.place(blocked) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/out") == ["c.bin"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/out/c.bin") == ["inside"])
    }

    /// Every file's `done` (its manifest record) comes after the group holding it was made
    /// durable, and a failure to make it durable reaches `done`.
    @Test func recordsFollowTheirGroupsDurability() throws {
        let root = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try AtomicFileWriter(root: root + "/out")
        let events = Locked<[String]>([])
        let committer = GroupCommitter(writer: w, capacity: 4) { files in
            let names = files.map { ($0.final as NSString).lastPathComponent }
            events.withLock { $0 += names.map { "durable " + $0 } }
            let errors = w.makeDurable(files)
            return zip(names, errors).map { name, error in
                name == "f3.bin" ? OutputError.cannotWrite(path: name, reason: "test failure") : error
            }
        }
        let failures = Locked<[String: String]>([:])
        for i in 0..<10 {
            let staged = try w.stage([UInt8(i)], to: "f\(i).bin")
            try w.place(staged)
            #expect(FileManager.default.contents(atPath: staged.final) == Data([UInt8(i)]))
            committer.submit(staged) { error in
                events.withLock { $0.append("record f\(i).bin") }
                if let error { failures.withLock { $0["f\(i).bin"] = error.description } }
            }
        }
        committer.finish()
        let log = events.current
        for i in 0..<10 {
            let durable = try #require(log.firstIndex(of: "durable f\(i).bin"))
            let recorded = try #require(log.firstIndex(of: "record f\(i).bin"))
            #expect(durable < recorded)
        }
        #expect(failures.current == ["f3.bin": "cannot write f3.bin: test failure"])
    }

    /// The closing line's seconds read as `String(format: "%.2f")` would write them.
    @Test(arguments: [0, 0.004, 0.006, 0.0149, 0.18, 1.5, 9.999, 12.345678, 59.996, 100.01, 3725.4])
    func elapsedSecondsHaveTwoDecimals(seconds: Double) {
        #expect(BatchProgress.twoDecimals(seconds) == String(format: "%.2f", seconds))
    }

    /// Only files that may be PNGs are opened to estimate their cost.
    @Test func jpegAndNPYNamesAreNotPeeked() {
        #expect(BatchRunner.hasNonPNGExtension("/a/b.JPG"))
        #expect(BatchRunner.hasNonPNGExtension("/a/b.jpeg"))
        #expect(BatchRunner.hasNonPNGExtension("x.npy"))
        #expect(!BatchRunner.hasNonPNGExtension("/a.jpg/b.png"))
        #expect(!BatchRunner.hasNonPNGExtension("/a/noext"))
    }
}
