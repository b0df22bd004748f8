// libFuzzer target: `.npy` decoding through ImageDecoder (header parse, size checks, rows).
// Built by tools/fuzz.sh with `swiftc -sanitize=fuzzer,address -parse-as-library` against an
// instrumented build of the library modules; never part of `swift build`.
// Inputs without the NumPy magic get it prepended, so mutations stay on the NPY path; the
// decoder must return a tensor or throw one of its errors, never trap.
import ImageCodecs

private let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

@_cdecl("LLVMFuzzerTestOneInput")
public func npyFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    if !bytes.starts(with: magic) { bytes = magic + bytes }
    let options = DecodeOptions(maxPixels: 1 << 22)
    do {
        let image = try ImageDecoder.decode(bytes: bytes, options: options)
        let t = image.tensor
        if t.data.count != t.height * t.width * t.channels { fatalError("tensor size mismatch") }
        _ = try ImageDecoder.header(bytes: bytes)
    } catch {
        _ = String(describing: error)  // every error must describe itself without trapping
    }
    return 0
}
