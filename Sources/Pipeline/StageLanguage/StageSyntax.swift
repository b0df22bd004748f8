import Pooling

/// A `name=value` argument as written, in the order written.
public struct NamedArgument: Sendable, Equatable {
    public var name: String
    public var value: ArgValue
    public init(_ name: String, _ value: ArgValue) { self.name = name; self.value = value }
}

/// One stage as written, before its op is looked up: `op(positional..., name=value...)`.
///
/// Grammar (whitespace allowed between any two tokens):
/// ```
/// list  := stage ('|' stage)*
/// stage := NAME [ '(' [ arg (',' arg)* ] ')' ]
/// arg   := value | NAME '=' value          -- positional arguments first
/// value := INT | REAL | INT ('x'|'X'|'×') INT | true | false | NAME | "word" | 'word'
/// ```
/// Reals are written `2.5`, `.5`, `1e-3`; a size is height × width, and the three separator
/// spellings are equivalent (canonical forms use `x`).
public struct StageSyntax: Sendable, Equatable {
    /// The op name, e.g. `max`.
    public var op: String
    /// Positional arguments in order.
    public var positional: [ArgValue]
    /// Named arguments in the order written (including `repeat`/`until`).
    public var named: [NamedArgument]
    /// The stage text as the user wrote it, trimmed of surrounding whitespace.
    public var source: String

    public init(op: String, positional: [ArgValue] = [], named: [NamedArgument] = [], source: String) {
        self.op = op; self.positional = positional; self.named = named; self.source = source
    }

    /// Splits `spec` at every `|` outside quotes and parses each stage.
    /// Throws `StageListError` (`emptyList`, `emptyStage`, `syntax`) naming the stage.
    public static func parseList(_ spec: String) throws -> [StageSyntax] {
        let pieces = split(spec)
        if pieces.count == 1, pieces[0].allSatisfy(\.isWhitespace) { throw StageListError.emptyList }
        return try pieces.enumerated().map { try parse($0.element, index: $0.offset + 1) }
    }

    /// Parses the text of one stage; `index` (1-based) is used in error messages.
    public static func parse(_ text: String, index: Int) throws -> StageSyntax {
        let source = text.trimmingWhitespace()
        if source.isEmpty { throw StageListError.emptyStage(index: index) }
        var s = StageSyntaxScanner(source)
        do {
            guard let op = s.identifier() else {
                throw StageSyntaxScanner.ScanFailure(reason: "expected an op name, found \(s.shownNext)")
            }
            var stage = StageSyntax(op: op, source: source)
            s.skipWhitespace()
            if s.atEnd { return stage }
            guard s.peek == "(" else {
                throw StageSyntaxScanner.ScanFailure(
                    reason: "expected \"(\" after \"\(op)\", found \(s.shownNext)")
            }
            s.pos += 1
            try parseArguments(&s, into: &stage)
            s.skipWhitespace()
            if !s.atEnd {
                throw StageSyntaxScanner.ScanFailure(reason: "unexpected \(s.shownNext) after \")\"")
            }
            return stage
        } catch let failure as StageSyntaxScanner.ScanFailure {
            throw StageListError.syntax(index: index, stage: source, reason: failure.reason)
        }
    }

    /// Parses one value on its own (`3`, `3x3`, `same`, `"same"`, `2.5`, `true`), as a config
    /// string is read; `nil` when the whole text is not exactly one value.
    public static func parseValue(_ text: String) -> ArgValue? {
        var s = StageSyntaxScanner(text.trimmingWhitespace())
        guard let v = try? s.value() else { return nil }
        s.skipWhitespace()
        return s.atEnd ? v : nil
    }

    /// Reads `args )` after the opening parenthesis.
    private static func parseArguments(_ s: inout StageSyntaxScanner, into stage: inout StageSyntax) throws {
        s.skipWhitespace()
        if s.peek == ")" { s.pos += 1; return }
        while true {
            s.skipWhitespace()
            if s.atEnd { throw StageSyntaxScanner.ScanFailure(reason: "missing \")\"") }
            let shown: String
            if s.startsNamedArgument() {
                let name = s.identifier()!
                s.skipWhitespace()
                s.pos += 1  // "="
                s.skipWhitespace()
                if s.atEnd || s.peek == "," || s.peek == ")" {
                    throw StageSyntaxScanner.ScanFailure(reason: "missing value for \(name)")
                }
                let value = try s.value()
                stage.named.append(NamedArgument(name, value))
                shown = "\(name)=\(value)"
            } else {
                if s.peek == "," || s.peek == ")" {
                    throw StageSyntaxScanner.ScanFailure(reason: "missing argument before \(s.shownNext)")
                }
                let value = try s.value()
                if let first = stage.named.first {
                    throw StageSyntaxScanner.ScanFailure(
                        reason: "positional argument \(value) after named argument \(first.name)")
                }
                stage.positional.append(value)
                shown = value.description
            }
            s.skipWhitespace()
            switch s.peek {
            case ",": s.pos += 1
            case ")": s.pos += 1; return
            case nil: throw StageSyntaxScanner.ScanFailure(reason: "missing \")\"")
            default:
                throw StageSyntaxScanner.ScanFailure(
                    reason: "expected \",\" or \")\" after \(shown), found \(s.shownNext)")
            }
        }
    }

    /// Splits at `|` outside single or double quotes.
    static func split(_ spec: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quote: Character? = nil
        for c in spec {
            if let q = quote {
                if c == q { quote = nil }
                current.append(c)
            } else if c == "\"" || c == "'" {
                quote = c
                current.append(c)
            } else if c == "|" {
                pieces.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        pieces.append(current)
        return pieces
    }
}

extension String {
    /// The string without leading and trailing whitespace (spaces, tabs, newlines).
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
