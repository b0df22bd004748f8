import Foundation

/// Per-channel normalisation `(v − mean[c]) / std[c]` (`--normalize`).
public struct Normalization: Sendable, Equatable, CustomStringConvertible {
    /// One mean per channel, or one for every channel.
    public var mean: [Float]
    /// One standard deviation per channel, or one for every channel; all non-zero.
    public var std: [Float]

    /// torchvision's ImageNet statistics (RGB).
    public static let imagenet = Normalization(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])

    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// Parses `imagenet` or `MEAN/STD`, each a comma-separated list of one value or one per
    /// channel, e.g. `0.5/0.25` or `0.485,0.456,0.406/0.229,0.224,0.225`.
    /// - Throws: `DatasetOptionsError` naming what is wrong.
    public static func parse(_ text: String) throws -> Normalization {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased() == "imagenet" { return .imagenet }
        let halves = t.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2 else {
            throw DatasetOptionsError("--normalize \"\(text)\" is not imagenet or MEAN/STD (e.g. 0.5/0.25 or 0.485,0.456,0.406/0.229,0.224,0.225)")
        }
        func values(_ s: Substring, _ what: String) throws -> [Float] {
            let v = s.split(separator: ",", omittingEmptySubsequences: false).map {
                Float($0.trimmingCharacters(in: .whitespaces))
            }
            guard !v.isEmpty, v.count <= 4, v.allSatisfy({ $0 != nil && $0!.isFinite }) else {
                throw DatasetOptionsError("--normalize \"\(text)\": \(what) \"\(s)\" is not 1 to 4 comma-separated numbers")
            }
            return v.map { $0! }
        }
        let mean = try values(halves[0], "MEAN"), std = try values(halves[1], "STD")
        guard std.allSatisfy({ $0 != 0 }) else {
            throw DatasetOptionsError("--normalize \"\(text)\": a standard deviation is 0")
        }
        guard mean.count == std.count || mean.count == 1 || std.count == 1 else {
            throw DatasetOptionsError("--normalize \"\(text)\": \(mean.count) means but \(std.count) standard deviations")
        }
        return Normalization(mean: mean, std: std)
    }

    /// `mean/std` as comma-separated lists.
    public var description: String {
        mean.map { "\($0)" }.joined(separator: ",") + "/" + std.map { "\($0)" }.joined(separator: ",")
    }

    /// The means and standard deviations expanded to `channels` entries.
    /// - Throws: `DatasetSampleError.channelMismatch` when the lists fit neither 1 nor `channels`.
    func perChannel(_ channels: Int) throws -> (mean: [Float], std: [Float]) {
        func expand(_ v: [Float]) throws -> [Float] {
            if v.count == 1 { return [Float](repeating: v[0], count: channels) }
            guard v.count == channels else {
                throw DatasetSampleError.channelMismatch(values: v.count, channels: channels)
            }
            return v
        }
        return (try expand(mean), try expand(std))
    }
}
