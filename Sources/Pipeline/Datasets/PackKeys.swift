import Foundation

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
