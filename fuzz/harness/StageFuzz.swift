// libFuzzer target: the stage-language parser (`StageList.parse`), its canonical form and
// the size planner. Built by tools/fuzz.sh with `swiftc -sanitize=fuzzer,address`; never
// part of `swift build`.
// Properties: parsing never traps; a parsed list's canonical form parses to the same
// canonical form; planning it on a few sizes returns steps or throws, never traps.
import Pipeline

@_cdecl("LLVMFuzzerTestOneInput")
public func stageFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size <= 4096, let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let list = try? StageList.parse(text) else { return 0 }
    let canonical = list.canonical
    guard let again = try? StageList.parse(canonical) else {
        fatalError("canonical form does not parse: \(canonical) (from \(text))")
    }
    if again.canonical != canonical {
        fatalError("canonical form is not stable: \(canonical) -> \(again.canonical)")
    }
    for (h, w) in [(1, 1), (7, 5), (64, 48), (1000, 3)] {
        if let steps = try? list.steps(height: h, width: w) {
            for s in steps where s.outputHeight < 1 || s.outputWidth < 1 {
                fatalError("planned a step below 1x1: \(s) for \(canonical)")
            }
        }
    }
    return 0
}
