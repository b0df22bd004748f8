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
                if let p = buf.baseAddress { try encoder.writePayload(tensor, to: UnsafeMutableRawPointer(p)) }
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

        // The members in name order, then one buffer of exactly the archive bytes, each
        // member's header, content and padding written in place (the payload encoded
        // straight into it): one allocation, no copy of the payload.
        enum Content { case bytes([UInt8]), npy(header: [UInt8]) }
        var members: [(name: String, size: Int, content: Content)] = []
        if let label {
            let cls = Array(String(label.label).utf8)
            members.append((key + ".cls", cls.count, .bytes(cls)))
        }
        members.append((key + ".json", json.count, .bytes(json)))
        if kind == .npy {
            let header = NPYFormat.header(descr: options.dtype.npyDescr, shape: stored)
            members.append((key + ".npy", header.count + tensor.count * options.dtype.itemSize, .npy(header: header)))
        } else {
            let image = try encodeImage(tensor)
            members.append((key + "." + kind.fileExtension, image.count, .bytes(image)))
        }
        members.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let total = members.reduce(0) { $0 + TarWriter.memberSize($1.size) }
        out.bytes = try [UInt8](unsafeUninitializedCapacity: total) { buf, count in
            var at = UnsafeMutableRawPointer(buf.baseAddress!)
            for m in members {
                at += try TarWriter.writeMember(name: m.name, size: m.size, to: at) { dst in
                    switch m.content {
                    case .bytes(let b):
                        b.withUnsafeBytes { if let p = $0.baseAddress { dst.copyMemory(from: p, byteCount: $0.count) } }
                    case .npy(let header):
                        header.withUnsafeBytes { if let p = $0.baseAddress { dst.copyMemory(from: p, byteCount: $0.count) } }
                        try encoder.writePayload(tensor, to: dst + header.count)
                    }
                }
            }
            count = total
        }
        return out
    }
}
