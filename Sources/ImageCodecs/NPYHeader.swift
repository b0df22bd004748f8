/// The parsed header of a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0).
struct NPYHeader: Equatable {
    enum DType: Equatable {
        case uint8, uint16(bigEndian: Bool), float32(bigEndian: Bool)
        case float16(bigEndian: Bool), float64(bigEndian: Bool)
        var itemSize: Int {
            switch self {
            case .uint8: return 1
            case .uint16, .float16: return 2
            case .float32: return 4
            case .float64: return 8
            }
        }
        var bitDepth: Int { itemSize * 8 }
    }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    var dtype: DType
    var height: Int
    var width: Int
    var channels: Int
    /// Offset of the first data byte.
    var dataOffset: Int

    /// Parses and validates the header of `bytes`, including the data size.
    /// - Throws: `NPYDecodingError`.
    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 10, Array(bytes[0..<6]) == Self.magic else {
            throw NPYDecodingError.malformedHeader(detail: "file is shorter than the .npy preamble")
        }
        let major = Int(bytes[6]), minor = Int(bytes[7])
        let lengthSize: Int
        switch major {
        case 1: lengthSize = 2
        case 2, 3: lengthSize = 4
        default: throw NPYDecodingError.unsupportedVersion(major: major, minor: minor)
        }
        guard bytes.count >= 8 + lengthSize else {
            throw NPYDecodingError.malformedHeader(detail: "file ends inside the header length")
        }
        var headerLength = 0
        for i in (0..<lengthSize).reversed() { headerLength = headerLength << 8 | Int(bytes[8 + i]) }
        let start = 8 + lengthSize
        guard headerLength <= bytes.count - start else {
            throw NPYDecodingError.malformedHeader(detail: "header says \(headerLength) bytes but the file ends first")
        }
        let text = String(decoding: bytes[start..<(start + headerLength)], as: UTF8.self)
        let fields = try NPYHeaderDict.parse(text)
        guard let descr = fields["descr"], let fortran = fields["fortran_order"], let shapeText = fields["shape"] else {
            throw NPYDecodingError.malformedHeader(detail: "needs 'descr', 'fortran_order' and 'shape'")
        }
        switch fortran {
        case "False": break
        case "True": throw NPYDecodingError.fortranOrder
        default: throw NPYDecodingError.malformedHeader(detail: "fortran_order is \(fortran)")
        }
        dtype = try Self.dtype(descr)
        let shape = try NPYHeaderDict.parseShape(shapeText)
        guard shape.count == 2 || shape.count == 3, shape[0] > 0, shape[1] > 0,
              shape.count == 2 || (1...4).contains(shape[2]) else {
            throw NPYDecodingError.badShape(shape)
        }
        height = shape[0]
        width = shape[1]
        channels = shape.count == 3 ? shape[2] : 1
        dataOffset = start + headerLength
        let (pixels, o1) = height.multipliedReportingOverflow(by: width)
        let (expected, o2) = pixels.multipliedReportingOverflow(by: channels * dtype.itemSize)
        let actual = bytes.count - dataOffset
        if o1 || o2 || expected != actual {
            throw NPYDecodingError.sizeMismatch(expected: o1 || o2 ? Int.max : expected, actual: actual)
        }
    }

    private static func dtype(_ descr: String) throws -> DType {
        guard descr.count >= 2 else { throw NPYDecodingError.unsupportedDType(descr) }
        let order = descr.first!
        let kind = String(descr.dropFirst())
        let big = order == ">"
        guard "<>|=".contains(order) else { throw NPYDecodingError.unsupportedDType(descr) }
        switch kind {
        case "u1": return .uint8
        case "u2" where order != "|": return .uint16(bigEndian: big)
        case "f4" where order != "|": return .float32(bigEndian: big)
        case "f2" where order != "|": return .float16(bigEndian: big)
        case "f8" where order != "|": return .float64(bigEndian: big)
        default: throw NPYDecodingError.unsupportedDType(descr)
        }
    }
}

/// The Python-literal dict of an `.npy` header, read just far enough for NumPy's own output.
enum NPYHeaderDict {
    /// Splits `{'key': value, ...}` into raw value texts keyed by name (quotes removed from
    /// string values).
    static func parse(_ text: String) throws -> [String: String] {
        var body = Substring(text.trimmingWhitespace())
        guard body.first == "{", body.last == "}" else {
            throw NPYDecodingError.malformedHeader(detail: "header is not a {...} dict")
        }
        body = body.dropFirst().dropLast()
        var fields: [String: String] = [:]
        var depth = 0, current = "", parts: [String] = []
        for ch in body {
            if ch == "(" || ch == "[" { depth += 1 }
            if ch == ")" || ch == "]" { depth -= 1 }
            if ch == "," && depth == 0 { parts.append(current); current = ""; continue }
            current.append(ch)
        }
        parts.append(current)
        for part in parts {
            let item = part.trimmingWhitespace()
            if item.isEmpty { continue }
            guard let colon = item.firstIndex(of: ":") else {
                throw NPYDecodingError.malformedHeader(detail: "entry '\(item)' has no ':'")
            }
            let key = unquote(String(item[..<colon]).trimmingWhitespace())
            let value = String(item[item.index(after: colon)...]).trimmingWhitespace()
            guard let key else { throw NPYDecodingError.malformedHeader(detail: "unquoted key in '\(item)'") }
            fields[key] = unquote(value) ?? value
        }
        return fields
    }

    /// Parses `(3, 4)`, `(3, 4, 2)`, `(5,)`.
    static func parseShape(_ text: String) throws -> [Int] {
        guard text.hasPrefix("("), text.hasSuffix(")") else {
            throw NPYDecodingError.malformedHeader(detail: "shape \(text) is not a tuple")
        }
        let inner = text.dropFirst().dropLast()
        var dims: [Int] = []
        for piece in inner.split(separator: ",", omittingEmptySubsequences: false) {
            let t = String(piece).trimmingWhitespace()
            if t.isEmpty { continue }
            let digits = t.hasSuffix("L") ? String(t.dropLast()) : t
            guard let v = Int(digits), v >= 0 else {
                throw NPYDecodingError.malformedHeader(detail: "shape entry '\(t)' is not a size")
            }
            dims.append(v)
        }
        return dims
    }

    private static func unquote(_ s: String) -> String? {
        guard s.count >= 2, let f = s.first, f == "'" || f == "\"", s.last == f else { return nil }
        return String(s.dropFirst().dropLast())
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        var sub = Substring(self)
        while let c = sub.first, c == " " || c == "\t" || c == "\n" || c == "\r" { sub.removeFirst() }
        while let c = sub.last, c == " " || c == "\t" || c == "\n" || c == "\r" { sub.removeLast() }
        return String(sub)
    }
}
