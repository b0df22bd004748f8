import Foundation

/// How a run packs its outputs for training (`--pack`).
public enum PackKind: String, Sendable, CaseIterable {
    /// One file per input (the default).
    case none
    /// WebDataset tar shards `shard-000000.tar`, … (`shard-K-of-N-000000.tar` for a cluster shard).
    case tar
    /// One array `data.npy` `(N, …)` with `index.jsonl`.
    case npy
}

/// The element type of `.npy` outputs (`--dtype`).
public enum SampleDType: String, Sendable, CaseIterable {
    case float32, float16, uint8

    /// NumPy's `descr` for the type, little-endian.
    public var npyDescr: String {
        switch self {
        case .float32: return "<f4"
        case .float16: return "<f2"
        case .uint8: return "|u1"
        }
    }

    /// Bytes per sample.
    public var itemSize: Int {
        switch self {
        case .float32: return 4
        case .float16: return 2
        case .uint8: return 1
        }
    }
}

/// The axis order of `.npy` outputs (`--layout`).
public enum SampleLayout: String, Sendable, CaseIterable {
    /// `(H, W, C)`, the tensor's own order.
    case hwc
    /// `(C, H, W)`, PyTorch's order.
    case chw

    /// The stored shape of an `[H, W, C]` tensor shape.
    public func shape(_ hwc: [Int]) -> [Int] {
        self == .hwc ? hwc : [hwc[2], hwc[0], hwc[1]]
    }
}

/// Where labels come from (`--labels`).
public enum LabelSource: String, Sendable, CaseIterable {
    case none
    /// The first folder under the input folder (torchvision's ImageFolder convention).
    case folder
}

/// The options of dataset outputs: packing, sample type, layout, normalisation, labels.
public struct DatasetOptions: Sendable, Equatable {
    public var pack: PackKind
    public var dtype: SampleDType
    public var layout: SampleLayout
    /// Per-channel `(v − mean) / std` after the stages; nil: samples as the stages left them.
    public var normalization: Normalization?
    public var labels: LabelSource
    /// Samples per tar shard, ≥ 1.
    public var shardSize: Int
    /// With a pack: never shrink JPEGs while decoding (`ShrinkOnLoad`).
    public var exactResize = false

    public init(pack: PackKind = .none, dtype: SampleDType = .float32, layout: SampleLayout = .hwc,
                normalization: Normalization? = nil, labels: LabelSource = .none, shardSize: Int = 1000) {
        self.pack = pack; self.dtype = dtype; self.layout = layout
        self.normalization = normalization; self.labels = labels; self.shardSize = max(1, shardSize)
    }

    /// Whether `.npy` samples differ from the plain float32 HWC encoding.
    public var transformsSamples: Bool {
        dtype != .float32 || layout != .hwc || normalization != nil
    }

    /// The options as recorded in the manifest's `settings` (compared when resuming); empty
    /// for the defaults, so per-file runs record what they always did.
    public var settings: String {
        var parts: [String] = []
        if pack != .none { parts.append("pack=\(pack.rawValue)") }
        if pack == .tar { parts.append("shard_size=\(shardSize)") }
        if transformsSamples {
            parts.append("dtype=\(dtype.rawValue) layout=\(layout.rawValue)")
            parts.append("normalize=\(normalization?.description ?? "none")")
        }
        if labels != .none { parts.append("labels=\(labels.rawValue)") }
        if pack != .none && exactResize { parts.append("exact_resize=true") }
        return parts.joined(separator: " ")
    }

    /// Checks the combination with the output format; the reason is a usage error.
    /// - Parameter npyOut: whether samples are written as `.npy`.
    public func validate(npyOut: Bool) throws {
        if normalization != nil && dtype == .uint8 {
            throw DatasetOptionsError("--normalize gives values outside 0...1; use --dtype float32 or float16 with it, not uint8")
        }
        if !npyOut && transformsSamples {
            throw DatasetOptionsError("--dtype, --layout and --normalize apply to .npy outputs; use --format npy (or leave --format out with --pack)")
        }
        if pack == .none && labels != .none {
            throw DatasetOptionsError("--labels needs --pack tar or --pack npy (per-file outputs keep their class folders)")
        }
    }
}

/// A bad combination or value of dataset options (a usage error).
public struct DatasetOptionsError: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
