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
        let p = Process()
        p.executableURL = PoolPipeBinary.url
        p.arguments = ["run", input.path, "-o", out.path] + stages
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let manifest = out.appendingPathComponent("manifest.jsonl")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && p.isRunning {
            let text = (try? String(contentsOf: manifest, encoding: .utf8)) ?? ""
            if text.components(separatedBy: "\"input\": ").count - 1 >= records { break }
            usleep(5_000)
        }
        return p
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

@Suite("poolpipe run: what an interrupt says", .serialized)
struct InterruptMessageCLITests {
    /// One line on stderr says how many images in flight are being finished; the closing line
    /// also counts the inputs never started, and the counts add up to the inputs.
    @Test func theFirstInterruptSaysWhatIsBeingFinished() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try RunInterruptCLITests.makeInputs(tmp), out = tmp.appendingPathComponent("out")
        let p = Process()
        p.executableURL = PoolPipeBinary.url
        p.arguments = ["run", input.path, "-o", out.path] + RunInterruptCLITests.stages
        let stdout = Pipe(), stderr = Pipe()
        p.standardOutput = stdout
        p.standardError = stderr
        try p.run()
        let manifest = out.appendingPathComponent("manifest.jsonl")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && p.isRunning {
            let text = (try? String(contentsOf: manifest, encoding: .utf8)) ?? ""
            if text.components(separatedBy: "\"input\": ").count - 1 >= 3 { break }
            usleep(5_000)
        }
        #expect(p.isRunning, "the run ended before it could be interrupted")
        kill(p.processIdentifier, SIGINT)
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let outText = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let lines = err.split(separator: "\n").map(String.init)
        // With --jobs 1 one image is in flight (none if the signal falls between two images).
        #expect(["poolpipe: interrupted: finishing 1 image in flight, starting no more (interrupt again to abort them)",
                 "poolpipe: interrupted: finishing 0 images in flight, starting no more (interrupt again to abort them)"]
                .contains(lines.first ?? ""), "\(err)")
        #expect(lines.count == 2 && lines.last?.hasPrefix("poolpipe: interrupted; finished inputs are recorded in ") == true)
        // processed P, skipped 0, failed 0 in T s, not started U, with P + U = count.
        let closing = try #require(outText.split(separator: "\n").last.map(String.init))
        let numbers = closing.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(closing.hasPrefix("processed ") && closing.contains(" s, not started "), "\(closing)")
        if numbers.count >= 5 {
            #expect(numbers[0] + numbers[1] + numbers[2] + numbers[numbers.count - 1] == RunInterruptCLITests.count, "\(closing)")
            #expect(numbers[numbers.count - 1] > 0)
        }
    }

    /// A second interrupt aborts the images in flight at once and leaves no partial file.
    @Test func aSecondInterruptAbortsLeavingNoPartialFile() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try RunInterruptCLITests.makeInputs(tmp), out = tmp.appendingPathComponent("out")
        let p = Process()
        p.executableURL = PoolPipeBinary.url
        p.arguments = ["run", input.path, "-o", out.path, "--jobs", "2",
                       "--stages", "median(3, stride=1) | median(3, stride=1) | median(3, stride=1) | avg(2)"]
        let stderr = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = stderr
        try p.run()
        let manifest = out.appendingPathComponent("manifest.jsonl")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && p.isRunning {
            let text = (try? String(contentsOf: manifest, encoding: .utf8)) ?? ""
            if text.components(separatedBy: "\"input\": ").count - 1 >= 2 { break }
            usleep(5_000)
        }
        #expect(p.isRunning, "the run ended before it could be interrupted")
        kill(p.processIdentifier, SIGINT)
        usleep(20_000)
        kill(p.processIdentifier, SIGINT)
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let lines = err.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("poolpipe: interrupted: finishing ") == true, "\(err)")
        #expect(lines.contains { $0.hasPrefix("poolpipe: interrupted again: aborting ") && $0.hasSuffix(" in flight; no partial file is left") }
                || lines.contains { $0.hasPrefix("poolpipe: interrupted; finished inputs are recorded in ") }, "\(err)")
        #expect(RunInterruptCLITests.temporaries(out).isEmpty)
        // Every final output is complete: a rerun leaves the survivors' bytes unchanged.
        let survivors = RunInterruptCLITests.outputs(out)
        let before = Dictionary(uniqueKeysWithValues: survivors.map { ($0, RunFixtures.bytes(out.appendingPathComponent($0))) })
        let again = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--force", "--jobs", "2",
                                            "--stages", "median(3, stride=1) | median(3, stride=1) | median(3, stride=1) | avg(2)"])
        #expect(again.status == 0)
        for (name, data) in before { #expect(data == RunFixtures.bytes(out.appendingPathComponent(name)), "\(name) was partial") }
    }

    /// On a terminal (a pseudo-terminal from `script`), the progress bar stops redrawing
    /// after the first interrupt: nothing is drawn after the "finishing" line.
    @Test func theProgressBarStopsAfterTheFirstInterrupt() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try RunInterruptCLITests.makeInputs(tmp), out = tmp.appendingPathComponent("out")
        let command = ([PoolPipeBinary.url.path, "run", input.path, "-o", out.path] + RunInterruptCLITests.stages)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qfec", "exec " + command, "/dev/null"]
        let output = Pipe()
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let manifest = out.appendingPathComponent("manifest.jsonl")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && p.isRunning {
            let text = (try? String(contentsOf: manifest, encoding: .utf8)) ?? ""
            if text.components(separatedBy: "\"input\": ").count - 1 >= 3 { break }
            usleep(5_000)
        }
        // The child of `script` is poolpipe itself (exec).
        let pgrep = Process()
        pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        pgrep.arguments = ["-P", String(p.processIdentifier)]
        let pids = Pipe()
        pgrep.standardOutput = pids
        try pgrep.run()
        pgrep.waitUntilExit()
        let child = Int32(String(decoding: pids.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").first.map(String.init) ?? "") ?? 0
        #expect(child > 0 && p.isRunning, "the run ended before it could be interrupted")
        if child > 0 { kill(child, SIGINT) }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let parts = text.components(separatedBy: "poolpipe: interrupted: finishing ")
        #expect(parts.count == 2, "\(text.suffix(400))")
        #expect(parts[0].contains("img/s"), "a bar was drawn before the interrupt")
        #expect(!(parts.last ?? "").contains("img/s"), "the bar was redrawn after the interrupt: \(parts.last ?? "")")
    }
}
