import Testing
import Foundation
@testable import Pipeline

private func item(_ rel: String, direct: Bool = false) -> InputItem {
    InputItem(displayPath: "in/" + rel, absolutePath: "/nonexistent/in/" + rel, relativePath: rel, namedDirectly: direct)
}

@Test func outputsMirrorTheTreeWithTheFormatExtension() {
    let same = OutputMapper(format: .same, displayRoot: "OUT")
    #expect(same.plan([item("a/b.png")]).first?.relativeOutput == "a/b.png")
    #expect(same.plan([item("a/b.JPEG")]).first?.relativeOutput == "a/b.jpg")
    #expect(same.plan([item("x.npy")]).first?.kind == .npy)
    let npy = OutputMapper(format: .fixed(.npy), displayRoot: "OUT")
    #expect(npy.plan([item("a/b.c.png")]).first?.relativeOutput == "a/b.c.npy")
    // A file named directly goes to the top of the output folder.
    #expect(npy.plan([item("photo.jpg", direct: true)]).first?.relativeOutput == "photo.npy")
}

@Test func secondInputToTheSameOutputGetsAConflict() {
    let m = OutputMapper(format: .fixed(.png), displayRoot: "OUT")
    let plan = m.plan([item("a.jpg"), item("a.png"), item("b.png")])
    #expect(plan[0].conflict == nil)
    #expect(plan[1].conflict == "output OUT/a.png would also be written by in/a.jpg")
    #expect(plan[2].conflict == nil)
}

@Test func formatChoiceParses() {
    #expect(OutputFormatChoice(argument: "jpeg") == .fixed(.jpeg))
    #expect(OutputFormatChoice(argument: "JPG") == .fixed(.jpeg))
    #expect(OutputFormatChoice(argument: "same") == .same)
    #expect(OutputFormatChoice(argument: "gif") == nil)
}

@Test func sniffingReadsMagicBytes() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/mystery"
    try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).write(to: URL(fileURLWithPath: path))
    #expect(OutputMapper.sniff(path: path) == .jpeg)
    let m = OutputMapper(format: .same, displayRoot: "OUT")
    let it = InputItem(displayPath: path, absolutePath: path, relativePath: "mystery", namedDirectly: true)
    #expect(m.plan([it]).first?.relativeOutput == "mystery.jpg")
}
