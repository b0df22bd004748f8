import Foundation

/// The result of running the built `poolpipe` binary.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// True when the process ended by a signal rather than exit().
    var signalled: Bool
}

/// Locates the `poolpipe` executable that `swift test` built beside the test bundle.
enum PoolPipeBinary {
    static let url: URL = {
        if let env = ProcessInfo.processInfo.environment["POOLPIPE_BIN"] {
            return URL(fileURLWithPath: env)
        }
        // The xctest bundle lives in the build products folder, beside the executables.
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("poolpipe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            for b in Bundle.allBundles {
                let c = b.bundleURL.deletingLastPathComponent().appendingPathComponent("poolpipe")
                if FileManager.default.isExecutableFile(atPath: c.path) { return c }
            }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("poolpipe")
    }()

    /// Runs `poolpipe` with `arguments`, waits, and returns its status and output.
    @discardableResult
    static func run(_ arguments: [String], cwd: URL? = nil,
                    environment: [String: String]? = nil) throws -> ProcessResult {
        try runProcess(url, arguments, cwd: cwd, environment: environment)
    }

    /// Starts `poolpipe run input -o out extra...` with its output discarded and returns once
    /// the manifest in `out` holds at least `records` input records, the run ended, or two
    /// minutes passed. The caller signals or waits for the returned process.
    static func startRun(_ input: URL, _ out: URL, _ extra: [String], records: Int) throws -> Process {
        let p = Process()
        p.executableURL = url
        p.arguments = ["run", input.path, "-o", out.path] + extra
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        waitForRecords(in: out, records, while: p)
        return p
    }

    /// Returns once the manifest in `out` holds at least `records` input records, `process`
    /// ended, or two minutes passed (polling every few milliseconds).
    static func waitForRecords(in out: URL, _ records: Int, while process: Process) {
        let manifest = out.appendingPathComponent("manifest.jsonl")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && process.isRunning {
            let text = (try? String(contentsOf: manifest, encoding: .utf8)) ?? ""
            if text.components(separatedBy: "\"input\": ").count - 1 >= records { break }
            usleep(2_000)
        }
    }
}

/// Runs `executable` with `arguments` (stdin empty), waits, and returns its status and output.
/// Precondition: `executable` is an executable file (use `/usr/bin/env` to look a tool up on PATH).
@discardableResult
func runProcess(_ executable: URL, _ arguments: [String], cwd: URL? = nil,
                environment: [String: String]? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    if let cwd { p.currentDirectoryURL = cwd }
    if let environment {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
    }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // Read both pipes concurrently so a chatty child never blocks on a full pipe.
    let errReader = PipeReader(err.fileHandleForReading)
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = errReader.wait()
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self),
                         signalled: p.terminationReason == .uncaughtSignal)
}

/// A fresh temporary folder, removed by the caller with `try? FileManager.default.removeItem`.
func makeTemporaryDirectory(_ label: String = "poolpipe-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
