import Foundation

/// A part of a pack written and committed as a whole: one tar shard, or `data.npy` with
/// `index.jsonl`. Resume works per unit.
struct PackUnit {
    /// Positions in the plan's items, in order.
    var items: Range<Int>
    /// The files the unit writes, absolute; the first is the one manifest records name.
    var paths: [String]

    /// The units of a pack over `count` items: tar shards of `shardSize` items named
    /// `shard-000000.tar`, … (`shard-K-of-N-000000.tar` for cluster shard K of N), or one npy
    /// unit, `data.npy` with `index.jsonl` (`data-K-of-N.npy`, `index-K-of-N.jsonl`).
    static func units(count: Int, options: DatasetOptions, shard: ShardSpec?, root: String) -> [PackUnit] {
        switch options.pack {
        case .none:
            return []
        case .npy:
            // A cluster shard K of N writes data-K-of-N.npy and index-K-of-N.jsonl.
            let suffix = shard.map { "-\($0.index)-of-\($0.count)" } ?? ""
            return [PackUnit(items: 0..<count, paths: [root + "/data\(suffix).npy", root + "/index\(suffix).jsonl"])]
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
