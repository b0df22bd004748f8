import Foundation
import Testing

@Suite("poolpipe run: outputs, manifest, exit statuses")
struct RunBasicsCLITests {
    @Test func mirrorsTheTreeAndWritesAManifest() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: ["a.png", "sub/b.PNG", "sub/deep/c.jpg", "d.npy"])
        try "not an image".write(to: input.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)", "--jobs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("processed 4, skipped 0, failed 0 in "))
        #expect(RunFixtures.files(out) == ["a.png", "d.npy", "manifest.jsonl", "sub/b.png", "sub/deep/c.jpg"])

        let records = try RunFixtures.manifest(out.appendingPathComponent("manifest.jsonl"))
        let run = try #require(records.first?["run"] as? [String: Any])
        #expect(run["poolpipe"] as? String != nil)
        #expect((run["libpng"] as? String)?.isEmpty == false)
        #expect((run["libjpeg"] as? String)?.isEmpty == false)
        #expect((run["command"] as? String)?.contains("avg(2)") == true)
        #expect((run["start"] as? String)?.hasSuffix("Z") == true)
        let last = try RunFixtures.lastRecords(out.appendingPathComponent("manifest.jsonl"))
        #expect(last.count == 4)
        let c = try #require(last[input.appendingPathComponent("sub/deep/c.jpg").path])
        #expect(c["status"] as? String == "ok")
        #expect(c["output"] as? String == out.appendingPathComponent("sub/deep/c.jpg").resolvingSymlinksInPath().path)
        #expect(c["input_shape"] as? [Int] == [16, 24, 3])
        #expect(c["output_shape"] as? [Int] == [8, 12, 3])
        #expect((c["stages"] as? String)?.hasPrefix("avg(2") == true)
        #expect(c["ms"] is NSNumber)
        let decode = try #require(c["decode"] as? [String: Any])
        #expect(decode["format"] as? String == "jpeg")
        #expect(decode["dct_scale"] as? Int == 1)
        #expect(c["input_size"] as? Int == (try FileManager.default.attributesOfItem(atPath: input.appendingPathComponent("sub/deep/c.jpg").path)[.size] as? Int))
        #expect(c["input_mtime"] is String)
    }

    @Test func npyOutputsLoadInNumpyAsHWCFloat32() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: ["x.png"], height: 10, width: 14)
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)", "--format", "npy"])
        #expect(r.status == 0, "\(r.stderr)")
        // The reference is numpy's own 2×2 mean of the 8-bit samples / 255.
        let check = try RunFixtures.python("""
        import sys, numpy as np
        from PIL import Image
        a = np.load(sys.argv[1])
        src = np.asarray(Image.open(sys.argv[2]), dtype=np.float64) / 255
        ref = src.reshape(5, 2, 7, 2, 3).mean(axis=(1, 3))
        print(a.dtype, a.shape, bool(np.abs(a - ref).max() < 1e-6))
        """, [out.appendingPathComponent("x.npy").path, input.appendingPathComponent("x.png").path])
        #expect(check.trimmingCharacters(in: .whitespacesAndNewlines) == "float32 (5, 7, 3) True")
    }

    @Test func secondInputForTheSameOutputFails() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: ["a.jpg", "a.png", "b.png"])
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "max(2)", "--format", "png"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("poolpipe: error: \(input.path)/a.png: output \(out.path)/a.png would also be written by \(input.path)/a.jpg"))
        #expect(r.stdout.contains("processed 2, skipped 0, failed 1"))
        #expect(RunFixtures.files(out) == ["a.png", "b.png", "manifest.jsonl"])
    }

    @Test func corruptInputFailsWithOneLineAndLeavesNoFile() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: ["good.png", "cut.png"])
        let cut = input.appendingPathComponent("cut.png")
        let bytes = try #require(RunFixtures.bytes(cut))
        try bytes.prefix(bytes.count / 2).write(to: cut)
        try Data("hello".utf8).write(to: input.appendingPathComponent("fake.jpg"))
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"])
        #expect(r.status == 1)
        let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("poolpipe: error: ") }
        #expect(errors.count == 2)
        #expect(errors.contains { $0.hasPrefix("poolpipe: error: \(cut.path): ") })
        #expect(errors.contains { $0.hasPrefix("poolpipe: error: \(input.path)/fake.jpg: ") })
        #expect(RunFixtures.files(out) == ["good.png", "manifest.jsonl"])
        let last = try RunFixtures.lastRecords(out.appendingPathComponent("manifest.jsonl"))
        #expect(last[cut.path]?["status"] as? String == "failed")
        #expect((last[cut.path]?["error"] as? String)?.isEmpty == false)
    }

    @Test(arguments: [
        ["--stages", "avg(0)"],                          // bad stage list
        ["--stages", "avg(2)", "--config", "x.yaml"],    // both
        [],                                              // neither
        ["--stages", "avg(2)", "--format", "gif"],
        ["--stages", "avg(2)", "--quality", "0"],
        ["--stages", "avg(2)", "--bit-depth", "12"],
        ["--stages", "avg(2)", "--jobs", "0"],
        ["--stages", "avg(2)", "--shard", "4/4"],
        ["--stages", "avg(2)", "--shard", "auto"],
        ["--stages", "avg(2)", "--alpha", "weird"],
    ])
    func usageErrorsExitTwoAndWriteNothing(extra: [String]) throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: ["a.png"])
        let env = ["SLURM_ARRAY_TASK_ID": "", "SLURM_ARRAY_TASK_COUNT": "", "JOB_COMPLETION_INDEX": ""]
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path] + extra, environment: env)
        #expect(r.status == 2, "\(extra): \(r.stderr)")
        #expect(r.stderr.lowercased().contains("error: "), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func missingInputAndMissingOutputAreUsageErrors() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = try PoolPipeBinary.run(["run", tmp.appendingPathComponent("nope").path, "-o", tmp.appendingPathComponent("o").path,
                                        "--stages", "avg(2)"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("does not exist"))
        let r2 = try PoolPipeBinary.run(["run", tmp.path, "--stages", "avg(2)"])
        #expect(r2.status == 2)
        #expect(r2.stderr.contains("-o OUT"))
    }

    @Test func dryRunPrintsThePlanAndWritesNothing() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: ["a.png", "s/b.jpg"])
        let r = try PoolPipeBinary.run(["run", "in", "in/s/b.jpg", "-o", "out", "--stages", "avg(2)", "--dry-run", "--format", "npy"], cwd: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "in/a.png -> out/a.npy\nin/s/b.jpg -> out/s/b.npy\nin/s/b.jpg -> out/b.npy\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func includeExcludeAndFilesFrom() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in")
        try RunFixtures.writeImages(input, names: ["a.png", "b.jpg", "skip/c.png", "keep/d.png"])
        let r = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(2)", "--dry-run",
                                        "--include", "*.png", "--exclude", "skip/*"], cwd: tmp)
        #expect(r.stdout == "in/a.png -> out/a.png\nin/keep/d.png -> out/keep/d.png\n")
        try "in/keep/d.png\nin/b.jpg\n".write(to: tmp.appendingPathComponent("list.txt"), atomically: true, encoding: .utf8)
        let r2 = try PoolPipeBinary.run(["run", "--files-from", "list.txt", "-o", "out", "--stages", "avg(2)", "--dry-run"], cwd: tmp)
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(r2.stdout == "in/keep/d.png -> out/in/keep/d.png\nin/b.jpg -> out/in/b.jpg\n")
    }

    @Test func maxPixelsAllowTruncatedAndFailFastReachTheDecoderAndRunner() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in")
        try RunFixtures.writeImages(input, names: ["a.jpg", "b.jpg", "c.jpg"], height: 64, width: 64)
        let big = try PoolPipeBinary.run(["run", input.path, "-o", tmp.appendingPathComponent("o1").path,
                                          "--stages", "avg(2)", "--max-pixels", "4000"])
        #expect(big.status == 1)
        #expect(big.stderr.contains("poolpipe: error: \(input.path)/a.jpg: 64×64 (H×W) is over --max-pixels"), "\(big.stderr)")
        let fast = try PoolPipeBinary.run(["run", input.path, "-o", tmp.appendingPathComponent("o2").path,
                                           "--stages", "avg(2)", "--max-pixels", "4000", "--fail-fast", "--jobs", "1"])
        #expect(fast.status == 1)
        #expect(fast.stdout.contains("processed 0, skipped 0, failed 1 in "))

        let a = input.appendingPathComponent("a.jpg")
        let bytes = try #require(RunFixtures.bytes(a))
        try bytes.prefix(bytes.count * 2 / 3).write(to: a)
        let strict = try PoolPipeBinary.run(["run", a.path, "-o", tmp.appendingPathComponent("o3").path, "--stages", "avg(2)"])
        #expect(strict.status == 1)
        let lenient = try PoolPipeBinary.run(["run", a.path, "-o", tmp.appendingPathComponent("o4").path, "--stages", "avg(2)",
                                              "--allow-truncated"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        let rec = try #require(try RunFixtures.lastRecords(tmp.appendingPathComponent("o4/manifest.jsonl"))[a.path])
        #expect(((rec["decode"] as? [String: Any])?["warnings"] as? [String])?.isEmpty == false)
    }

    @Test func nothingIsWrittenThroughASymlinkLeadingOutOfTheOutputFolder() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        let elsewhere = tmp.appendingPathComponent("elsewhere")
        try RunFixtures.writeImages(input, names: ["top.png", "sub/x.png"])
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("sub"), withDestinationURL: elsewhere)
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("poolpipe: error: \(input.path)/sub/x.png: "))
        #expect(r.stderr.contains("outside the output folder"))
        #expect(RunFixtures.files(elsewhere).isEmpty)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("top.png").path))
    }
}
