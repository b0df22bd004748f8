import Foundation
import Testing

/// Tar shards are byte-identical for any `--jobs`, and after a run killed with `kill -9` is
/// resumed; a killed run never leaves a partial shard at a final path.
@Suite("poolpipe run: dataset shards are deterministic and resumable", .serialized)
struct DatasetDeterminismCLITests {
    static let count = 90
    /// Slow enough per image to kill the run between shards.
    static let args = ["--stages", "median(3, stride=1) | median(3, stride=1) | resize(short=40) | crop(32x36)",
                       "--pack", "tar", "--shard-size", "8", "--dtype", "uint8", "--labels", "folder"]

    static func makeInputs(_ tmp: URL) throws -> URL {
        let input = tmp.appendingPathComponent("in")
        try RunFixtures.writeImages(input, names: (0..<count).map { String(format: "c%d/i%03d.png", $0 % 3, $0) },
                                    height: 96, width: 112)
        return input
    }

    /// The final shards of `out` and their bytes.
    static func shards(_ out: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        for f in RunFixtures.files(out) where f.hasPrefix("shard-") && f.hasSuffix(".tar") {
            result[f] = RunFixtures.bytes(out.appendingPathComponent(f))
        }
        return result
    }

    /// Starts a packing run into `out` and waits until `records` inputs are recorded.
    static func start(_ input: URL, _ out: URL, records: Int) throws -> Process {
        try PoolPipeBinary.startRun(input, out, ["--jobs", "2"] + Self.args, records: records)
    }

    @Test func sameBytesForAnyJobsAndAfterKill9ThenResume() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try Self.makeInputs(tmp)
        let one = tmp.appendingPathComponent("one"), two = tmp.appendingPathComponent("two")
        let killed = tmp.appendingPathComponent("killed")
        let r1 = try PoolPipeBinary.run(["run", input.path, "-o", one.path, "--jobs", "1"] + Self.args)
        #expect(r1.status == 0, "\(r1.stderr)")
        let r2 = try PoolPipeBinary.run(["run", input.path, "-o", two.path, "--jobs", "2"] + Self.args)
        #expect(r2.status == 0, "\(r2.stderr)")
        let reference = Self.shards(one)
        #expect(reference.count == (Self.count + 7) / 8)
        #expect(Self.shards(two) == reference)

        // Kill -9 once at least two shards are recorded.
        let p = try Self.start(input, killed, records: 16)
        #expect(p.isRunning, "the run ended before it could be killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        // Every shard at a final path is whole: the same bytes as the reference's.
        let survivors = Self.shards(killed)
        #expect(survivors.count >= 2 && survivors.count < reference.count)
        for (name, data) in survivors { #expect(reference[name] == data, "\(name)") }

        let resumed = try PoolPipeBinary.run(["run", input.path, "-o", killed.path, "--jobs", "1"] + Self.args)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let done = survivors.count * 8
        #expect(resumed.stdout.contains("processed \(Self.count - done), skipped \(done), failed 0"), "\(resumed.stdout)")
        #expect(Self.shards(killed) == reference)
        // The killed run's temporaries are gone.
        #expect(RunFixtures.files(killed).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test func ctrlCDropsTheShardInProgressAndARerunCompletesIt() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try Self.makeInputs(tmp)
        let whole = tmp.appendingPathComponent("whole"), stopped = tmp.appendingPathComponent("stopped")
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", whole.path, "--jobs", "2"] + Self.args).status == 0)
        let p = try Self.start(input, stopped, records: 8)
        #expect(p.isRunning, "the run ended before it could be interrupted")
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 130)
        let reference = Self.shards(whole), survivors = Self.shards(stopped)
        #expect(survivors.count >= 1 && survivors.count < reference.count)
        for (name, data) in survivors { #expect(reference[name] == data, "\(name)") }
        #expect(RunFixtures.files(stopped).allSatisfy { !$0.contains(".tmp-") })
        let records = try RunFixtures.lastRecords(stopped.appendingPathComponent("manifest.jsonl"))
        #expect(records.count == survivors.count * 8)
        let again = try PoolPipeBinary.run(["run", input.path, "-o", stopped.path, "--jobs", "2"] + Self.args)
        #expect(again.status == 0)
        #expect(Self.shards(stopped) == reference)
    }

    @Test func aCorruptInputFailsAloneAndItsShardIsRedoneOnRerun() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: (0..<10).map { "c\($0 % 2)/i\($0).png" }, height: 24, width: 24)
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).write(to: input.appendingPathComponent("c0/i2.png"))
        let args = ["run", input.path, "-o", out.path, "--stages", "crop(16)", "--pack", "tar", "--shard-size", "4",
                    "--labels", "folder"]
        let first = try PoolPipeBinary.run(args)
        #expect(first.status == 1)
        #expect(first.stderr.contains("c0/i2.png: "), "\(first.stderr)")
        #expect(first.stdout.contains("processed 9, skipped 0, failed 1"))
        let before = Self.shards(out)
        let counted = try RunFixtures.python("""
        import sys, glob, webdataset as wds
        print(sum(1 for _ in wds.WebDataset(sorted(glob.glob(sys.argv[1] + '/shard-*.tar')), shardshuffle=False)))
        """, [out.path])
        #expect(counted.trimmingCharacters(in: .whitespacesAndNewlines) == "9")
        // Sorted: c0/i0 c0/i2 c0/i4 c0/i6 | c0/i8 c1/i1 c1/i3 c1/i5 | c1/i7 c1/i9 — the first shard is redone.
        let second = try PoolPipeBinary.run(args)
        #expect(second.stdout.contains("processed 3, skipped 6, failed 1"), "\(second.stdout)")
        #expect(Self.shards(out) == before)
    }
}
