import Foundation
import Testing

@Suite("poolpipe run: resume, force, shards")
struct RunResumeCLITests {
    @Test func secondRunSkipsEverythingAndForceRedoes() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: ["a.png", "b.png", "s/c.jpg"])
        let args = ["run", input.path, "-o", out.path, "--stages", "avg(2) | max(2)"]
        let first = try PoolPipeBinary.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("processed 3, skipped 0, failed 0"))
        let second = try PoolPipeBinary.run(args)
        #expect(second.status == 0)
        #expect(second.stdout.contains("processed 0, skipped 3, failed 0"))
        let manifest = out.appendingPathComponent("manifest.jsonl")
        let runs = try RunFixtures.manifest(manifest).filter { $0["run"] != nil }
        #expect(runs.count == 2)   // runs append
        #expect(try RunFixtures.lastRecords(manifest).values.allSatisfy { $0["status"] as? String == "skipped" })

        let forced = try PoolPipeBinary.run(args + ["--force"])
        #expect(forced.stdout.contains("processed 3, skipped 0, failed 0"))

        // A changed stage list, a touched input, or a deleted output is redone.
        let other = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"])
        #expect(other.stdout.contains("processed 3, skipped 0"))
        let otherAgain = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"])
        #expect(otherAgain.stdout.contains("processed 0, skipped 3"))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)],
                                              ofItemAtPath: input.appendingPathComponent("a.png").path)
        try FileManager.default.removeItem(at: out.appendingPathComponent("s/c.jpg"))
        let partial = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"])
        #expect(partial.stdout.contains("processed 2, skipped 1, failed 0"))
    }

    @Test func fourShardsPartitionTheInputsAndMatchTheUnshardedRun() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in")
        let names = (0..<24).map { "d\($0 % 3)/img\($0).png" }
        try RunFixtures.writeImages(input, names: names, height: 8, width: 8)
        let whole = tmp.appendingPathComponent("whole"), sharded = tmp.appendingPathComponent("sharded")
        let stages = ["--stages", "avg(2)"]
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", whole.path] + stages).status == 0)
        var seen: [String] = []
        for k in 0..<4 {
            let r = try PoolPipeBinary.run(["run", input.path, "-o", sharded.path, "--shard", "\(k)/4"] + stages)
            #expect(r.status == 0, "\(r.stderr)")
            let m = sharded.appendingPathComponent("manifest-\(k)-of-4.jsonl")
            let inputs = try RunFixtures.lastRecords(m).keys.map { String($0.dropFirst(input.path.count + 1)) }
            // Each shard holds exactly the inputs whose FNV-1a(relative path) mod 4 is k.
            let expected = try RunFixtures.python("""
            import sys
            def fnv(s):
                h = 0xcbf29ce484222325
                for b in s.encode():
                    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
                return h
            print("\\n".join(sorted(n for n in sys.argv[2:] if fnv(n) % 4 == int(sys.argv[1]))))
            """, [String(k)] + names)
            #expect(inputs.sorted().joined(separator: "\n") == expected.trimmingCharacters(in: .newlines))
            seen += inputs
        }
        #expect(seen.sorted() == names.sorted())
        let wholeFiles = RunFixtures.files(whole).filter { $0.hasSuffix(".png") }
        #expect(RunFixtures.files(sharded).filter { $0.hasSuffix(".png") } == wholeFiles)
        for f in wholeFiles {
            #expect(RunFixtures.bytes(whole.appendingPathComponent(f)) == RunFixtures.bytes(sharded.appendingPathComponent(f)), "\(f)")
        }
    }

    @Test func shardAutoReadsSlurmAndKubernetesVariables() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in")
        try RunFixtures.writeImages(input, names: ["a.png"])
        let slurm = ["SLURM_ARRAY_TASK_ID": "12", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "3", "JOB_COMPLETION_INDEX": ""]
        let r = try PoolPipeBinary.run(["run", input.path, "-o", tmp.appendingPathComponent("o1").path, "--stages", "avg(2)", "--shard", "auto"], environment: slurm)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("o1/manifest-2-of-3.jsonl").path))
        let k8s = ["SLURM_ARRAY_TASK_ID": "", "SLURM_ARRAY_TASK_COUNT": "", "JOB_COMPLETION_INDEX": "1"]
        let r2 = try PoolPipeBinary.run(["run", input.path, "-o", tmp.appendingPathComponent("o2").path, "--stages", "avg(2)",
                                         "--shard", "auto", "--shards", "5"], environment: k8s)
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("o2/manifest-1-of-5.jsonl").path))
        let r3 = try PoolPipeBinary.run(["run", input.path, "-o", tmp.appendingPathComponent("o3").path, "--stages", "avg(2)",
                                         "--shard", "auto"], environment: k8s)
        #expect(r3.status == 2)
        #expect(r3.stderr.contains("--shards"))
    }
}
