import Foundation

/// How far a run into one output folder has got, across all its manifests (`poolpipe status`).
///
/// Inputs are counted once each, by their latest record in any manifest (`ManifestSet`):
/// `ok` or `skipped` is done, `failed` is failed. The number of inputs comes from the run
/// records: every run records how many inputs it was given (`inputs`, its shard's) and found
/// before sharding (`inputs_total`). The total's `inputs` is the latest run's `inputs_total`
/// and pending is what is neither done nor failed. Each manifest is one row (one shard, or the
/// unsharded run): its latest run's `inputs`, and the inputs it records counted by their
/// latest record anywhere. Shards of a layout (`K/N`) with no manifest yet are listed as not
/// started. After a complete unsharded run, inputs it did not record (deleted or filtered out
/// since) no longer count. The total decides completeness; rows of a layout replaced by another (a different
/// N) may show pending inputs that another layout did.
public struct RunStatus: Sendable {
    /// Inputs and how many are done, failed and pending; nil where the manifests cannot tell
    /// (no run record says how many inputs there are).
    public struct Counts: Sendable, Equatable {
        public var inputs: Int?
        public var done: Int
        public var failed: Int
        public var pending: Int?
    }

    /// One manifest's part.
    public struct Row: Sendable, Equatable {
        /// `K/N` from the latest run record (or the file name); nil for an unsharded run.
        public var shard: String?
        /// The manifest file (absolute).
        public var manifest: String
        public var counts: Counts
        /// Run records in the file.
        public var runs: Int
        /// The latest run's start time (ISO 8601).
        public var lastStart: String?
    }

    /// A failed input and why.
    public struct Failure: Sendable, Equatable {
        public var input: String
        public var error: String
        /// The manifest holding the record (absolute).
        public var manifest: String
    }

    /// The output folder, as given.
    public var folder: String
    /// The manifests read (absolute).
    public var manifests: [String]
    public var total: Counts
    /// One per manifest: sharded ones by N then K, then the others by file name.
    public var rows: [Row]
    /// Shards (`K/N`) of a layout seen in the manifests that have no manifest of their own.
    public var notStarted: [String]
    /// Inputs whose latest record is failed, by input path.
    public var failures: [Failure]

    /// Every input is done: none failed or pending, and the manifests say how many there are.
    public var isComplete: Bool { total.failed == 0 && total.pending == 0 }

    /// The status of the runs recorded in `folder`'s manifests and in `including`.
    public init(folder: String, including: [String] = []) {
        self.init(folder: folder, manifests: ManifestSet.load(folder: folder, including: including))
    }

    /// The status of the runs recorded in `set`.
    public init(folder: String, manifests set: ManifestSet) {
        self.folder = folder
        manifests = set.files
        // A complete run over all the inputs (unsharded, or shard 0 of 1) records every input
        // it was given; an input whose latest record is older is no longer one (deleted or
        // filtered out since) and does not count.
        let covering = set.runs.filter { r in
            (r.shard == nil || r.shard?.hasSuffix("/1") == true) && r.inputs.map { r.records >= $0 } == true
        }.max { $0.order < $1.order }
        let latest = covering.map { c in set.latest.filter { !($0.value.order < c.order) } } ?? set.latest
        var done = 0, failed = 0
        var failures: [Failure] = []
        for (input, e) in latest {
            switch e.resume.status {
            case .ok, .skipped: done += 1
            case .failed:
                failed += 1
                failures.append(Failure(input: input, error: e.error ?? "failed", manifest: e.manifest))
            }
        }
        self.failures = failures.sorted { $0.input < $1.input }
        let latestRun = set.runs.filter { $0.inputsTotal != nil }.max { $0.order < $1.order }
        let inputs = latestRun?.inputsTotal
        total = Counts(inputs: inputs, done: done, failed: failed,
                       pending: inputs.map { max(0, $0 - done - failed) })

        var rows: [Row] = []
        for file in set.files {
            let runs = set.runs.filter { $0.manifest == file }
            let last = runs.max { $0.order < $1.order }
            var d = 0, f = 0
            for input in set.inputsByFile[file] ?? [] {
                switch latest[input]?.resume.status {
                case .ok?, .skipped?: d += 1
                case .failed?: f += 1
                case nil: break
                }
            }
            let assigned = last?.inputs
            rows.append(Row(shard: last?.shard ?? Self.shardInName(file), manifest: file,
                            counts: Counts(inputs: assigned, done: d, failed: f,
                                           pending: assigned.map { max(0, $0 - d - f) }),
                            runs: runs.count, lastStart: last?.start))
        }
        self.rows = rows.sorted { a, b in
            switch (Self.parts(a.shard), Self.parts(b.shard)) {
            case let (x?, y?): return (x.n, x.k, a.manifest) < (y.n, y.k, b.manifest)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.manifest < b.manifest
            }
        }
        var missing: [String] = []
        let layouts = Set(rows.compactMap { Self.parts($0.shard)?.n })
        let present = Set(rows.compactMap(\.shard))
        for n in layouts.sorted() {
            for k in 0..<n where !present.contains("\(k)/\(n)") { missing.append("\(k)/\(n)") }
        }
        notStarted = missing
    }

    /// `K/N` from a name `manifest-K-of-N.jsonl`.
    static func shardInName(_ path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        guard name.hasPrefix("manifest-"), name.hasSuffix(".jsonl") else { return nil }
        let parts = name.dropFirst("manifest-".count).dropLast(".jsonl".count).components(separatedBy: "-of-")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), k >= 0, k < n else { return nil }
        return "\(k)/\(n)"
    }

    /// K and N of `K/N`.
    static func parts(_ shard: String?) -> (k: Int, n: Int)? {
        guard let s = shard else { return nil }
        let p = s.split(separator: "/")
        guard p.count == 2, let k = Int(p[0]), let n = Int(p[1]), n >= 1 else { return nil }
        return (k, n)
    }
}
