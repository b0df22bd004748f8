import Foundation
import Testing

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
        PoolPipeBinary.waitForRecords(in: out, 3, while: p)
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
        PoolPipeBinary.waitForRecords(in: out, 2, while: p)
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
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "tools/install-deps.sh installs bsdutils")
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
        PoolPipeBinary.waitForRecords(in: out, 3, while: p)
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
