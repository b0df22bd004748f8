/// A fixed copy of encoded bytes at a stable address, for C decoders that keep a pointer
/// into their input until they are closed.
final class OwnedBytes {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int

    /// Copies `bytes`.
    init(copying bytes: [UInt8]) {
        count = bytes.count
        base = .allocate(capacity: max(count, 1))
        bytes.withUnsafeBufferPointer { src in
            if let s = src.baseAddress { base.initialize(from: s, count: count) }
        }
    }

    deinit { base.deallocate() }
}
