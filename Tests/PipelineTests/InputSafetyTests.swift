import Testing
import Foundation
@testable import Pipeline
import Pooling

@Suite struct InputSafetyTests {
    @Test func severalFoldersGetTheirNameAsOutputPrefix() throws {
        let root = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for f in ["data/train/a.png", "data/val/a.png", "one.png"] { try touch(root, f) }
        let r = try InputWalker().walk(arguments: ["data/train", "data/val", "one.png"], currentDirectory: root)
        #expect(r.items.map(\.outputPrefix) == ["train", "val", ""])
        #expect(r.items.map(\.relativePath) == ["a.png", "a.png", "one.png"], "shard keys stay relative to the folder")
        let planned = OutputMapper(format: .same, displayRoot: "out").plan(r.items)
        #expect(planned.map(\.relativeOutput) == ["train/a.png", "val/a.png", "one.png"])
        #expect(planned.allSatisfy { $0.conflict == nil })
        let single = try InputWalker().walk(arguments: ["data/train"], currentDirectory: root)
        #expect(single.items.map(\.outputPrefix) == [""])
    }

    @Test func twoFoldersWithOneNameAreRejected() throws {
        let root = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for f in ["a/x/1.png", "b/x/1.png"] { try touch(root, f) }
        #expect(throws: InputError.sameFolderName(name: "x", first: "a/x", second: "b/x")) {
            try InputWalker().walk(arguments: ["a/x", "b/x"], currentDirectory: root)
        }
    }

    @Test func aLinkNamedDirectlyKeepsItsOwnName() throws {
        let root = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root, "photos/screenshot.jpg")
        try FileManager.default.createSymbolicLink(atPath: root + "/a.jpg", withDestinationPath: "photos/screenshot.jpg")
        let r = try InputWalker().walk(arguments: ["a.jpg"], currentDirectory: root)
        #expect(r.items.map(\.relativePath) == ["a.jpg"])
    }

    @Test func aMissingListEntryIsAnIssueNotAnError() throws {
        let root = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root, "a.png")
        try touch(root, "list.txt", "a.png\nmissing.png\n")
        let r = try InputWalker().walk(arguments: [], listFiles: [root + "/list.txt"], currentDirectory: root)
        #expect(r.items.map(\.relativePath) == ["a.png"])
        #expect(r.issues == [WalkIssue(path: "missing.png", reason: "does not exist (listed in \(root)/list.txt line 2)")])
    }

    @Test func filtersIgnoreCase() {
        let f = PathFilter(include: [GlobPattern("*.jpg")], exclude: [GlobPattern("Skip/*")])
        #expect(f.accepts("x.JPG") && f.accepts("a/y.Jpg"))
        #expect(!f.accepts("skip/z.jpg") && !f.accepts("z.png"))
    }

    @Test func outputsThatAreInputsAreMarkedBeforeAnyWork() throws {
        let root = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root, "a.png")
        try touch(root, "b.png")
        let runner = BatchRunner(options: BatchOptions(inputs: ["a.png", "b.png"], outputFolder: ".", format: .fixed(.png),
                                                       currentDirectory: root),
                                 job: StageListJob(stages: try StageList.parse("avg(2)")))
        let plan = try runner.makePlan()
        #expect(plan.items.map(\.conflict) == [
            "output ./a.png is the input itself; a run never writes over its inputs (choose another -o folder)",
            "output ./b.png is the input itself; a run never writes over its inputs (choose another -o folder)",
        ])
        #expect(runner.dryRun(plan: plan).allSatisfy { if case .fail = $0 { return true } else { return false } })
    }

    @Test func findingNothingIsAnInputError() throws {
        let root = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root, "in/readme.txt")
        let runner = BatchRunner(options: BatchOptions(inputs: ["in"], outputFolder: "out", currentDirectory: root),
                                 job: StageListJob(stages: try StageList.parse("avg(2)")))
        #expect(throws: BatchError.self) { try runner.makePlan() }
        do {
            _ = try runner.makePlan()
        } catch {
            #expect("\(error)" == "no input found in in (walked recursively for .jpeg .jpg .npy .png files, any case); 1 other file there (.txt), which poolpipe does not read")
        }
    }

    @Test func everyOpExampleParsesAndTheReferenceListsEveryOp() throws {
        let text = OpReference.render(.standard)
        for op in OpRegistry.standard.descriptorsInOrder {
            _ = try StageList.parse(op.example)
            #expect(text.contains("\n\(OpReference.signature(op))\n"), "\(op.name)")
        }
        #expect(OpRegistry.standard.descriptorsInOrder.map(\.name).count == OpRegistry.standard.names.count)
    }

    @Test(arguments: [("strid", "stride"), ("kernal", "kernel"), ("--stage", "--stages"), ("--forse", "--force"),
                      ("mdian", "median"), ("avgg", "avg"), ("AVG", "avg")])
    func suggestionsFindTheClosestName(typed: String, expected: String) {
        let candidates = ["kernel", "stride", "padding", "--stages", "--force", "--format", "median", "max", "avg", "maxblur"]
        #expect(NameSuggestion.closest(to: typed, among: candidates) == expected)
    }

    @Test func farNamesGetNoSuggestion() {
        #expect(NameSuggestion.closest(to: "colour", among: ["kernel", "stride"]) == nil)
        #expect(NameSuggestion.closest(to: "x", among: ["kernel", "max"]) == nil)
    }
}
