import Foundation

/// One encoded sample on its way into a pack.
struct DatasetSample {
    /// The WebDataset key (relative path without extension, dots replaced).
    var key: String
    /// The input's path relative to its input folder.
    var source: String
    var label: (label: Int, name: String)?
    /// The output tensor's shape, `[H, W, C]`.
    var outputShape: [Int]
    /// The stored array's shape (`--layout`), for `--pack npy`.
    var storedShape: [Int]
    /// Tar: the sample's members (headers, contents, padding). Npy: the raw row.
    var bytes: [UInt8]
}

/// Where the samples of one pack unit (a tar shard, or the whole `data.npy`) go, in order.
protocol PackSink: AnyObject {
    /// Adds the next sample. - Throws: a reason that fails this input only (e.g. a shape
    /// mismatch); the sink stays usable.
    func append(_ sample: DatasetSample, input: String) throws
    /// Finishes the unit and renames its files into place. - Throws: `OutputError`.
    func commit() throws
    /// Drops the unit's temporaries.
    func abort()
}

/// A WebDataset tar shard: samples' members in order, then the end-of-archive blocks.
final class TarShardSink: PackSink {
    private let file: PackFile

    init(path: String, temporaries: PackTemporaries) throws {
        file = try PackFile(finalPath: path, temporaries: temporaries)
    }

    func append(_ sample: DatasetSample, input: String) throws { try file.append(sample.bytes) }

    func commit() throws {
        do { try file.append(TarWriter.end) } catch { file.abort(); throw error }
        try file.commit()
    }

    func abort() { file.abort() }
}

/// `data.npy` `(N, …)` written row by row after a reserved header that `commit` fills in
/// with the final N, and `index.jsonl` (one line per row: row, key, source, label, class),
/// its lines gathered into writes of `indexChunk` bytes rather than one write per row.
/// Memory does not grow with N.
final class NPYPackSink: PackSink {
    private let data: PackFile
    private let index: PackFile
    private let descr: String
    private var rowShape: [Int]?
    private var firstInput = ""
    private var rows = 0
    /// Room for the header of any N (up to 19 digits).
    private let headerLength: Int
    /// Index lines not written yet.
    private var pendingIndex: [UInt8] = []
    /// Bytes of index lines gathered before a write.
    static let indexChunk = 256 << 10

    init(dataPath: String, indexPath: String, descr: String, temporaries: PackTemporaries) throws {
        self.descr = descr
        data = try PackFile(finalPath: dataPath, temporaries: temporaries)
        do {
            index = try PackFile(finalPath: indexPath, temporaries: temporaries)
        } catch {
            data.abort()
            throw error
        }
        headerLength = NPYFormat.header(descr: descr, shape: [Int.max, Int.max, Int.max, Int.max]).count
    }

    func append(_ sample: DatasetSample, input: String) throws {
        if let first = rowShape {
            guard first == sample.storedShape else {
                throw DatasetSampleError.shapeMismatch(shape: sample.storedShape, first: first, firstInput: firstInput)
            }
        } else {
            rowShape = sample.storedShape
            firstInput = input
            try data.append([UInt8](repeating: 0, count: headerLength))
        }
        try data.append(sample.bytes)
        var fields: [(String, JSONValue)] = [("row", .int(rows)), ("key", .string(sample.key)),
                                             ("source", .string(sample.source))]
        if let l = sample.label { fields += [("label", .int(l.label)), ("class", .string(l.name))] }
        pendingIndex.append(contentsOf: (JSONValue.object(fields).serialized + "\n").utf8)
        rows += 1
        if pendingIndex.count >= Self.indexChunk { try flushIndex() }
    }

    private func flushIndex() throws {
        try index.append(pendingIndex)
        pendingIndex.removeAll(keepingCapacity: true)
    }

    func commit() throws {
        do {
            try flushIndex()
            let shape = rowShape.map { [rows] + $0 } ?? [0]
            let header = NPYFormat.header(descr: descr, shape: shape, minimumLength: headerLength)
            if rowShape == nil { try data.append(header) } else { try data.overwrite(header, at: 0) }
            try data.commit()
        } catch {
            data.abort(); index.abort()
            throw error
        }
        try index.commit()
    }

    func abort() { data.abort(); index.abort() }
}
