import Foundation
import Testing

/// The cluster recipes in Examples/, run outside a scheduler with the variables it would set
/// (the Slurm recipe with an `srun` that only runs its command). `make test-cluster` runs the
/// Slurm recipe on a real Slurm.
@Suite("Examples: the Slurm and Kubernetes recipes")
struct ClusterRecipeCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let names = (0..<12).map { "c\($0 % 2)/img\($0).\($0 % 3 == 0 ? "jpg" : "png")" }

    /// Runs `executable` with `arguments` and `environment` added to (or, for empty values,
    /// removed from) this process's; returns its status and stderr.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM_") && !$0.key.hasPrefix("POOLPIPE") }
        for (k, v) in environment { env[k] = v.isEmpty ? nil : v }
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The output files under `root` (manifests left out) and their bytes.
    static func outputs(_ root: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        for f in RunFixtures.files(root) where !f.hasPrefix("manifest") {
            result[f] = RunFixtures.bytes(root.appendingPathComponent(f))
        }
        return result
    }

    @Test func slurmRecipeTasksOfASteppedArrayEqualAnUnshardedRun() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: Self.names, height: 12, width: 10)
        let bin = tmp.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let srun = bin.appendingPathComponent("srun")
        try "#!/bin/bash\nwhile [[ $1 == --* ]]; do shift; done\nexec \"$@\"\n".write(to: srun, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: srun.path)
        let recipe = Self.repository.appendingPathComponent("Examples/slurm/poolpipe-array.sbatch").path
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let stages = "avg(2) | max(2, ceil=true)"
        // --array=1-5:2: tasks 1, 3, 5 are shards 0, 1, 2 of 3.
        for id in [1, 3, 5] {
            let env = ["PATH": path, "POOLPIPE": PoolPipeBinary.url.path, "POOLPIPE_STAGES": stages, "POOLPIPE_FORMAT": "png",
                       "SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "5",
                       "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_CPUS_PER_TASK": "2"]
            let (status, stderr) = try Self.run("/bin/bash", [recipe, input.path, out.path], environment: env)
            #expect(status == 0, "\(stderr)")
            #expect(stderr.contains("shard \((id - 1) / 2) of 3"), "\(stderr)")
        }
        let reference = tmp.appendingPathComponent("reference")
        let r = try PoolPipeBinary.run(["run", input.path, "-o", reference.path, "--stages", stages, "--format", "png"])
        #expect(r.status == 0, "\(r.stderr)")
        let want = Self.outputs(reference)
        #expect(want.count == Self.names.count)
        #expect(Self.outputs(out) == want)
        #expect(try PoolPipeBinary.run(["status", out.path]).status == 0)

        // A binary that is not there: a clear message and exit 2 before anything runs.
        let (status, stderr) = try Self.run("/bin/bash", [recipe, input.path, tmp.appendingPathComponent("o2").path],
                                            environment: ["PATH": path, "POOLPIPE": "/nonexistent/poolpipe",
                                                          "SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "1"])
        #expect(status == 2)
        #expect(stderr.contains("export POOLPIPE=/path/to/poolpipe"), "\(stderr)")
    }

    @Test func kubernetesIndexedJobPodsEqualAnUnshardedRun() throws {
        let yaml = try String(contentsOf: Self.repository.appendingPathComponent("Examples/kubernetes/poolpipe-indexed-job.yaml"), encoding: .utf8)
        // The container's args: the "- value" lines under "args:", comments and quotes dropped.
        var args: [String] = []
        var inArgs = false
        var completions: Int?
        for raw in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            let code = line.components(separatedBy: "  #")[0].trimmingCharacters(in: .whitespaces)
            if code.hasPrefix("completions:") { completions = Int(code.dropFirst("completions:".count).trimmingCharacters(in: .whitespaces)) }
            if code == "args:" { inArgs = true; continue }
            guard inArgs else { continue }
            guard code.hasPrefix("- ") else { break }
            var value = String(code.dropFirst(2))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            args.append(value)
        }
        let n = try #require(completions)
        let shardsAt = try #require(args.firstIndex(of: "--shards"))
        #expect(args[shardsAt + 1] == "\(n)", "--shards must equal completions")
        #expect(args.first == "run" && args.contains("auto"))

        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: Self.names, height: 20, width: 16)
        let podArgs = args.map { $0 == "/data/dataset" ? input.path : $0 == "/data/out" ? out.path : $0 }
        for k in 0..<n {
            let r = try PoolPipeBinary.run(podArgs, environment: ["JOB_COMPLETION_INDEX": "\(k)", "SLURM_ARRAY_TASK_ID": ""])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let stages = args[try #require(args.firstIndex(of: "--stages")) + 1]
        let format = args[try #require(args.firstIndex(of: "--format")) + 1]
        let reference = tmp.appendingPathComponent("reference")
        let r = try PoolPipeBinary.run(["run", input.path, "-o", reference.path, "--stages", stages, "--format", format])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.outputs(out) == Self.outputs(reference))
        let status = try PoolPipeBinary.run(["status", out.path])
        #expect(status.status == 0, "\(status.stdout)")
        #expect(status.stdout.contains("\(Self.names.count) inputs: \(Self.names.count) done"), "\(status.stdout)")
    }
}
