import Foundation
import Testing

/// The repository documents itself: every op the binary knows has a section in
/// docs/stage-language.md, and no document points outside the repository.
@Suite("documentation inside the repository")
struct DocsCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyOpHasASectionInTheStageLanguageReference() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/stage-language.md"), encoding: .utf8)
        let ops = try PoolPipeBinary.run(["ops"]).stdout.split(separator: "\n")
            .filter { $0.range(of: "^[a-z_]+(\\(.*\\))?$", options: .regularExpression) != nil }
            .map { String($0.prefix { $0 != "(" }) }
        #expect(ops.count >= 13)
        for op in ops { #expect(doc.contains("\n### \(op)\n"), "docs/stage-language.md has no section for \(op)") }
    }

    @Test func noDocumentPointsOutsideTheRepository() throws {
        let docs = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        #expect(docs.contains("docs/commands.md") && docs.contains("docs/library.md"))
        for file in ["README.md"] + docs {
            let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("PRODUCT.md") && !text.contains("../shared") && !text.contains("](../"), "\(file)")
        }
    }
}
