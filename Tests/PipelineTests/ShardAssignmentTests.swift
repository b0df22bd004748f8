import Testing
@testable import Pipeline

/// One scheduler environment and the shard `--shard auto` must take from it.
struct AutoShardCase: CustomTestStringConvertible, Sendable {
    var env: [String: String]
    var shards: Int?
    var k: Int
    var n: Int
    var testDescription: String { "\(env.sorted { $0.key < $1.key }) --shards \(shards.map(String.init) ?? "-") → \(k)/\(n)" }
}

/// Slurm's variables for task `id` of `--array=min-max[:step]` (what sbatch sets).
func slurmArray(id: Int, min: Int, max: Int, step: Int = 1) -> [String: String] {
    ["SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "\(min)", "SLURM_ARRAY_TASK_MAX": "\(max)",
     "SLURM_ARRAY_TASK_STEP": "\(step)", "SLURM_ARRAY_TASK_COUNT": "\((max - min) / step + 1)"]
}

@Suite("--shard auto: shard arithmetic")
struct ShardAssignmentTests {
    static let cases: [AutoShardCase] = [
        // --array=0-3: K = ID.
        AutoShardCase(env: slurmArray(id: 0, min: 0, max: 3), k: 0, n: 4),
        AutoShardCase(env: slurmArray(id: 3, min: 0, max: 3), k: 3, n: 4),
        // A non-zero start, --array=5-8: K = ID − MIN.
        AutoShardCase(env: slurmArray(id: 5, min: 5, max: 8), k: 0, n: 4),
        AutoShardCase(env: slurmArray(id: 7, min: 5, max: 8), k: 2, n: 4),
        // A stepped array, --array=0-6:2 (COUNT 4): K = (ID − MIN) / STEP.
        AutoShardCase(env: slurmArray(id: 0, min: 0, max: 6, step: 2), k: 0, n: 4),
        AutoShardCase(env: slurmArray(id: 4, min: 0, max: 6, step: 2), k: 2, n: 4),
        AutoShardCase(env: slurmArray(id: 6, min: 0, max: 6, step: 2), k: 3, n: 4),
        // Offset and stepped, --array=3-15:4 (ids 3, 7, 11, 15).
        AutoShardCase(env: slurmArray(id: 11, min: 3, max: 15, step: 4), k: 2, n: 4),
        // Older Slurm without MIN/STEP/MAX: K = ID.
        AutoShardCase(env: ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"], k: 1, n: 3),
        // --shards N equal to the array's size: the same arithmetic.
        AutoShardCase(env: slurmArray(id: 6, min: 0, max: 6, step: 2), shards: 4, k: 3, n: 4),
        AutoShardCase(env: slurmArray(id: 8, min: 5, max: 8), shards: 4, k: 3, n: 4),
        // A single-index resubmission (sbatch --array=3: COUNT 1, MIN 3) with --shards 16:
        // the task id is the shard index, not "shard 0 of 1".
        AutoShardCase(env: slurmArray(id: 3, min: 3, max: 3), shards: 16, k: 3, n: 16),
        // A partial list (--array=0,2,3: COUNT 3 < 4) with --shards 4.
        AutoShardCase(env: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3",
                            "SLURM_ARRAY_TASK_STEP": "1", "SLURM_ARRAY_TASK_COUNT": "3"], shards: 4, k: 2, n: 4),
        // Without --shards the lone task is shard 0 of 1 (resume makes it redo only what is missing).
        AutoShardCase(env: slurmArray(id: 3, min: 3, max: 3), k: 0, n: 1),
        // Kubernetes Indexed Job.
        AutoShardCase(env: ["JOB_COMPLETION_INDEX": "0"], shards: 8, k: 0, n: 8),
        AutoShardCase(env: ["JOB_COMPLETION_INDEX": "7"], shards: 8, k: 7, n: 8),
        // Empty Slurm variables (a shell that exports them blank) do not count.
        AutoShardCase(env: ["SLURM_ARRAY_TASK_ID": "", "JOB_COMPLETION_INDEX": "2"], shards: 3, k: 2, n: 3),
    ]

    @Test(arguments: cases)
    func environmentGivesTheShard(_ c: AutoShardCase) throws {
        let a = try ShardAssignment.resolve(environment: c.env, shards: c.shards)
        #expect(a.spec == (try ShardSpec(index: c.k, count: c.n)))
        #expect(try ShardSpec.parse("auto", shards: c.shards, environment: c.env) == a.spec)
    }

    @Test func everyTaskOfAnArrayGetsAnotherShard() throws {
        for (min, max, step) in [(0, 15, 1), (1, 16, 1), (0, 30, 2), (5, 29, 3)] {
            var seen: [Int] = []
            for id in stride(from: min, through: max, by: step) {
                seen.append(try ShardAssignment.resolve(environment: slurmArray(id: id, min: min, max: max, step: step), shards: nil).spec.index)
            }
            #expect(seen == Array(0..<seen.count), "--array=\(min)-\(max):\(step)")
        }
    }

    /// Environments that do not name one shard, and a word each message must contain.
    @Test(arguments: [
        (slurmArray(id: 9, min: 5, max: 8), nil, "SLURM_ARRAY_TASK_ID=9 gives shard 4, outside 0..<4"),
        (slurmArray(id: 3, min: 0, max: 6, step: 2), nil, "not on the array's grid"),
        (["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "5",
          "SLURM_ARRAY_TASK_STEP": "1", "SLURM_ARRAY_TASK_COUNT": "3"], nil, "not a regular range"),
        (slurmArray(id: 2, min: 0, max: 3).merging(["SLURM_ARRAY_TASK_STEP": "0"]) { $1 }, nil, "SLURM_ARRAY_TASK_STEP=0"),
        (["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"], nil, "SLURM_ARRAY_TASK_ID=\"x\""),
        (["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "two"], nil, "SLURM_ARRAY_TASK_COUNT"),
        (["SLURM_ARRAY_TASK_ID": "1"], nil, "SLURM_ARRAY_TASK_COUNT is not"),
        (slurmArray(id: 20, min: 20, max: 20), 16, "SLURM_ARRAY_TASK_ID=20 is outside 0..<16"),
        (slurmArray(id: 2, min: 0, max: 7), 4, "SLURM_ARRAY_TASK_COUNT=8 tasks but --shards 4"),
        (["JOB_COMPLETION_INDEX": "3"], nil, "--shards N"),
        (["JOB_COMPLETION_INDEX": "8"], 8, "JOB_COMPLETION_INDEX=8 is outside 0..<8"),
        (["JOB_COMPLETION_INDEX": "-1"], 8, "JOB_COMPLETION_INDEX=-1"),
        ([:], 4, "neither is set"),
    ] as [([String: String], Int?, String)])
    func mistakesNameTheVariables(env: [String: String], shards: Int?, words: String) {
        do {
            let a = try ShardAssignment.resolve(environment: env, shards: shards)
            Issue.record("expected an error, got shard \(a.spec)")
        } catch let e as ShardError {
            #expect(e.description.contains(words), "\(e.description)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func derivationNamesWhereTheShardCameFrom() throws {
        let a = try ShardAssignment.resolve(environment: slurmArray(id: 4, min: 0, max: 6, step: 2), shards: nil)
        #expect(a.derivation == "SLURM_ARRAY_TASK_ID=4, SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_STEP=2, SLURM_ARRAY_TASK_COUNT=4")
        let b = try ShardAssignment.resolve(environment: slurmArray(id: 3, min: 3, max: 3), shards: 16)
        #expect(b.derivation.contains("the task id is the shard index"))
        let c = try ShardAssignment.resolve(environment: ["JOB_COMPLETION_INDEX": "5"], shards: 8)
        #expect(c.derivation == "JOB_COMPLETION_INDEX=5, --shards 8")
    }
}
