import Foundation
import Testing

@Suite("poolpipe run: --dry-run, --files-from, --stages, globs and --config")
struct RunOptionsCLITests {
    @Test func dryRunMarksTheInputsItWouldSkip() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp.appendingPathComponent("in"), names: ["a.png", "b.png"])
        let first = try PoolPipeBinary.run(["run", "in/a.png", "-o", "out", "--stages", "avg(2)"], cwd: tmp)
        #expect(first.status == 0)
        let dry = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(2)", "--dry-run"], cwd: tmp)
        #expect(dry.status == 0)
        #expect(dry.stdout == "in/a.png -> out/a.png (skip: done, per the manifest)\nin/b.png -> out/b.png\n")
        // Another stage list, or --force, would redo it.
        let other = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(4)", "--dry-run"], cwd: tmp)
        #expect(other.stdout == "in/a.png -> out/a.png\nin/b.png -> out/b.png\n")
        let forced = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(2)", "--dry-run", "--force"], cwd: tmp)
        #expect(forced.stdout == "in/a.png -> out/a.png\nin/b.png -> out/b.png\n")
    }

    /// The dry run makes the run's own resume decision: after a run sharded in two, an
    /// unsharded dry run marks every input as skipped.
    @Test func dryRunAfterAShardedRunMarksEverythingSkipped() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp.appendingPathComponent("in"), names: ["a.png", "b.png", "c.png", "d.png"])
        for k in 0..<2 {
            let r = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(2)", "--shard", "\(k)/2"], cwd: tmp)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let dry = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(2)", "--dry-run"], cwd: tmp)
        #expect(dry.status == 0)
        #expect(dry.stdout == ["a", "b", "c", "d"].map { "in/\($0).png -> out/\($0).png (skip: done, per the manifest)\n" }.joined())
    }

    @Test func aMissingFilesFromEntryFailsOnlyItself() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp.appendingPathComponent("in"), names: ["a.png", "b.png"])
        try "in/a.png\nin/gone.png\nin/b.png\n".write(to: tmp.appendingPathComponent("list.txt"), atomically: true, encoding: .utf8)
        let r = try PoolPipeBinary.run(["run", "--files-from", "list.txt", "-o", "out", "--stages", "avg(2)"], cwd: tmp)
        #expect(r.status == 1)
        #expect(r.stderr == "poolpipe: error: in/gone.png: does not exist (listed in list.txt line 2)\n")
        #expect(r.stdout.hasPrefix("processed 2, skipped 0, failed 1 in "))
        #expect(RunFixtures.files(tmp.appendingPathComponent("out")) == ["in/a.png", "in/b.png", "manifest.jsonl"])
        let failed = try RunFixtures.lastRecords(tmp.appendingPathComponent("out/manifest.jsonl"))["in/gone.png"]
        #expect(failed?["status"] as? String == "failed")
    }

    @Test func stagesGivenTwiceIsAUsageError() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp, names: ["a.png"])
        for extra in [["--stages", "max(2)"], ["--stages=max(2)"]] {
            let r = try PoolPipeBinary.run(["run", "a.png", "-o", "out", "--stages", "avg(2)"] + extra, cwd: tmp)
            #expect(r.status == 2)
            #expect(r.stderr == "poolpipe: error: --stages is given twice; give one stage list (stages joined with '|'), or compare lists with 'poolpipe inspect IMAGE -o DIR --stages A --stages B'\n")
        }
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("out").path))
    }

    @Test func includeAndExcludeIgnoreCaseAsTheWalkDoes() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp.appendingPathComponent("in"), names: ["x.JPG", "y.jpg", "z.png", "Skip/w.jpg"])
        let r = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(2)", "--dry-run",
                                        "--include", "*.jpg", "--exclude", "skip/*"], cwd: tmp)
        #expect(r.status == 0)
        #expect(r.stdout == "in/x.JPG -> out/x.jpg\nin/y.jpg -> out/y.jpg\n")
    }

    @Test func configSetsAnyLongOptionAndTheCommandLineWins() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp.appendingPathComponent("in"), names: ["a.png", "b.jpg"])
        try """
        stages:
          - {op: avg, kernel: 2}
        format: npy
        include: ["*.png"]
        quiet: true
        output: out
        """.write(to: tmp.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        let r = try PoolPipeBinary.run(["run", "in", "--config", "job.yaml"], cwd: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(RunFixtures.files(tmp.appendingPathComponent("out")) == ["a.npy", "manifest.jsonl"])
        // Options and --stages on the command line win over the file.
        let r2 = try PoolPipeBinary.run(["run", "in", "--config", "job.yaml", "--format", "png", "-o", "out2",
                                         "--stages", "max(2)"], cwd: tmp)
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(RunFixtures.files(tmp.appendingPathComponent("out2")) == ["a.png", "manifest.jsonl"])
        let stages = try RunFixtures.lastRecords(tmp.appendingPathComponent("out2/manifest.jsonl")).values.first?["stages"] as? String
        #expect(stages?.hasPrefix("max(") == true)
        // JSON works too; a misspelt key gets a suggestion and the valid keys.
        try #"{"stages": "avg(2)", "formt": "npy"}"#.write(to: tmp.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        let bad = try PoolPipeBinary.run(["run", "in", "-o", "out3", "--config", "bad.json"], cwd: tmp)
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("poolpipe: error: --config bad.json: unknown key \"formt\"; did you mean \"format\"? (keys: stages, output, files-from, include, exclude, format, "))
    }

    @Test func thumbnailTakesAConfigToo() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp.appendingPathComponent("in"), names: ["a.png"], height: 64, width: 48)
        try "size: 16\nformat: npy\n".write(to: tmp.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        let r = try PoolPipeBinary.run(["thumbnail", "in", "-o", "out", "--config", "t.yaml"], cwd: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        let shape = try RunFixtures.lastRecords(tmp.appendingPathComponent("out/manifest.jsonl")).values.first?["output_shape"] as? [Int]
        #expect(shape == [16, 12, 3])
    }
}
