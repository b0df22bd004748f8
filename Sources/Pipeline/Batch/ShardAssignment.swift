import Foundation

/// How `--shard auto` finds this process's shard K of N in the scheduler's environment.
///
/// Slurm job arrays (`SLURM_ARRAY_TASK_ID` is set):
/// - Without `--shards`: the array is the shard layout. N = `SLURM_ARRAY_TASK_COUNT` and
///   K = (`SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN`) / `SLURM_ARRAY_TASK_STEP` (MIN
///   defaulting to 0, STEP to 1), so `--array=0-3`, `--array=5-8` and `--array=0-6:2` all
///   give shards 0..3 of 4. The array must be a regular range: the task id on its grid and,
///   when `SLURM_ARRAY_TASK_MAX` is set, MAX = MIN + (COUNT − 1) × STEP.
/// - With `--shards N` (the layout the user intends): an array of exactly N tasks maps as
///   above; an array of fewer tasks is a resubmission of some shards, and its task ids are
///   the shard indexes themselves (K = `SLURM_ARRAY_TASK_ID`, 0 ≤ K < N). So
///   `sbatch --array=3 …` with `--shards 16` reruns shard 3 of 16, not "shard 0 of 1".
///   An array of more than N tasks is an error.
///
/// Kubernetes Indexed Jobs (`JOB_COMPLETION_INDEX` is set): K = `JOB_COMPLETION_INDEX`,
/// N = `--shards` (required; keep it equal to the Job's `completions`).
///
/// Every mistake is a `ShardError` whose message names the variables and their values.
public struct ShardAssignment: Sendable, Equatable {
    /// The shard this process takes.
    public let spec: ShardSpec
    /// How K and N were found, e.g. `SLURM_ARRAY_TASK_ID=4, SLURM_ARRAY_TASK_MIN=0,
    /// SLURM_ARRAY_TASK_STEP=2, SLURM_ARRAY_TASK_COUNT=4`, for a log line.
    public let derivation: String

    /// The shard of this process from `environment` and the `--shards` option.
    /// - Precondition: `shards`, when given, is at least 1.
    /// - Throws: `ShardError` when neither scheduler's variables are set, a value is not a
    ///   whole number, or the values do not name one shard.
    public static func resolve(environment env: [String: String], shards: Int?) throws -> ShardAssignment {
        let vars = EnvironmentNumbers(env)
        if let id = try vars["SLURM_ARRAY_TASK_ID"] {
            return try slurm(id: id, vars: vars, shards: shards)
        }
        if let k = try vars["JOB_COMPLETION_INDEX"] {
            guard let n = shards else {
                throw ShardError.missingEnvironment("JOB_COMPLETION_INDEX=\(k) is set; give the number of shards with --shards N (the Job's completions)")
            }
            guard k >= 0, k < n else {
                throw ShardError.badArray("JOB_COMPLETION_INDEX=\(k) is outside 0..<\(n) (--shards \(n)); keep --shards equal to the Job's completions")
            }
            return ShardAssignment(spec: try ShardSpec(index: k, count: n),
                                   derivation: "JOB_COMPLETION_INDEX=\(k), --shards \(n)")
        }
        throw ShardError.missingEnvironment("--shard auto needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (a Slurm job array) or JOB_COMPLETION_INDEX with --shards N (a Kubernetes Indexed Job); neither is set")
    }

    private static func slurm(id: Int, vars: EnvironmentNumbers, shards: Int?) throws -> ShardAssignment {
        let count = try vars["SLURM_ARRAY_TASK_COUNT"]
        if let n = shards, count.map({ $0 < n }) ?? true {
            // A resubmission of some shards of an N-shard layout: task id = shard index.
            let what = count.map { "an array of SLURM_ARRAY_TASK_COUNT=\($0) task\($0 == 1 ? "" : "s"), fewer than --shards \(n)" }
                ?? "SLURM_ARRAY_TASK_COUNT unset"
            guard id >= 0, id < n else {
                throw ShardError.badArray("SLURM_ARRAY_TASK_ID=\(id) is outside 0..<\(n): with \(what), the task id is the shard index; resubmit shard K with --array=K (0 ≤ K < \(n))")
            }
            return ShardAssignment(spec: try ShardSpec(index: id, count: n),
                                   derivation: "SLURM_ARRAY_TASK_ID=\(id), --shards \(n) (\(what): the task id is the shard index)")
        }
        guard let count else {
            throw ShardError.missingEnvironment("SLURM_ARRAY_TASK_ID=\(id) is set but SLURM_ARRAY_TASK_COUNT is not; give the number of shards with --shards N")
        }
        if let n = shards, count > n {
            throw ShardError.badArray("the array has SLURM_ARRAY_TASK_COUNT=\(count) tasks but --shards \(n); submit at most \(n) tasks (--array=0-\(n - 1))")
        }
        guard count >= 1 else {
            throw ShardError.badArray("SLURM_ARRAY_TASK_COUNT=\(count) must be at least 1")
        }
        let min = try vars["SLURM_ARRAY_TASK_MIN"] ?? 0
        let step = try vars["SLURM_ARRAY_TASK_STEP"] ?? 1
        guard step >= 1 else {
            throw ShardError.badArray("SLURM_ARRAY_TASK_STEP=\(step) must be at least 1")
        }
        let layout = "SLURM_ARRAY_TASK_MIN=\(min), SLURM_ARRAY_TASK_STEP=\(step), SLURM_ARRAY_TASK_COUNT=\(count)"
        if let max = try vars["SLURM_ARRAY_TASK_MAX"], max != min + (count - 1) * step {
            throw ShardError.badArray("the array is not a regular range (\(layout), SLURM_ARRAY_TASK_MAX=\(max)): submit --array=A-B or A-B:S, or task ids 0..N-1 with --shards N")
        }
        let offset = id - min
        guard offset >= 0, offset % step == 0 else {
            throw ShardError.badArray("SLURM_ARRAY_TASK_ID=\(id) is not on the array's grid (\(layout)): submit --array=A-B or A-B:S")
        }
        let k = offset / step
        guard k < count else {
            throw ShardError.badArray("SLURM_ARRAY_TASK_ID=\(id) gives shard \(k), outside 0..<\(count) (\(layout))")
        }
        return ShardAssignment(spec: try ShardSpec(index: k, count: count),
                               derivation: "SLURM_ARRAY_TASK_ID=\(id), \(layout)")
    }
}

/// Whole-number environment variables; empty or unset ones read as nil.
private struct EnvironmentNumbers {
    let env: [String: String]
    init(_ env: [String: String]) { self.env = env }

    /// - Throws: `ShardError.badEnvironment` when the variable is set to something else.
    subscript(_ name: String) -> Int? {
        get throws {
            guard let raw = env[name] else { return nil }
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard let v = Int(text) else { throw ShardError.badEnvironment(variable: name, value: raw) }
            return v
        }
    }
}
