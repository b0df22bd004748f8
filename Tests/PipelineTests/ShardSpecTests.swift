import Testing
@testable import Pipeline

/// Published FNV-1a 64-bit test vectors (Fowler/Noll/Vo reference test suite).
@Test(arguments: [
    ("", UInt64(0xcbf29ce484222325)),
    ("a", UInt64(0xaf63dc4c8601ec8c)),
    ("b", UInt64(0xaf63df4c8601f1a5)),
    ("foobar", UInt64(0x85944171f73967e8)),
])
func fnv1aMatchesPublishedVectors(text: String, expected: UInt64) {
    #expect(FNV1a.hash(text) == expected)
}

@Test func shardsPartitionKeysExactly() throws {
    let keys = (0..<500).map { "dir\($0 % 7)/image-\($0).png" }
    let shards = try (0..<4).map { try ShardSpec(index: $0, count: 4) }
    for key in keys {
        #expect(shards.filter { $0.contains(key: key) }.count == 1)
    }
    // Every shard gets some work with 500 keys.
    for s in shards { #expect(keys.contains { s.contains(key: $0) }) }
    // The rule, spelled out: hash mod N == K.
    let key = "a/b.png"
    let k = Int(FNV1a.hash(key) % 4)
    #expect(shards[k].contains(key: key))
}

@Test func shardParsesExplicitSpecs() throws {
    #expect(try ShardSpec.parse("2/5", shards: nil, environment: [:]) == ShardSpec(index: 2, count: 5))
    #expect(throws: ShardError.outOfRange(index: 5, count: 5)) { try ShardSpec.parse("5/5", shards: nil, environment: [:]) }
    #expect(throws: ShardError.outOfRange(index: 0, count: 0)) { try ShardSpec.parse("0/0", shards: nil, environment: [:]) }
    #expect(throws: ShardError.malformed("2")) { try ShardSpec.parse("2", shards: nil, environment: [:]) }
    #expect(throws: ShardError.self) { try ShardSpec.parse("-1/4", shards: nil, environment: [:]) }
    #expect(try ShardSpec(index: 3, count: 8).manifestFileName == "manifest-3-of-8.jsonl")
}

@Test func shardAutoReadsSlurmAndKubernetes() throws {
    let slurm = ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "4"]
    #expect(try ShardSpec.parse("auto", shards: nil, environment: slurm) == ShardSpec(index: 2, count: 4))
    let slurmNoMin = ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"]
    #expect(try ShardSpec.parse("auto", shards: nil, environment: slurmNoMin) == ShardSpec(index: 1, count: 3))
    let k8s = ["JOB_COMPLETION_INDEX": "3"]
    #expect(try ShardSpec.parse("auto", shards: 8, environment: k8s) == ShardSpec(index: 3, count: 8))
    #expect(throws: ShardError.self) { try ShardSpec.parse("auto", shards: nil, environment: k8s) }
    #expect(throws: ShardError.self) { try ShardSpec.parse("auto", shards: 4, environment: [:]) }
    #expect(throws: ShardError.self) { try ShardSpec.parse("auto", shards: nil, environment: ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"]) }
    // Slurm with an offset array (--array=5-8) whose task id is outside the count is an error.
    #expect(throws: ShardError.self) {
        try ShardSpec.parse("auto", shards: nil, environment: ["SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "4"])
    }
}
