#if canImport(Glibc)
import Glibc
#endif
import ImageTensor

/// Outputs at least this large ask the kernel for transparent huge pages.
let hugePageThreshold = 8 << 20

/// A kernel's output tensor, written by `body`.
///
/// On Linux, before the first write, a large output's whole 2 MiB pages are advised
/// `MADV_HUGEPAGE`: a fresh 50 MB output otherwise costs some 12,800 page faults, about as
/// long as pooling it. Only a hint — where transparent huge pages are off nothing changes.
/// - Precondition: `body` writes every sample.
func pooledTensor(height: Int, width: Int, channels: Int,
                  _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
    Tensor(height: height, width: width, channels: channels) { buffer in
        #if os(Linux)
        let bytes = buffer.count * MemoryLayout<Float>.size
        if bytes >= hugePageThreshold, let base = buffer.baseAddress {
            let huge = 2 << 20
            let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
            let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
            if end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
                _ = madvise(pointer, end - start, MADV_HUGEPAGE)
            }
        }
        #endif
        body(buffer)
    }
}
