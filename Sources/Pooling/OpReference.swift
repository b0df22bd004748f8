/// The stage-language reference printed by `poolpipe ops` and `poolpipe help stages`,
/// made from an `OpRegistry`, so a newly registered op appears in it with no other change.
public enum OpReference {
    /// The reference text: the grammar in brief, then each op in registration order with its
    /// signature, meaning, arguments (range and default) and an example. Ends with a newline.
    public static func render(_ registry: OpRegistry = .standard) -> String {
        var lines = [
            "Stage language: stages separated by '|', each op(args): positional arguments in the",
            "order shown, then name=value. Sizes are N or HxW (height x width). An op without",
            "arguments may drop its parentheses. Every stage also takes repeat=N (apply N times)",
            "or until=S (apply while the longest side is greater than S).",
            "  poolpipe run photos/ -o out/ --stages 'avg(2) | max(3, stride=2, padding=1)'",
            "",
        ]
        for op in registry.descriptorsInOrder {
            lines.append(signature(op))
            lines.append("    \(op.summary)")
            let width = op.parameters.map(\.name.count).max() ?? 0
            for p in op.parameters {
                let pad = String(repeating: " ", count: width - p.name.count)
                lines.append("    \(p.name)\(pad)  \(p.rangeText); \(defaultPhrase(p))")
            }
            lines.append("    example: \(op.example)")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// `max(kernel, stride=kernel, padding=0, dilation=1, ceil=false)`, or the bare name.
    public static func signature(_ op: OpDescriptor) -> String {
        op.parameters.isEmpty ? op.name : "\(op.name)(\(op.parameters.map(\.signatureText).joined(separator: ", ")))"
    }

    private static func defaultPhrase(_ p: Parameter) -> String {
        if let d = p.defaultValue { return "default \(d)" }
        if let t = p.defaultText { return "default \(t)" }
        return p.isOptional ? "optional, no default" : "required"
    }
}
