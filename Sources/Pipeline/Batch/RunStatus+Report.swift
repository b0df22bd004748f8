import Foundation

extension RunStatus {
    /// The status as one JSON object: `folder`, `complete`, `manifests`, `total`
    /// (`inputs`, `done`, `failed`, `pending`; null where unknown), `shards` (one per manifest:
    /// `shard` or null, `manifest`, the counts, `runs`, `last_start`), `not_started` and
    /// `failed` (`input`, `error`, `manifest`), every failure listed.
    public var json: JSONValue {
        func counts(_ c: Counts) -> [(String, JSONValue)] {
            [("inputs", c.inputs.map { .int($0) } ?? .null), ("done", .int(c.done)),
             ("failed", .int(c.failed)), ("pending", c.pending.map { .int($0) } ?? .null)]
        }
        return .object([
            ("folder", .string(folder)),
            ("complete", .bool(isComplete)),
            ("manifests", .array(manifests.map { .string($0) })),
            ("total", .object(counts(total))),
            ("shards", .array(rows.map { r in
                .object([("shard", r.shard.map { .string($0) } ?? .null), ("manifest", .string(r.manifest))]
                        + counts(r.counts)
                        + [("runs", .int(r.runs)), ("last_start", r.lastStart.map { .string($0) } ?? .null)])
            })),
            ("not_started", .array(notStarted.map { .string($0) })),
            ("failed", .array(failures.map {
                .object([("input", .string($0.input)), ("error", .string($0.error)), ("manifest", .string($0.manifest))])
            })),
        ])
    }

    /// The status as lines for a terminal: a summary, a table of the manifests, the shards
    /// not started and the failed inputs (at most `maxFailures` of them).
    public func textLines(maxFailures: Int = 20) -> [String] {
        func n(_ v: Int?) -> String { v.map(String.init) ?? "?" }
        if manifests.isEmpty {
            return ["\(folder): no manifest*.jsonl yet: nothing has been recorded"]
        }
        var lines: [String] = []
        let state = isComplete ? "complete" : total.failed > 0 ? "incomplete, some inputs failed" : "incomplete"
        lines.append("\(folder): \(n(total.inputs)) inputs: \(total.done) done, \(total.failed) failed, "
                     + "\(n(total.pending)) pending (\(state); \(manifests.count) manifest\(manifests.count == 1 ? "" : "s"))")
        let header = ["shard", "inputs", "done", "failed", "pending", "runs", "last run started", "manifest"]
        var table = [header]
        for r in rows {
            table.append([r.shard ?? "-", n(r.counts.inputs), String(r.counts.done), String(r.counts.failed),
                          n(r.counts.pending), String(r.runs), r.lastStart ?? "-",
                          (r.manifest as NSString).lastPathComponent])
        }
        let widths = (0..<header.count).map { c in table.map { $0[c].count }.max() ?? 0 }
        for row in table {
            let cells = row.enumerated().map { c, text in
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return (1...5).contains(c) ? pad + text : text + pad
            }
            var line = "  " + cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        if !notStarted.isEmpty && !isComplete {
            lines.append("not started (no manifest yet): " + notStarted.joined(separator: ", "))
        }
        if !failures.isEmpty {
            lines.append("failed inputs:")
            for f in failures.prefix(maxFailures) {
                lines.append("  \(f.input): \(f.error)")
            }
            if failures.count > maxFailures {
                lines.append("  … and \(failures.count - maxFailures) more (--json lists them all)")
            }
        }
        return lines
    }
}
