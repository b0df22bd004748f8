import Testing
import Foundation
@testable import Pipeline

@Test func walkFindsImagesRecursivelyInSortedOrder() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    for f in ["b.png", "a.JPG", "sub/c.jpeg", "sub/deep/d.npy", "notes.txt", ".hidden.png", "sub/.x/e.png", "Z.Png"] {
        try touch(root, f)
    }
    let result = try InputWalker().walk(arguments: [root])
    #expect(result.items.map(\.relativePath) == ["Z.Png", "a.JPG", "b.png", "sub/c.jpeg", "sub/deep/d.npy"])
    #expect(result.items.allSatisfy { !$0.namedDirectly })
    #expect(result.items[3].absolutePath == root + "/sub/c.jpeg")
    #expect(result.issues.isEmpty)
}

@Test func fileNamedDirectlyUsesItsNameAsKey() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try touch(root, "sub/photo.data")   // any name: content decides the decoder
    let result = try InputWalker().walk(arguments: ["sub/photo.data"], currentDirectory: root)
    #expect(result.items == [InputItem(displayPath: "sub/photo.data", absolutePath: root + "/sub/photo.data",
                                       relativePath: "photo.data", namedDirectly: true)])
}

@Test func missingInputIsAnError() throws {
    #expect(throws: InputError.notFound("/no/such/folder-xyz")) {
        try InputWalker().walk(arguments: ["/no/such/folder-xyz"])
    }
}

@Test func symlinkLoopsEndAndAreWalkedOnce() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try touch(root, "a/x.png")
    try FileManager.default.createSymbolicLink(atPath: root + "/a/loop", withDestinationPath: root)
    try FileManager.default.createSymbolicLink(atPath: root + "/a/self", withDestinationPath: root + "/a")
    try FileManager.default.createSymbolicLink(atPath: root + "/dangling.png", withDestinationPath: root + "/nothing")
    let result = try InputWalker().walk(arguments: [root])
    #expect(result.items.map(\.relativePath) == ["a/x.png"])
}

@Test func globsFilterOnRelativePath() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    for f in ["a.png", "b.jpg", "skip/c.png", "keep/d.png"] { try touch(root, f) }
    let walker = InputWalker(filter: PathFilter(include: [GlobPattern("*.png")], exclude: [GlobPattern("skip/*")]))
    #expect(try walker.walk(arguments: [root]).items.map(\.relativePath) == ["a.png", "keep/d.png"])
}

@Test func excludedOutputFolderIsNotEntered() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    for f in ["a.png", "out/a.png"] { try touch(root, f) }
    let walker = InputWalker(excludedDirectories: [root + "/out"])
    #expect(try walker.walk(arguments: [root]).items.map(\.relativePath) == ["a.png"])
}

@Test func filesFromKeepsRelativeEntries() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    for f in ["set/a/1.png", "set/b/1.png", "abs.png"] { try touch(root, f) }
    let list = root + "/list.txt"
    try "set/a/1.png\n\n# comment\n./set/b/1.png\n\(root)/abs.png\n".write(toFile: list, atomically: false, encoding: .utf8)
    let items = try InputWalker().walk(arguments: [], listFiles: [list], currentDirectory: root).items
    #expect(items.map(\.relativePath) == ["set/a/1.png", "set/b/1.png", "abs.png"])
    #expect(items.map(\.namedDirectly) == [false, false, true])
    try "../escape.png\n".write(toFile: list, atomically: false, encoding: .utf8)
    #expect(throws: InputError.self) { try InputWalker().walk(arguments: [], listFiles: [list], currentDirectory: root) }
}
