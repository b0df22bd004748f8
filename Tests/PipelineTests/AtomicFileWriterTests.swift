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
