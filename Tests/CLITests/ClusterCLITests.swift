import Foundation
import Testing

@Suite("poolpipe run/status: shards, resume across manifests, status")
struct ClusterCLITests {
    static let stages = ["--stages", "avg(2)"]
    static let names = (0..<16).map { "d\($0 % 3)/img\($0).png" }

    /// Slurm's variables for task `id` of `--array=min-max[:step]`, the others blanked.
    static func slurm(id: Int, min: Int, max: Int, step: Int = 1) -> [String: String] {
        ["SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "\(min)", "SLURM_ARRAY_TASK_MAX": "\(max)",
         "SLURM_ARRAY_TASK_STEP": "\(step)", "SLURM_ARRAY_TASK_COUNT": "\((max - min) / step + 1)", "JOB_COMPLETION_INDEX": ""]
    }

    @Test func unshardedRerunAndAnotherLayoutSkipWhatShardsDid() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: Self.names, height: 8, width: 8)
        // A stepped array, --array=0-6:2: tasks 0, 2, 4, 6 are shards 0..3 of 4.
        for id in [0, 2, 4, 6] {
            let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--shard", "auto"] + Self.stages,
                                           environment: Self.slurm(id: id, min: 0, max: 6, step: 2))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("--shard auto: shard \(id / 2) of 4 from SLURM_ARRAY_TASK_ID=\(id)"))
        }
        let manifests = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("manifest") }.sorted()
        #expect(manifests == (0..<4).map { "manifest-\($0)-of-4.jsonl" })
        let unsharded = try PoolPipeBinary.run(["run", input.path, "-o", out.path] + Self.stages)
        #expect(unsharded.stdout.contains("processed 0, skipped 16, failed 0"), "\(unsharded.stdout)")
        let three = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--shard", "1/3"] + Self.stages)
        #expect(three.stdout.contains("processed 0, skipped"), "\(three.stdout)")
        // A deleted output is redone by whichever layout runs next, once.
        let victim = "d1/img1.png"
        try FileManager.default.removeItem(at: out.appendingPathComponent(victim))
        let again = try PoolPipeBinary.run(["run", input.path, "-o", out.path] + Self.stages)
        #expect(again.stdout.contains("processed 1, skipped 15, failed 0"), "\(again.stdout)")
        let status = try PoolPipeBinary.run(["status", out.path])
        #expect(status.status == 0, "\(status.stdout)")
        #expect(status.stdout.contains("16 inputs: 16 done, 0 failed, 0 pending (complete; 6 manifests)"), "\(status.stdout)")
    }

    @Test func singleIndexResubmissionWithShardsRedoesThatShard() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: Self.names, height: 8, width: 8)
        // Shards 0, 1 and 3 of 4 ran; shard 2 did not.
        for id in [0, 1, 3] {
            let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--shard", "auto"] + Self.stages,
                                           environment: Self.slurm(id: id, min: 0, max: 3))
            #expect(r.status == 0, "\(r.stderr)")
        }
        let pending = try PoolPipeBinary.run(["status", out.path])
        #expect(pending.status == 3)
        #expect(pending.stdout.contains("not started (no manifest yet): 2/4"), "\(pending.stdout)")
        // sbatch --array=2 with --shards 4: COUNT 1, MIN 2; the task id is the shard index.
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--shard", "auto", "--shards", "4"] + Self.stages,
                                       environment: Self.slurm(id: 2, min: 2, max: 2))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest-2-of-4.jsonl").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest-0-of-1.jsonl").path))
        let done = try PoolPipeBinary.run(["status", out.path, "--json"])
        #expect(done.status == 0, "\(done.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(done.stdout.utf8)) as? [String: Any])
        #expect(json["complete"] as? Bool == true)
        #expect((json["shards"] as? [[String: Any]])?.compactMap { $0["shard"] as? String } == ["0/4", "1/4", "2/4", "3/4"])
        // An out-of-range resubmission is a usage error naming the variable.
        let bad = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--shard", "auto", "--shards", "4"] + Self.stages,
                                         environment: Self.slurm(id: 7, min: 7, max: 7))
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("SLURM_ARRAY_TASK_ID=7 is outside 0..<4"), "\(bad.stderr)")
    }

    @Test func statusOfAnInterruptedRunWithAFailure() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try RunFixtures.writeImages(input, names: ["a.png", "b.png", "c.png"], height: 8, width: 8)
        try Data("not an image".utf8).write(to: input.appendingPathComponent("bad.png"))
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path] + Self.stages)
        #expect(r.status == 1)
        // A run that was killed: its manifest has a run record for 4 inputs and one record.
        let manifest = out.appendingPathComponent("manifest.jsonl")
        let lines = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n")
        let firstOK = try #require(lines.first { $0.contains("\"status\": \"ok\"") })
        let badLine = try #require(lines.first { $0.contains("bad.png") })
        try ([lines[0], firstOK, badLine].joined(separator: "\n") + "\n{\"input\": \"/cut").write(to: manifest, atomically: false, encoding: .utf8)
        let s = try PoolPipeBinary.run(["status", out.path])
        #expect(s.status == 1, "\(s.stdout)")
        #expect(s.stdout.contains("4 inputs: 1 done, 1 failed, 2 pending (incomplete, some inputs failed; 1 manifest)"), "\(s.stdout)")
        #expect(s.stdout.contains("failed inputs:\n  \(input.path)/bad.png: "), "\(s.stdout)")
        // Only the failure left: still exit 1; fixed and rerun: exit 0.
        try FileManager.default.removeItem(at: input.appendingPathComponent("bad.png"))
        let rerun = try PoolPipeBinary.run(["run", input.path, "-o", out.path] + Self.stages)
        #expect(rerun.stdout.contains("processed 2, skipped 1, failed 0"), "\(rerun.stdout)")
        // The complete rerun did not see bad.png: it no longer counts.
        let after = try PoolPipeBinary.run(["status", out.path])
        #expect(after.status == 0, "\(after.stdout)")
        #expect(after.stdout.contains("3 inputs: 3 done, 0 failed, 0 pending (complete; 1 manifest)"), "\(after.stdout)")
        let missing = try PoolPipeBinary.run(["status", tmp.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("is not a folder"))
    }
}
