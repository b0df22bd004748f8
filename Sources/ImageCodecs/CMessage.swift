/// Text of a C shim's message buffer (`char msg[N]`, NUL-terminated), for the package's own
/// Swift wrappers of its C shims; not part of the public API.
package enum CMessage {
    /// The bytes before the first NUL (all of them when there is none), as UTF-8.
    package static func text(_ buffer: [CChar]) -> String {
        let end = buffer.firstIndex(of: 0) ?? buffer.endIndex
        return String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
