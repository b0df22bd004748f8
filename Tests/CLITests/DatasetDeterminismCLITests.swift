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
        let p = Process()
        p.executableURL = PoolPipeBinary.url
        p.arguments = ["run", input.path, "-o", killed.path, "--jobs", "2"] + Self.args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let manifest = killed.appendingPathComponent("manifest.jsonl")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && p.isRunning {
            let text = (try? String(contentsOf: manifest, encoding: .utf8)) ?? ""
            if text.components(separatedBy: "\"input\": ").count - 1 >= 16 { break }
            usleep(2_000)
        }
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
}
