import ImageTensor
import ImageCodecs

/// Encodes one output tensor as a pack sample: for a tar shard its members in name order —
/// `<key>.cls` (with labels: the label in decimal), `<key>.json` (key, source, shapes,
/// dtype and layout, label and class) and `<key>.npy` (or `.png`/`.jpg`) — or, for
/// `--pack npy`, the raw row.
struct DatasetSampleMaker: Sendable {
    let options: DatasetOptions
    /// The payload format.
    let kind: OutputFormat
    let encoder: SampleEncoder

    init(options: DatasetOptions, kind: OutputFormat) {
        self.options = options
        self.kind = kind
        self.encoder = SampleEncoder(options)
    }

    /// - Parameter encodeImage: encodes a PNG/JPEG payload (the batch's encoder settings).
    /// - Throws: `DatasetSampleError`, `EncodingError`.
    func sample(key: String, source: String, label: (label: Int, name: String)?, tensor: Tensor,
                inputShape: [Int], encodeImage: (Tensor) throws -> [UInt8]) throws -> DatasetSample {
        let stored = kind == .npy ? encoder.shape(of: tensor) : tensor.shape
        var out = DatasetSample(key: key, source: source, label: label, outputShape: tensor.shape,
                                storedShape: stored, bytes: [])
        if options.pack == .npy {
            let size = tensor.count * options.dtype.itemSize
            out.bytes = try [UInt8](unsafeUninitializedCapacity: size) { buf, n in
                try encoder.writePayload(tensor, to: UnsafeMutableRawPointer(buf.baseAddress!))
                n = size
            }
            return out
        }
        var fields: [(String, JSONValue)] = [
            ("key", .string(key)), ("source", .string(source)),
            ("input_shape", .array(inputShape.map { .int($0) })),
            ("output_shape", .array(tensor.shape.map { .int($0) })),
        ]
        if kind == .npy {
            fields += [("dtype", .string(options.dtype.rawValue)), ("layout", .string(options.layout.rawValue)),
                       ("shape", .array(stored.map { .int($0) }))]
            if let n = options.normalization { fields.append(("normalize", .string(n.description))) }
        }
        if let label { fields += [("label", .int(label.label)), ("class", .string(label.name))] }
        let json = Array((JSONValue.object(fields).serialized + "\n").utf8)

        var members: [(String, Int, (inout [UInt8]) throws -> Void)] = []
        if let label {
            let cls = Array(String(label.label).utf8)
            members.append((key + ".cls", cls.count, { $0.append(contentsOf: cls) }))
        }
        members.append((key + ".json", json.count, { $0.append(contentsOf: json) }))
        if kind == .npy {
            let header = NPYFormat.header(descr: options.dtype.npyDescr, shape: stored)
            let size = header.count + tensor.count * options.dtype.itemSize
            members.append((key + ".npy", size, { buf in
                buf.append(contentsOf: header)
                try encoder.appendPayload(tensor, to: &buf)
            }))
        } else {
            let image = try encodeImage(tensor)
            members.append((key + "." + kind.fileExtension, image.count, { $0.append(contentsOf: image) }))
        }
        members.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        let total = members.reduce(0) { $0 + TarWriter.blockSize + $1.1 + TarWriter.padding($1.1) }
        out.bytes.reserveCapacity(total)
        for (name, size, write) in members {
            try TarWriter.appendMember(name: name, size: size, to: &out.bytes, write: write)
        }
        return out
    }
}
