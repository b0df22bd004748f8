import Testing
import Foundation
@testable import Pipeline

@Test func atomicWriteCreatesFoldersAndLeavesNoTemporary() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let w = try AtomicFileWriter(root: root + "/out")
    try w.write([1, 2, 3], to: "a/b/c.bin")
    try w.write([4, 5], to: "a/b/c.bin")   // replaces
    #expect(FileManager.default.contents(atPath: root + "/out/a/b/c.bin") == Data([4, 5]))
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/out/a/b") == ["c.bin"])
}

@Test func symlinkedFolderLeadingOutsideIsRejected() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: root + "/out/sub", withDestinationPath: root + "/elsewhere")
    let w = try AtomicFileWriter(root: root + "/out")
    #expect(throws: OutputError.self) { try w.write([1], to: "sub/x.png") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/elsewhere").isEmpty)
    // A symlinked output folder itself is fine: it is resolved first.
    try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/elsewhere")
    let w2 = try AtomicFileWriter(root: root + "/link")
    try w2.write([7], to: "y.png")
    #expect(FileManager.default.fileExists(atPath: root + "/elsewhere/y.png"))
}

@Test func staleTemporariesOfDeadLocalProcessesAreSweptOthersKept() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    // A pid that is surely gone: a child that has exited and been reaped.
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/bin/true")
    try child.run(); child.waitUntilExit()
    let dead = child.processIdentifier
    let marker = AtomicFileWriter.temporaryMarker
    try touch(root, "out/sub/.a.png\(marker)\(dead)-3")                    // stale: swept
    try touch(root, "out/.b.png\(marker)\(dead)-1")                        // stale in the root: swept
    try touch(root, "out/sub/.c.png\(marker)\(getppid())-2")               // live process: kept
    try touch(root, "out/sub/.d.png.tmp-otherhost-\(dead)-1")             // another host's: kept
    try touch(root, "out/sub/.hidden.png")                                   // not ours: kept
    let w = try AtomicFileWriter(root: root + "/out")
    #expect(!FileManager.default.fileExists(atPath: root + "/out/.b.png\(marker)\(dead)-1"))
    try w.write([1], to: "sub/e.png")
    let left = try FileManager.default.contentsOfDirectory(atPath: root + "/out/sub").sorted()
    #expect(left == [".c.png\(marker)\(getppid())-2", ".d.png.tmp-otherhost-\(dead)-1", ".hidden.png", "e.png"])
}

/// A staged file is invisible at its final path until committed; an interrupt removes it;
/// a commit that cannot rename fails without leaving its temporary or touching what is there.
@Test func stagedFilesAppearOnlyWhenCommitted() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let w = try AtomicFileWriter(root: root + "/out")
    let fm = FileManager.default
    let staged = try w.stage([1, 2, 3], to: "a.bin")
    #expect(!fm.fileExists(atPath: root + "/out/a.bin"))
    #expect(try fm.contentsOfDirectory(atPath: root + "/out").count == 1)  // the temporary
    try w.commit(staged)
    #expect(fm.contents(atPath: root + "/out/a.bin") == Data([1, 2, 3]))
    #expect(try fm.contentsOfDirectory(atPath: root + "/out") == ["a.bin"])

    _ = try w.stage([9], to: "b.bin")
    w.removeTemporaries()
    #expect(try fm.contentsOfDirectory(atPath: root + "/out") == ["a.bin"])

    try fm.createDirectory(atPath: root + "/out/c.bin/inside", withIntermediateDirectories: true)
    let blocked = try w.stage([5], to: "c.bin")
    #expect(throws: OutputError.self) { try w.commit(blocked) }
    #expect(try fm.contentsOfDirectory(atPath: root + "/out").sorted() == ["a.bin", "c.bin"])
    #expect(try fm.contentsOfDirectory(atPath: root + "/out/c.bin") == ["inside"])
}

/// The commit queue runs every block, at most `threads` at once, and `finish` waits for all.
@Test func backgroundQueueRunsEveryBlockBeforeFinishReturns() {
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var done = 0, running = 0, most = 0
    }
    let c = Counter()
    let queue = BackgroundQueue(name: "test", threads: 2, capacity: 3)
    for _ in 0..<40 {
        queue.async {
            c.lock.lock(); c.running += 1; c.most = max(c.most, c.running); c.lock.unlock()
            usleep(500)
            c.lock.lock(); c.running -= 1; c.done += 1; c.lock.unlock()
        }
    }
    queue.finish()
    #expect(c.done == 40)
    #expect(c.most <= 2)
}
