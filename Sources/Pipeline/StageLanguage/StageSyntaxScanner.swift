import Pooling

/// A character scanner for one stage's text (`op(args)`), producing argument values.
///
/// Errors are thrown as plain reason phrases (`ScanFailure`); `StageSyntax` adds the stage
/// index and text.
struct StageSyntaxScanner {
    /// A reason phrase such as `missing ")"`.
    struct ScanFailure: Error { let reason: String }

    let chars: [Character]
    var pos = 0

    init(_ text: String) { chars = Array(text) }

    var atEnd: Bool { pos >= chars.count }
    var peek: Character? { pos < chars.count ? chars[pos] : nil }

    /// The character `offset` places after the current one, if any.
    func peek(at offset: Int) -> Character? {
        pos + offset < chars.count ? chars[pos + offset] : nil
    }

    mutating func skipWhitespace() {
        while let c = peek, c.isWhitespace { pos += 1 }
    }

    /// The next character as shown in messages: `")"`, or `end of text`.
    var shownNext: String {
        guard let c = peek else { return "the end" }
        return "\"\(c)\""
    }

    static func isIdentifierStart(_ c: Character) -> Bool {
        c == "_" || (c.isASCII && c.isLetter)
    }

    static func isIdentifierBody(_ c: Character) -> Bool {
        isIdentifierStart(c) || (c.isASCII && c.isNumber)
    }

    static func isDigit(_ c: Character?) -> Bool {
        guard let c else { return false }
        return c.isASCII && c.isNumber
    }

    /// The size separators accepted between height and width: `x`, `X` and `×`.
    static func isSizeSeparator(_ c: Character?) -> Bool {
        c == "x" || c == "X" || c == "×"
    }

    /// Reads an identifier (`[A-Za-z_][A-Za-z0-9_]*`) if one starts here.
    mutating func identifier() -> String? {
        guard let c = peek, Self.isIdentifierStart(c) else { return nil }
        let start = pos
        while let c = peek, Self.isIdentifierBody(c) { pos += 1 }
        return String(chars[start..<pos])
    }

    /// Whether an identifier followed by `=` starts here (a named argument).
    func startsNamedArgument() -> Bool {
        var probe = self
        guard probe.identifier() != nil else { return false }
        probe.skipWhitespace()
        return probe.peek == "="
    }

    /// Reads one argument value: a number, a size `HxW`, `true`/`false`, a bare word or a
    /// quoted word.
    /// - Precondition: whitespace before the value has been skipped.
    mutating func value() throws -> ArgValue {
        guard let c = peek else { throw ScanFailure(reason: "missing \")\"") }
        if c == "\"" || c == "'" { return try quoted(c) }
        if Self.isDigit(c) || c == "." || c == "-" || c == "+" { return try numberOrSize() }
        if var word = identifier() {
            // A bare word may hold hyphens between its parts: `top-left`.
            while peek == "-", let next = peek(at: 1), Self.isIdentifierStart(next) {
                pos += 1
                word += "-" + (identifier() ?? "")
            }
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .word(word)
            }
        }
        throw ScanFailure(reason: "expected an argument value, found \"\(c)\"")
    }

    private mutating func quoted(_ quote: Character) throws -> ArgValue {
        pos += 1
        let start = pos
        while let c = peek, c != quote { pos += 1 }
        guard peek == quote else { throw ScanFailure(reason: "missing closing \(quote)") }
        let word = String(chars[start..<pos])
        pos += 1
        return .word(word)
    }

    /// Reads a number; a whole number followed by `x`/`X`/`×` and another whole number is a size.
    private mutating func numberOrSize() throws -> ArgValue {
        let start = pos
        let (text, isWhole) = try numberText()
        var probe = self
        probe.skipWhitespace()
        if Self.isSizeSeparator(probe.peek) {
            probe.pos += 1
            probe.skipWhitespace()
            if Self.isDigit(probe.peek) {
                self = probe
                let (second, secondWhole) = try numberText()
                let shown = String(chars[start..<pos])
                guard isWhole, secondWhole, let h = Int(text), let w = Int(second),
                      !text.hasPrefix("+"), !text.hasPrefix("-") else {
                    throw ScanFailure(reason: "size \"\(shown)\" needs two whole numbers")
                }
                return .size(h, w)
            }
        }
        if isWhole {
            guard let v = Int(text) else { throw ScanFailure(reason: "number \(text) is too large") }
            return .int(v)
        }
        guard let v = Double(text), v.isFinite else {
            throw ScanFailure(reason: "number \(text) is out of range")
        }
        return .real(v)
    }

    /// Reads `[+-]digits[.digits][e[+-]digits]` and says whether it is a whole number.
    private mutating func numberText() throws -> (String, Bool) {
        let start = pos
        if peek == "+" || peek == "-" { pos += 1 }
        var digits = 0
        var whole = true
        while Self.isDigit(peek) { pos += 1; digits += 1 }
        if peek == "." {
            whole = false
            pos += 1
            while Self.isDigit(peek) { pos += 1; digits += 1 }
        }
        guard digits > 0 else {
            throw ScanFailure(reason: "expected a number, found \"\(String(chars[start..<pos]))\"")
        }
        if peek == "e" || peek == "E" {
            let signed = peek(at: 1) == "+" || peek(at: 1) == "-"
            if Self.isDigit(peek(at: signed ? 2 : 1)) {
                whole = false
                pos += signed ? 2 : 1
                while Self.isDigit(peek) { pos += 1 }
            }
        }
        return (String(chars[start..<pos]), whole)
    }
}
