import ArgumentParser
import ImageCodecs
import Pipeline

/// The dataset flags of batch commands: `--pack`, `--shard-size`, `--dtype`, `--layout`,
/// `--normalize`, `--labels`. Included in `BatchCLIOptions`.
struct DatasetCLIOptions: ParsableArguments {
    @Option(help: "Pack outputs for training: tar (WebDataset shards OUT/shard-000000.tar, …) or npy (one array OUT/data.npy with OUT/index.jsonl). Default: one file per input.")
    var pack: String?

    @Option(name: .customLong("shard-size"), help: "Samples per tar shard with --pack tar.")
    var shardSize: Int = 1000

    @Option(help: "Element type of .npy outputs: float32, float16 or uint8 (round(v*255), clamped).")
    var dtype: String?

    @Option(help: "Axis order of .npy outputs: hwc or chw.")
    var layout: String?

    @Option(help: "Per-channel (v - mean) / std after the stages, for float .npy outputs: imagenet, or MEAN/STD (e.g. 0.5/0.25 or 0.485,0.456,0.406/0.229,0.224,0.225).")
    var normalize: String?

    @Option(help: "Labels for --pack: folder (the first folder under the input folder is the class; classes sorted by name into OUT/classes.json).")
    var labels: String?

    @Flag(name: .customLong("exact-resize"), help: "With --pack: decode JPEGs to RGB at full size and resize that, the exact resize (by default a leading resize of a JPEG runs on its planes as stored, shrunk while decoding when it goes to 1/8 of the size or less: within 40 dB PSNR of this, typically 54).")
    var exactResize = false

    /// The dataset options and the output format they imply (`--format same` with `--pack`
    /// means npy samples), or the first mistake.
    func resolved(format: OutputFormatChoice) throws -> (DatasetOptions, OutputFormatChoice) {
        func choice<T: RawRepresentable & CaseIterable>(_ flag: String, _ value: String?, _: T.Type,
                                                         except: [String] = []) throws -> T? where T.RawValue == String {
            guard let value else { return nil }
            guard let v = T(rawValue: value.lowercased()), !except.contains(value.lowercased()) else {
                let valid = T.allCases.map(\.rawValue).filter { !except.contains($0) }
                throw BatchCLIUsageError(reason: "\(flag) \"\(value)\" is not \(valid.joined(separator: ", "))")
            }
            return v
        }
        var options = DatasetOptions()
        options.pack = try choice("--pack", pack, PackKind.self, except: ["none"]) ?? .none
        options.dtype = try choice("--dtype", dtype, SampleDType.self) ?? .float32
        options.layout = try choice("--layout", layout, SampleLayout.self) ?? .hwc
        options.labels = try choice("--labels", labels, LabelSource.self, except: ["none"]) ?? .none
        guard shardSize >= 1 else { throw BatchCLIUsageError(reason: "--shard-size \(shardSize) must be at least 1") }
        options.shardSize = shardSize
        options.exactResize = exactResize
        if let n = normalize {
            do { options.normalization = try Normalization.parse(n) } catch {
                throw BatchCLIUsageError(reason: "\(error)")
            }
        }
        var fmt = format
        if options.pack != .none, fmt == .same { fmt = .fixed(.npy) }
        if options.pack == .npy, fmt != .fixed(.npy) {
            throw BatchCLIUsageError(reason: "--pack npy writes one .npy array; leave --format out or give --format npy")
        }
        // With --format same, .npy inputs give .npy outputs, which take the flags.
        var npyOut = true
        if case .fixed(let k) = fmt { npyOut = k == .npy }
        do {
            try options.validate(npyOut: npyOut)
        } catch {
            throw BatchCLIUsageError(reason: "\(error)")
        }
        if pack == nil, shardSize != 1000 {
            throw BatchCLIUsageError(reason: "--shard-size applies to --pack tar")
        }
        return (options, fmt)
    }
}
