import Foundation

/// One input's record as a `ManifestSet` keeps it.
public struct ManifestEntry: Sendable, Equatable {
    /// What resume compares.
    public var resume: ResumeEntry
    /// Why it failed, for a failed record.
    public var error: String?
    /// The manifest file the record is in (absolute).
    public var manifest: String
    /// Sorts records of all manifests in time: the run's start, the file, the line.
    var order: ManifestOrder
}

/// One `{"run": ...}` record.
public struct ManifestRun: Sendable, Equatable {
    /// The manifest file (absolute).
    public var manifest: String
    /// ISO 8601 start time, as recorded.
    public var start: String
    /// `K/N`, or nil for an unsharded run.
    public var shard: String?
    /// The inputs this run was given (its shard's, walk errors included); nil in manifests of
    /// versions that did not record it.
    public var inputs: Int?
    /// The inputs found before sharding (walk errors included).
    public var inputsTotal: Int?
    /// Input records that follow this run record in its file.
    public var records: Int
    var order: ManifestOrder
}

/// Where a record stands among all manifests' records.
struct ManifestOrder: Sendable, Equatable, Comparable {
    var start: String
    var file: Int
    var line: Int

    static func < (a: ManifestOrder, b: ManifestOrder) -> Bool {
        (a.start, a.file, a.line) < (b.start, b.file, b.line)
    }
}

/// Every `manifest*.jsonl` of an output folder, read together: the state of a run that may be
/// spread over shards, resubmissions and layouts (`--shard K/N` with different N).
///
/// An input's record that counts is its latest one across all files: records are ordered by
/// their run's start time (the `{"run"}` record before them), then file name, then line, so
/// an unsharded rerun after a sharded run sees what the shards did, and the other way round.
/// Lines that are not JSON objects (a line cut short by `kill -9`, or one being appended
/// while it is read) are ignored, so a set can be read while runs are writing.
public struct ManifestSet: Sendable {
    /// The manifest files read (absolute paths), in the order read.
    public private(set) var files: [String] = []
    /// Each input's latest record, keyed by `input` (absolute path).
    public private(set) var latest: [String: ManifestEntry] = [:]
    /// Every run record of every file, in file then line order.
    public private(set) var runs: [ManifestRun] = []
    /// The inputs each file records (file path → inputs).
    public private(set) var inputsByFile: [String: Set<String>] = [:]

    /// Reads `folder`'s `manifest*.jsonl` files (not its subfolders) and the files in
    /// `including` (e.g. a `--manifest` elsewhere); missing files are skipped.
    public static func load(folder: String, including: [String] = []) -> ManifestSet {
        var set = ManifestSet()
        var paths: [String] = []
        if let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            for name in names.sorted() where name.hasPrefix("manifest") && name.hasSuffix(".jsonl") {
                paths.append(folder + "/" + name)
            }
        }
        for p in including {
            let abs = (p as NSString).standardizingPath
            if !paths.contains(abs) && !paths.contains(p) { paths.append(abs) }
        }
        for p in paths {
            var st = stat()
            guard stat(p, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
                  let data = FileManager.default.contents(atPath: p) else { continue }
            set.read(data, file: p)
        }
        return set
    }

    /// Resume's view: each input's latest record.
    public var resumeEntries: [String: ResumeEntry] { latest.mapValues(\.resume) }

    private mutating func read(_ data: Data, file: String) {
        let fileIndex = files.count
        files.append(file)
        var recorded = Set<String>()
        var start = ""
        var runIndex: Int?
        var lineNumber = 0
        var cursor = data.startIndex
        while cursor < data.endIndex {
            let end = data[cursor...].firstIndex(of: 0x0A) ?? data.endIndex
            let line = data[cursor..<end]
            cursor = end < data.endIndex ? data.index(after: end) : end
            lineNumber += 1
            guard !line.isEmpty, let obj = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] else { continue }
            let order = ManifestOrder(start: start, file: fileIndex, line: lineNumber)
            if let run = obj["run"] as? [String: Any] {
                start = run["start"] as? String ?? ""
                runs.append(ManifestRun(manifest: file, start: start, shard: run["shard"] as? String,
                                        inputs: (run["inputs"] as? NSNumber)?.intValue,
                                        inputsTotal: (run["inputs_total"] as? NSNumber)?.intValue,
                                        records: 0,
                                        order: ManifestOrder(start: start, file: fileIndex, line: lineNumber)))
                runIndex = runs.count - 1
                continue
            }
            guard let entry = Self.entry(obj, file: file, order: order) else { continue }
            recorded.insert(entry.input)
            if let r = runIndex { runs[r].records += 1 }
            if let old = latest[entry.input], entry.record.order < old.order { continue }
            latest[entry.input] = entry.record
        }
        inputsByFile[file, default: []].formUnion(recorded)
    }

    /// An input record's fields, or nil when the line is not one.
    private static func entry(_ obj: [String: Any], file: String, order: ManifestOrder) -> (input: String, record: ManifestEntry)? {
        guard let input = obj["input"] as? String,
              let statusText = obj["status"] as? String,
              let status = InputStatus(rawValue: statusText) else { return nil }
        var stamp: FileStamp?
        if let size = (obj["input_size"] as? NSNumber)?.int64Value, let mtime = obj["input_mtime"] as? String {
            stamp = FileStamp(size: size, mtime: mtime)
        }
        let resume = ResumeEntry(status: status, output: obj["output"] as? String,
                                 stages: obj["stages"] as? String ?? "",
                                 settings: obj["settings"] as? String, stamp: stamp,
                                 inputShape: obj["input_shape"] as? [Int],
                                 outputShape: obj["output_shape"] as? [Int])
        return (input, ManifestEntry(resume: resume, error: obj["error"] as? String, manifest: file, order: order))
    }
}
