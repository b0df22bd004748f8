#if canImport(Glibc)
import Glibc

/// glibc's allocator, tuned for a batch of images.
///
/// By default glibc gives every block above 128 KiB (a threshold that grows, up to 32 MiB, as
/// such blocks are freed) its own `mmap`, and trims freed memory at the top of a heap back to
/// the kernel; each image's band buffers, pooled planes and encoded output are then fresh
/// pages that fault in (and are zeroed by the kernel) again for every image: 4–9 % of a
/// thumbnail run. Keeping blocks below 64 MiB in the heaps and not trimming below 256 MiB
/// lets the next image reuse the same pages. Peak memory is still bounded by the largest
/// images in flight (`--jobs` of them). `mallopt` is looked up at run time because Swift's
/// Glibc module does not export `<malloc.h>`; on other C libraries this does nothing.
enum AllocatorTuning {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    /// `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD` from `<malloc.h>`.
    private static let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3

    static func apply() {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, 64 << 20)
        _ = mallopt(trimThreshold, 256 << 20)
    }
}
#else
enum AllocatorTuning {
    static func apply() {}
}
#endif
