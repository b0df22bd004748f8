import Foundation
import Testing

@Suite("poolpipe run: interruption and crashes", .serialized)
struct RunInterruptCLITests {
    static let count = 160

    /// A folder of images slow enough to interrupt: `count` 96×96 PNGs through a median stage.
    static func makeInputs(_ tmp: URL) throws -> URL {
        let input = tmp.appendingPathComponent("in")
        try RunFixtures.writeImages(input, names: (0..<count).map { String(format: "s%d/i%03d.png", $0 % 4, $0) },
                                    height: 96, width: 96)
        return input
    }

    static let stages = ["--stages", "median(3, stride=1) | median(3, stride=1) | avg(2)", "--jobs", "1"]

    /// Starts `poolpipe run` and waits until its manifest holds at least `records` input records.
    static func startAndWait(_ input: URL, _ out: URL, records: Int) throws -> Process {
        try PoolPipeBinary.startRun(input, out, stages, records: records)
    }

    /// Final output files (hidden temporaries excluded).
    static func outputs(_ out: URL) -> [String] {
        RunFixtures.files(out).filter { $0.hasSuffix(".png") && !($0 as NSString).lastPathComponent.hasPrefix(".") }
    }

    static func temporaries(_ out: URL) -> [String] {
        RunFixtures.files(out).filter { ($0 as NSString).lastPathComponent.contains(".tmp-") }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalFinishesInFlightWorkRecordsItAndExits130(signal: Int32) throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try Self.makeInputs(tmp), out = tmp.appendingPathComponent("out")
        let p = try Self.startAndWait(input, out, records: 3)
        #expect(p.isRunning, "the run ended before it could be interrupted")
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 130)
        let last = try RunFixtures.lastRecords(out.appendingPathComponent("manifest.jsonl"))
        let ok = last.values.filter { $0["status"] as? String == "ok" }
        #expect(ok.count >= 3 && ok.count < Self.count)
        // What the manifest calls done is on disk, and nothing else is.
        #expect(Self.outputs(out).count == ok.count)
        for r in ok { #expect(FileManager.default.fileExists(atPath: r["output"] as? String ?? "")) }
        #expect(Self.temporaries(out).isEmpty)
        // A rerun completes the set without redoing the finished ones.
        let again = try PoolPipeBinary.run(["run", input.path, "-o", out.path] + Self.stages)
        #expect(again.status == 0)
        #expect(again.stdout.contains("processed \(Self.count - ok.count), skipped \(ok.count), failed 0"))
        #expect(Self.outputs(out).count == Self.count)
    }

    @Test func kill9LeavesNoPartialFileAndARerunCompletesTheSet() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try Self.makeInputs(tmp), out = tmp.appendingPathComponent("out")
        let p = try Self.startAndWait(input, out, records: 5)
        #expect(p.isRunning, "the run ended before it could be killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        let survivors = Self.outputs(out)
        #expect(survivors.count >= 5 && survivors.count < Self.count)
        let before = Dictionary(uniqueKeysWithValues: survivors.map { ($0, RunFixtures.bytes(out.appendingPathComponent($0))) })
        let again = try PoolPipeBinary.run(["run", input.path, "-o", out.path] + Self.stages)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Self.outputs(out).count == Self.count)
        #expect(Self.temporaries(out).isEmpty, "the rerun sweeps the killed run's temporaries")
        // Every file that was at a final path after the kill was complete: identical to the
        // file a finished run leaves there (encoding is deterministic).
        for (name, data) in before {
            #expect(data == RunFixtures.bytes(out.appendingPathComponent(name)), "\(name) was partial")
        }
        let verify = try RunFixtures.python("""
        import sys, glob
        from PIL import Image
        files = glob.glob(sys.argv[1] + '/**/*.png', recursive=True)
        for f in files: Image.open(f).load()
        print(len(files))
        """, [out.path])
        #expect(verify.trimmingCharacters(in: .whitespacesAndNewlines) == String(Self.count))
    }
}
