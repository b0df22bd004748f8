import Foundation

/// A part of a pack written and committed as a whole: one tar shard, or `data.npy` with
/// `index.jsonl`. Resume works per unit.
struct PackUnit {
    /// Positions in the plan's items, in order.
    var items: Range<Int>
    /// The files the unit writes, absolute; the first is the one manifest records name.
    var paths: [String]

    /// The units of a pack over `count` items: tar shards of `shardSize` items named
    /// `shard-000000.tar`, … (`shard-K-of-N-000000.tar` for cluster shard K of N), or one npy unit.
    static func units(count: Int, options: DatasetOptions, shard: ShardSpec?, root: String) -> [PackUnit] {
        switch options.pack {
        case .none:
            return []
        case .npy:
            return [PackUnit(items: 0..<count, paths: [root + "/data.npy", root + "/index.jsonl"])]
        case .tar:
            let prefix = shard.map { "shard-\($0.index)-of-\($0.count)-" } ?? "shard-"
            return stride(from: 0, to: count, by: options.shardSize).enumerated().map { n, start in
                let digits = String(n)
                let name = prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".tar"
                return PackUnit(items: start..<min(count, start + options.shardSize), paths: [root + "/" + name])
            }
        }
    }
}

/// Keys and labels of the planned items, and the failures decided from paths alone
/// (no class folder, a key taken twice or too long for tar), which never block resume.
struct PackKeys {
    var keys: [String]
    var labels: [(label: Int, name: String)?]
    /// Per item: why it fails without being read, or nil.
    var pathFailures: [String?]

    init(items: [PlannedOutput], labelMap: LabelMap?, tar: Bool) {
        keys = []; labels = []; pathFailures = []
        var owner: [String: String] = [:]
        for p in items {
            let key = SampleKey.key(relativeOutput: p.relativeOutput)
            var failure: String? = p.conflict
            let label = labelMap?.label(of: p.input)
            if failure == nil, labelMap != nil, label == nil {
                failure = DatasetSampleError.noClassFolder.description
            }
            if failure == nil, tar, !TarWriter.fits(key + ".json") {
                failure = DatasetSampleError.keyTooLong(key).description
            }
            if failure == nil {
                if let other = owner[key] {
                    failure = DatasetSampleError.duplicateKey(key: key, other: other).description
                } else {
                    owner[key] = p.input.displayPath
                }
            }
            keys.append(key); labels.append(label); pathFailures.append(failure)
        }
    }
}

extension BatchPlan {
    /// With `--pack`: per planned item, the file its sample goes to and its key, as
    /// `OUT/shard-000000.tar#cat/img1` (`OUT` as the user wrote it); nil without `--pack`.
    public func packedOutputs(options: BatchOptions) -> [String]? {
        guard options.dataset.pack != .none else { return nil }
        let units = PackUnit.units(count: items.count, options: options.dataset, shard: options.shard, root: "")
        var result: [String] = []
        for unit in units {
            let file = InputWalker.join(options.outputFolder, String(unit.paths[0].dropFirst()))
            for i in unit.items {
                result.append(file + "#" + SampleKey.key(relativeOutput: items[i].relativeOutput))
            }
        }
        return result
    }
}
