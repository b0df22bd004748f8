import Foundation

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
