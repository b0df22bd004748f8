import Foundation
import Testing

/// The bytes of every regular file under some folders (and of single files), to show that a
/// run pointed at or inside its inputs left them exactly as they were.
struct InputSnapshot: Equatable {
    var files: [String: Data]

    init(_ roots: [URL]) {
        files = [:]
        for root in roots {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir) else { continue }
            if !isDir.boolValue {
                files[root.path] = FileManager.default.contents(atPath: root.path)
                continue
            }
            for rel in RunFixtures.files(root) {
                let path = root.appendingPathComponent(rel).path
                files[path] = FileManager.default.contents(atPath: path)
            }
        }
    }
}

@Suite("poolpipe: a run never writes over its inputs and never does nothing silently")
struct InputSafetyCLITests {
    /// `thumbnail photo.png -o . --size 64`: the output path is the input; it fails, exit 1.
    @Test func anOutputThatIsItsInputFailsThatInput() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp, names: ["photo.png", "other.jpg"], height: 80, width: 96)
        let before = InputSnapshot([tmp])
        let r = try PoolPipeBinary.run(["thumbnail", "photo.png", "other.jpg", "-o", ".", "--size", "64"], cwd: tmp)
        #expect(r.status == 1)
        #expect(r.stderr == """
            poolpipe: error: photo.png: output ./photo.png is the input itself; a run never writes over its inputs (choose another -o folder)
            poolpipe: error: other.jpg: output ./other.jpg is the input itself; a run never writes over its inputs (choose another -o folder)

            """)
        #expect(r.stdout.hasPrefix("processed 0, skipped 0, failed 2 in "))
        // Only the manifest was added; the inputs are byte for byte what they were.
        var after = InputSnapshot([tmp])
        after.files.removeValue(forKey: tmp.appendingPathComponent("manifest.jsonl").path)
        #expect(after == before)
    }

    /// An output path that resolves to an input through a symbolic link or a hard link in OUT.
    @Test func anOutputThatResolvesToAnInputFailsToo() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: ["a.png", "b.png", "c.png"])
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("a.png").path,
                                                   withDestinationPath: input.appendingPathComponent("a.png").path)
        try FileManager.default.linkItem(at: input.appendingPathComponent("b.png"), to: out.appendingPathComponent("b.png"))
        let before = InputSnapshot([input])
        let r = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(2)", "--force"], cwd: tmp)
        #expect(r.status == 1)
        #expect(r.stderr.contains("poolpipe: error: in/a.png: output out/a.png is the input itself; a run never writes over its inputs"))
        #expect(r.stderr.contains("poolpipe: error: in/b.png: output out/b.png is the input itself"))
        #expect(r.stdout.hasPrefix("processed 1, skipped 0, failed 2 in "))
        #expect(InputSnapshot([input]) == before)
        // The dry run says the same and writes nothing.
        let dry = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(2)", "--dry-run"], cwd: tmp)
        #expect(dry.status == 1)
        #expect(dry.stderr.contains("in/a.png: output out/a.png is the input itself"))
    }

    /// OUT inside an input folder is not walked: a second run does not take the first run's
    /// outputs as inputs, and nothing under the input folder changes but OUT.
    @Test func anOutputFolderInsideTheInputIsNotWalked() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("data")
        try RunFixtures.writeImages(input, names: ["a.png", "s/b.jpg"])
        let before = InputSnapshot([input])
        for _ in 0..<2 {
            let r = try PoolPipeBinary.run(["run", "data", "-o", "data/small", "--stages", "avg(2)", "--format", "png", "--force"], cwd: tmp)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("processed 2, skipped 0, failed 0 in "))
        }
        var after = InputSnapshot([input])
        after.files = after.files.filter { !$0.key.contains("/data/small/") }
        #expect(after == before)
        #expect(RunFixtures.files(input.appendingPathComponent("small")) == ["a.png", "manifest.jsonl", "s/b.png"])
    }

    /// Runs that find no input are usage errors (exit 2) naming where they looked and for what.
    @Test func aRunThatFindsNoInputIsAUsageError() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp.appendingPathComponent("inplace"), names: ["a.png"])
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let other = tmp.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        for name in ["a.tif", "b.webp", "c.webp"] { try Data([1, 2, 3]).write(to: other.appendingPathComponent(name)) }
        let before = InputSnapshot([tmp])
        let looked = "(walked recursively for .jpeg .jpg .npy .png files, any case"
        let cases: [([String], String)] = [
            (["thumbnail", "inplace", "-o", "inplace", "--size", "64"],
             "poolpipe: error: no input found in inplace \(looked)); inplace is the output folder (-o), which is never searched for inputs\n"),
            (["thumbnail", "empty", "-o", "out", "--size", "64"],
             "poolpipe: error: no input found in empty \(looked))\n"),
            (["run", "other", "-o", "out", "--stages", "avg(2)"],
             "poolpipe: error: no input found in other \(looked)); 3 other files there (.tif, .webp), which poolpipe does not read\n"),
            (["run", "inplace", "-o", "out", "--stages", "avg(2)", "--include", "*.jpg"],
             "poolpipe: error: no input found in inplace \(looked), matching --include '*.jpg'); 1 image file there did not pass the filters\n"),
        ]
        for (arguments, message) in cases {
            let r = try PoolPipeBinary.run(arguments, cwd: tmp)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr == message)
            #expect(r.stdout.isEmpty)
        }
        #expect(InputSnapshot([tmp]) == before, "nothing written, not even a manifest")
    }
}
