import Foundation
import Testing

/// `poolpipe run` over the corpus `tools/make_corrupt_corpus.py` generates from the sample
/// images (truncations, byte flips, bad CRCs, empty and random files, giant sizes, bombs,
/// good files under the wrong extension). PRODUCT.md §3: a corrupt input never crashes,
/// hangs or leaves a file behind, and each one gets exactly one `poolpipe: error: PATH:
/// reason` line.
@Suite("poolpipe run over a corrupt-file corpus")
struct CorruptCorpusCLITests {
    /// One corpus file and what its corruption guarantees (see the generator's docstring).
    struct Entry: Decodable {
        var file: String
        var kind: String
        var expect: String  // "fail", "ok" or "any"
        var reason: String?
        var stem: String { (file as NSString).deletingPathExtension }
    }

    /// Generates the corpus into `dir` and returns its entries.
    static func makeCorpus(_ dir: URL) throws -> [Entry] {
        let script = repositoryRoot.appendingPathComponent("tools/make_corrupt_corpus.py").path
        let r = try MeasuredRun.run(["python3", script, dir.path])
        guard r.status == 0 else { throw CorpusError.generatorFailed(r.stderr) }
        let data = try Data(contentsOf: dir.appendingPathComponent("expected.json"))
        return try JSONDecoder().decode([Entry].self, from: data)
    }

    enum CorpusError: Error, CustomStringConvertible {
        case generatorFailed(String)
        var description: String {
            switch self { case .generatorFailed(let e): return "make_corrupt_corpus.py failed: \(e)" }
        }
    }

    /// The `PATH: reason` of every `poolpipe: error:` line, keyed by the file name of PATH.
    static func errorLines(_ stderr: String) -> (byFile: [String: [String]], other: [String]) {
        var byFile: [String: [String]] = [:], other: [String] = []
        for line in stderr.split(separator: "\n").map(String.init) where line.hasPrefix("poolpipe: error: ") {
            let rest = line.dropFirst("poolpipe: error: ".count)
            guard let range = rest.range(of: ": ") else { other.append(line); continue }
            let path = String(rest[..<range.lowerBound])
            byFile[(path as NSString).lastPathComponent, default: []].append(String(rest[range.upperBound...]))
        }
        return (byFile, other)
    }

    /// Every file under `root`, relative, sorted.
    static func files(_ root: URL) -> [String] {
        let e = FileManager.default.enumerator(atPath: root.path)
        var out: [String] = []
        while let f = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(f).path, isDirectory: &isDir), !isDir.boolValue {
                out.append(f)
            }
        }
        return out.sorted()
    }

    @Test func everyBadFileFailsCleanlyAndTheGoodOnesAreWritten() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-corrupt")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corpus = tmp.appendingPathComponent("corpus"), out = tmp.appendingPathComponent("out")
        let entries = try Self.makeCorpus(corpus)
        #expect(entries.count > 250)

        let r = try MeasuredRun.run([PoolPipeBinary.url.path, "run", corpus.appendingPathComponent("inputs").path,
                                     "-o", out.path, "--stages", "avg(2)", "--format", "npy", "--jobs", "2"])
        #expect(!r.signalled && !r.timedOut, "poolpipe died from a signal or hung: \(r.stderr.suffix(2000))")
        #expect(r.status == 1, "\(r.stderr.suffix(2000))")
        #expect(r.seconds < 120, "the run took \(r.seconds) s")
        #expect(r.maxRSSKiB < 1_048_576, "peak memory \(r.maxRSSKiB) KiB")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("AddressSanitizer"))

        let (byFile, other) = Self.errorLines(r.stderr)
        #expect(other.isEmpty, "error lines without a path: \(other)")
        let names = Set(entries.map(\.file))
        #expect(Set(byFile.keys).isSubset(of: names), "errors for unknown files: \(Set(byFile.keys).subtracting(names))")
        let written = Set(Self.files(out))
        var failed = 0
        for e in entries {
            let errors = byFile[e.file] ?? []
            let output = e.stem + ".npy"
            #expect(errors.count <= 1, "\(e.file) (\(e.kind)): \(errors.count) error lines")
            if !errors.isEmpty { failed += 1 }
            switch e.expect {
            case "fail":
                #expect(errors.count == 1, "\(e.file) (\(e.kind)) should fail with one error line")
                if let reason = errors.first, let pattern = e.reason {
                    #expect(reason.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil,
                            "\(e.file) (\(e.kind)): reason '\(reason)' does not match /\(pattern)/")
                }
                #expect(!written.contains(output), "\(e.file) failed but \(output) was written")
            case "ok":
                #expect(errors.isEmpty, "\(e.file) (\(e.kind)) should decode: \(errors)")
                #expect(written.contains(output), "\(e.file) (\(e.kind)): no \(output)")
            default:
                #expect(errors.isEmpty == written.contains(output),
                        "\(e.file) (\(e.kind)): errors \(errors), output written \(written.contains(output))")
            }
        }
        #expect(r.stdout.contains("failed \(failed) in "), "\(r.stdout)")
        // Nothing but outputs and the manifest; no temporary left behind.
        let stems = Set(entries.map(\.stem))
        for f in written where f != "manifest.jsonl" {
            #expect(f.hasSuffix(".npy") && stems.contains(String(f.dropLast(4))), "unexpected file \(f) in OUT")
        }
        #expect(!written.contains { $0.contains(".tmp-") })
        // Every good output is a real float32 array numpy can load.
        let goods = entries.filter { $0.expect == "ok" }.map { out.appendingPathComponent($0.stem + ".npy").path }
        let check = try MeasuredRun.run(["python3", "-c", """
        import sys, numpy as np
        print(all(np.load(p).dtype == np.float32 and np.load(p).ndim == 3 for p in sys.argv[1:]))
        """] + goods)
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "\(check.stderr)")
    }

    @Test func allowTruncatedStillRejectsWhatIsNotTruncation() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-corrupt")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corpus = tmp.appendingPathComponent("corpus"), out = tmp.appendingPathComponent("out")
        let entries = try Self.makeCorpus(corpus)
        let r = try MeasuredRun.run([PoolPipeBinary.url.path, "run", corpus.appendingPathComponent("inputs").path,
                                     "-o", out.path, "--stages", "max(2)", "--format", "npy", "--jobs", "2",
                                     "--allow-truncated"])
        #expect(!r.signalled, "poolpipe died from a signal: \(r.stderr.suffix(2000))")
        #expect(r.status == 1)
        #expect(r.seconds < 120, "the run took \(r.seconds) s")
        #expect(r.maxRSSKiB < 1_048_576, "peak memory \(r.maxRSSKiB) KiB")
        let (byFile, other) = Self.errorLines(r.stderr)
        #expect(other.isEmpty)
        let written = Set(Self.files(out))
        // Truncation may now succeed; CRC damage, wrong signatures, empty files, giant sizes,
        // bad .npy headers and bombs must still fail.
        let stillFatal = ["bad CRC", "signature byte flip", "SOI byte flip", "zero-size file", "random bytes",
                          "giant IHDR size", "giant SOF size", "bad .npy header", "IHDR byte flip, stale CRC",
                          "IDAT byte flip, stale CRC", "1500 progressive scans"]
        for e in entries {
            let errors = byFile[e.file] ?? []
            #expect(errors.count <= 1, "\(e.file): \(errors)")
            #expect(errors.isEmpty == written.contains(e.stem + ".npy"), "\(e.file): \(errors)")
            if stillFatal.contains(e.kind) { #expect(errors.count == 1, "\(e.file) (\(e.kind)) should still fail") }
            if e.expect == "ok" { #expect(errors.isEmpty, "\(e.file): \(errors)") }
        }
        #expect(!written.contains { $0.contains(".tmp-") })
    }
}

/// Runs a command through a small Python wrapper that reports the child's exit status,
/// whether a signal ended it, its wall time and its peak resident memory (ru_maxrss of
/// RUSAGE_CHILDREN, which only that one child contributes to).
enum MeasuredRun {
    struct Result {
        var status: Int32
        var signalled: Bool
        /// Killed after the timeout: the command hung.
        var timedOut: Bool
        var seconds: Double
        var maxRSSKiB: Int
        var stdout: String
        var stderr: String
    }

    private static let wrapper = """
    import json, resource, subprocess, sys, time
    t = time.monotonic()
    try:
        code = subprocess.run(sys.argv[3:], stdin=subprocess.DEVNULL, timeout=float(sys.argv[2])).returncode
    except subprocess.TimeoutExpired:
        code = "timeout"
    stats = {"status": code, "seconds": time.monotonic() - t,
             "maxrss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}
    open(sys.argv[1], "w").write(json.dumps(stats))
    """

    /// Runs `arguments` (the executable first) with `cwd` as working folder. A child still
    /// running after `timeout` seconds is killed and reported as `timedOut` (a hang).
    static func run(_ arguments: [String], cwd: URL? = nil, timeout: Double = 300) throws -> Result {
        let statsFile = FileManager.default.temporaryDirectory.appendingPathComponent("poolpipe-stats-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: statsFile) }
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                               ["python3", "-c", wrapper, statsFile.path, String(timeout)] + arguments, cwd: cwd)
        let stats = (try? JSONSerialization.jsonObject(with: Data(contentsOf: statsFile))) as? [String: Any] ?? [:]
        let timedOut = stats["status"] as? String == "timeout"
        let code = (stats["status"] as? Int) ?? -255
        return Result(status: Int32(code < 0 ? 128 - code : code), signalled: code < 0, timedOut: timedOut,
                      seconds: (stats["seconds"] as? Double) ?? .infinity,
                      maxRSSKiB: (stats["maxrss"] as? Int) ?? Int.max,
                      stdout: r.stdout, stderr: r.stderr)
    }
}

/// The stage-language fuzzer's seeds and kept findings (`fuzz/seeds/stage`,
/// `fuzz/regressions/stage`) replayed through `poolpipe plan`: each is planned or rejected
/// with a usage error, never a trap or a hang.
@Suite("Stage-language fuzz regressions through poolpipe plan")
struct StageFuzzRegressionCLITests {
    static func texts() -> [(name: String, text: String)] {
        var out: [(String, String)] = []
        for dir in ["fuzz/seeds/stage", "fuzz/regressions/stage"] {
            let url = repositoryRoot.appendingPathComponent(dir)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                if let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) {
                    out.append((dir + "/" + name, String(decoding: data, as: UTF8.self)))
                }
            }
        }
        return out
    }

    @Test func everyKeptInputIsPlannedOrRejected() throws {
        let texts = Self.texts()
        #expect(texts.count >= 10)
        for (name, text) in texts {
            let r = try MeasuredRun.run([PoolPipeBinary.url.path, "plan", "--stages", text, "--size", "64x48"], timeout: 60)
            #expect(!r.signalled && !r.timedOut, "\(name): trapped or hung")
            #expect(r.status == 0 || r.status == 2, "\(name): exit \(r.status)")
            if r.status == 2 { #expect(r.stderr.hasPrefix("poolpipe: error: "), "\(name): \(r.stderr)") }
        }
    }

    /// `max(22, 9223372036854775807)` (stride 2^63−1) trapped on Int overflow while planning.
    @Test func hugeSizeArgumentsAreRejected() throws {
        for spec in ["max(22, 9223372036854775807)", "avg(2, stride=2, padding=4611686018427387904)",
                     "max(3, dilation=9223372036854775807)", "adaptive_avg(99999999999x2)"] {
            let r = try MeasuredRun.run([PoolPipeBinary.url.path, "plan", "--stages", spec, "--size", "64x48"], timeout: 60)
            #expect(!r.signalled && !r.timedOut, "\(spec)")
            #expect(r.status == 2, "\(spec): \(r.stderr)")
            #expect(r.stderr.contains("must be at most 16777216"), "\(spec): \(r.stderr)")
        }
    }

    /// A stage that never shrinks, repeated 10^9 times, made `plan` loop and fill memory.
    @Test func repeatIsBounded() throws {
        let spec = "max(3, stride=1, padding=1, repeat=1000000000)"
        let r = try MeasuredRun.run([PoolPipeBinary.url.path, "plan", "--stages", spec, "--size", "8x8"], timeout: 60)
        #expect(!r.timedOut)
        #expect(r.status == 2)
        #expect(r.stderr.contains("repeat must be at most 10000"), "\(r.stderr)")
        let ok = try MeasuredRun.run([PoolPipeBinary.url.path, "plan", "--stages", "max(3, stride=1, padding=1, repeat=10000)",
                                      "--size", "8x8"], timeout: 60)
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}
