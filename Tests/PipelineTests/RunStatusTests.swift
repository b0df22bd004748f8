import Foundation
import Testing
@testable import Pipeline

/// Writes manifests the way runs do: a run record, then one record per input.
struct ManifestScript {
    let folder: String

    /// Appends a run of `shard` (nil: unsharded) given `inputs` of `total`, started at
    /// `start`, with `records` (input name → status, error), optionally ending in a cut line.
    func run(_ file: String, shard: ShardSpec?, start: String, inputs: Int, total: Int,
             records: [(String, InputStatus, String?)], cutLine: Bool = false) throws {
        var run = RunRecord(poolpipeVersion: "test", libpngVersion: nil, libjpegVersion: nil,
                            commandLine: ["poolpipe", "run"], startTime: start, shard: shard, jobs: 1)
        run.inputs = inputs
        run.inputsTotal = total
        var text = run.jsonLine + "\n"
        for (name, status, error) in records {
            text += ManifestRecord(input: "/data/\(name)", output: folder + "/\(name).npy", status: status, error: error,
                                   stages: "avg(2)", settings: "s", inputSize: 10, inputMtime: "2026-01-01T00:00:00.000000000Z").jsonLine + "\n"
        }
        if cutLine { text += #"{"input": "/data/half", "out"#  }
        let path = folder + "/" + file
        let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        try (old + text).write(toFile: path, atomically: false, encoding: .utf8)
    }
}

@Suite("poolpipe status: manifests of finished and interrupted runs")
struct RunStatusTests {
    @Test func finishedShardedRunIsComplete() throws {
        let dir = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = ManifestScript(folder: dir)
        try m.run("manifest-0-of-2.jsonl", shard: ShardSpec(index: 0, count: 2), start: "2026-01-01T00:00:00.000Z",
                  inputs: 2, total: 3, records: [("a", .ok, nil), ("b", .ok, nil)])
        try m.run("manifest-1-of-2.jsonl", shard: ShardSpec(index: 1, count: 2), start: "2026-01-01T00:00:01.000Z",
                  inputs: 1, total: 3, records: [("c", .ok, nil)])
        let s = RunStatus(folder: dir)
        #expect(s.isComplete)
        #expect(s.total == RunStatus.Counts(inputs: 3, done: 3, failed: 0, pending: 0))
        #expect(s.rows.map(\.shard) == ["0/2", "1/2"])
        #expect(s.rows.map(\.counts.pending) == [0, 0])
        #expect(s.notStarted.isEmpty && s.failures.isEmpty)
        #expect(s.textLines().first == "\(dir): 3 inputs: 3 done, 0 failed, 0 pending (complete; 2 manifests)")
    }

    @Test func interruptedShardShowsPendingAndAShardNotStarted() throws {
        let dir = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = ManifestScript(folder: dir)
        // Shard 0 of 3 done; shard 1 killed after 1 of 3 inputs, its last line cut short;
        // shard 2 never started.
        try m.run("manifest-0-of-3.jsonl", shard: ShardSpec(index: 0, count: 3), start: "2026-01-01T00:00:00.000Z",
                  inputs: 2, total: 7, records: [("a", .ok, nil), ("b", .skipped, nil)])
        try m.run("manifest-1-of-3.jsonl", shard: ShardSpec(index: 1, count: 3), start: "2026-01-01T00:00:00.500Z",
                  inputs: 3, total: 7, records: [("c", .ok, nil)], cutLine: true)
        let s = RunStatus(folder: dir)
        #expect(!s.isComplete)
        #expect(s.total == RunStatus.Counts(inputs: 7, done: 3, failed: 0, pending: 4))
        #expect(s.rows.map(\.counts) == [RunStatus.Counts(inputs: 2, done: 2, failed: 0, pending: 0),
                                         RunStatus.Counts(inputs: 3, done: 1, failed: 0, pending: 2)])
        #expect(s.notStarted == ["2/3"])
        #expect(s.textLines().contains("not started (no manifest yet): 2/3"))
    }

    @Test func failuresAreListedUntilARerunFixesThem() throws {
        let dir = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = ManifestScript(folder: dir)
        try m.run("manifest.jsonl", shard: nil, start: "2026-01-01T00:00:00.000Z", inputs: 3, total: 3,
                  records: [("a", .ok, nil), ("b", .failed, "truncated JPEG"), ("c", .failed, "not a PNG/JPEG/NPY file")])
        var s = RunStatus(folder: dir)
        #expect(s.total == RunStatus.Counts(inputs: 3, done: 1, failed: 2, pending: 0))
        #expect(s.failures.map(\.input) == ["/data/b", "/data/c"])
        #expect(s.failures.first?.error == "truncated JPEG")
        #expect(s.textLines().contains("  /data/b: truncated JPEG"))
        // A later sharded run (another manifest) redoes b: its later record counts.
        try m.run("manifest-0-of-2.jsonl", shard: ShardSpec(index: 0, count: 2), start: "2026-01-02T00:00:00.000Z",
                  inputs: 2, total: 3, records: [("a", .skipped, nil), ("b", .ok, nil)])
        s = RunStatus(folder: dir)
        #expect(s.total == RunStatus.Counts(inputs: 3, done: 2, failed: 1, pending: 0))
        #expect(s.failures.map(\.input) == ["/data/c"])
        // JSON lists every part.
        let json = s.json.serialized
        #expect(json.contains(#""total": {"inputs": 3, "done": 2, "failed": 1, "pending": 0}"#))
        #expect(json.contains(#""failed": [{"input": "/data/c", "error": "not a PNG/JPEG/NPY file""#))
        #expect(json.contains(#""not_started": ["1/2"]"#))
    }

    @Test func runInProgressIsPendingAndEmptyFolderSaysSo() throws {
        let dir = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = RunStatus(folder: dir)
        #expect(!empty.isComplete)
        #expect(empty.total.pending == nil)
        #expect(empty.textLines() == ["\(dir): no manifest*.jsonl yet: nothing has been recorded"])
        // A run record and nothing else yet: all of its inputs are pending.
        try ManifestScript(folder: dir).run("manifest.jsonl", shard: nil, start: "2026-01-01T00:00:00.000Z",
                                            inputs: 5, total: 5, records: [])
        let started = RunStatus(folder: dir)
        #expect(started.total == RunStatus.Counts(inputs: 5, done: 0, failed: 0, pending: 5))
    }

    @Test func latestRecordAcrossManifestsWinsByRunStart() throws {
        let dir = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = ManifestScript(folder: dir)
        // The sharded run came later than the unsharded one although its file sorts first.
        try m.run("manifest.jsonl", shard: nil, start: "2026-01-01T00:00:00.000Z", inputs: 1, total: 1,
                  records: [("a", .failed, "bad")])
        try m.run("manifest-0-of-1.jsonl", shard: ShardSpec(index: 0, count: 1), start: "2026-01-03T00:00:00.000Z",
                  inputs: 1, total: 1, records: [("a", .ok, nil)])
        let set = ManifestSet.load(folder: dir)
        #expect(set.files.map { ($0 as NSString).lastPathComponent } == ["manifest-0-of-1.jsonl", "manifest.jsonl"])
        #expect(set.latest["/data/a"]?.resume.status == .ok)
        #expect(set.resumeEntries["/data/a"]?.stamp == FileStamp(size: 10, mtime: "2026-01-01T00:00:00.000000000Z"))
        #expect(set.runs.map(\.records) == [1, 1])
        // Other files in the folder are not manifests.
        try "{\"input\": \"/data/x\", \"status\": \"ok\"}\n".write(toFile: dir + "/notes.jsonl", atomically: false, encoding: .utf8)
        #expect(ManifestSet.load(folder: dir).latest["/data/x"] == nil)
    }

    @Test(arguments: [("manifest-3-of-16.jsonl", "3/16"), ("manifest.jsonl", nil), ("manifest-4-of-4.jsonl", nil),
                      ("manifest-a-of-2.jsonl", nil)] as [(String, String?)])
    func shardFromFileName(name: String, shard: String?) {
        #expect(RunStatus.shardInName("/o/" + name) == shard)
    }
}
