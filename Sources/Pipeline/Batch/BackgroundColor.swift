/// An opaque sRGB colour for `--background`: a CSS colour name or `#rrggbb` / `#rgb`.
public struct BackgroundColor: Sendable, Equatable, CustomStringConvertible {
    /// 8-bit sRGB components.
    public var red: UInt8, green: UInt8, blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red; self.green = green; self.blue = blue
    }

    /// White, the default.
    public static let white = BackgroundColor(red: 255, green: 255, blue: 255)

    /// The sixteen CSS basic colour names (CSS Color Level 3 §4.1) plus `grey`, `cyan`,
    /// `magenta` and `orange`, with their CSS sRGB values.
    public static let names: [(String, BackgroundColor)] = [
        ("white", .init(red: 255, green: 255, blue: 255)), ("black", .init(red: 0, green: 0, blue: 0)),
        ("gray", .init(red: 128, green: 128, blue: 128)), ("grey", .init(red: 128, green: 128, blue: 128)),
        ("silver", .init(red: 192, green: 192, blue: 192)), ("red", .init(red: 255, green: 0, blue: 0)),
        ("maroon", .init(red: 128, green: 0, blue: 0)), ("yellow", .init(red: 255, green: 255, blue: 0)),
        ("olive", .init(red: 128, green: 128, blue: 0)), ("lime", .init(red: 0, green: 255, blue: 0)),
        ("green", .init(red: 0, green: 128, blue: 0)), ("aqua", .init(red: 0, green: 255, blue: 255)),
        ("cyan", .init(red: 0, green: 255, blue: 255)), ("teal", .init(red: 0, green: 128, blue: 128)),
        ("blue", .init(red: 0, green: 0, blue: 255)), ("navy", .init(red: 0, green: 0, blue: 128)),
        ("fuchsia", .init(red: 255, green: 0, blue: 255)), ("magenta", .init(red: 255, green: 0, blue: 255)),
        ("purple", .init(red: 128, green: 0, blue: 128)), ("orange", .init(red: 255, green: 165, blue: 0)),
    ]

    /// Parses a name (case-insensitive) or `#rrggbb` / `#rgb`; nil when it is neither.
    public init?(argument: String) {
        let text = argument.lowercased()
        if let named = Self.names.first(where: { $0.0 == text }) {
            self = named.1
            return
        }
        guard text.hasPrefix("#") else { return nil }
        let hex = Array(text.dropFirst())
        guard hex.count == 3 || hex.count == 6, hex.allSatisfy(\.isHexDigit) else { return nil }
        let digits = hex.count == 3 ? hex.flatMap { [$0, $0] } : hex
        func byte(_ i: Int) -> UInt8 { UInt8(String(digits[(2 * i)...(2 * i + 1)]), radix: 16) ?? 0 }
        self.init(red: byte(0), green: byte(1), blue: byte(2))
    }

    /// `#rrggbb`, lower case: what the manifest records.
    public var description: String {
        let hex = [red, green, blue].map { v -> String in
            let s = String(v, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + hex.joined()
    }

    /// Whether the colour is a gray (equal components), so gray images stay gray on it.
    public var isGray: Bool { red == green && green == blue }
}
