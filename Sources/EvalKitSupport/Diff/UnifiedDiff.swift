/// A line diff of two texts in unified format, made safe and readable for terminals and reports.
///
/// The output follows `diff -u` (`--- golden`, `+++ output`, `@@ -a,b +c,d @@` hunks, ` `/`-`/`+`
/// prefixes, `\ No newline at end of file` after a last line without a line end), with the text
/// of each line made visible:
/// - control characters, tabs and backslashes are escaped as `Visible.text` does (`\u{1B}`, `\t`,
///   `\\`), so no raw escape sequence reaches a terminal;
/// - a carriage return before the line feed shows as `\r`, so CRLF against LF is visible;
/// - trailing spaces show as `·` (a trailing tab is already `\t`).
///
/// The rendered diff has no final line end. It is capped at `maxLines` lines, followed by one
/// `… N more lines` line when longer, and each line at `maxLineLength` characters, cut with `…`.
public enum UnifiedDiff {
    /// The diff of `old` against `new`, or nil when they are equal.
    public static func render(old: String, new: String, oldLabel: String = "golden", newLabel: String = "output", context: Int = 3, maxLines: Int = 60, maxLineLength: Int = 1000) -> String? {
        guard old != new else { return nil }
        let oldLines = Line.split(old)
        let newLines = Line.split(new)
        let script = LineDiff.script(oldLines, newLines)
        var lines = ["--- \(oldLabel)", "+++ \(newLabel)"]
        for hunk in hunks(script, context: max(0, context)) {
            lines.append(hunk.header)
            for op in hunk.ops {
                switch op {
                case .equal(let o, _): append(" ", oldLines[o], limit: maxLineLength, to: &lines)
                case .delete(let o): append("-", oldLines[o], limit: maxLineLength, to: &lines)
                case .insert(let n): append("+", newLines[n], limit: maxLineLength, to: &lines)
                }
            }
        }
        let limit = max(1, maxLines)
        if lines.count > limit {
            let rest = lines.count - limit
            lines.removeLast(rest)
            lines.append("… \(rest) more line\(rest == 1 ? "" : "s")")
        }
        return lines.joined(separator: "\n")
    }

    /// One line's text made visible, as the diff shows it: escapes, `\r` and trailing `·`; a line
    /// longer than `limit` characters is cut with `…`.
    public static func visibleLine(_ text: String, limit: Int? = nil) -> String {
        let scalars = text.unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex, [" ", "\t", "\r"].contains(scalars[scalars.index(before: end)]) {
            end = scalars.index(before: end)
        }
        let body = String(scalars[..<end])
        if let limit, body.unicodeScalars.count > limit {
            return Visible.text(body, limit: limit)
        }
        var shown = Visible.text(body)
        var count = body.unicodeScalars.count
        for scalar in scalars[end...] {
            if let limit, count >= limit {
                shown += "…"
                break
            }
            switch scalar {
            case " ": shown += "·"
            case "\t": shown += "\\t"
            default: shown += "\\r"
            }
            count += 1
        }
        return shown
    }

    private static func append(_ prefix: String, _ line: Line, limit: Int, to lines: inout [String]) {
        lines.append(prefix + visibleLine(line.text, limit: max(1, limit)))
        if !line.terminated { lines.append("\\ No newline at end of file") }
    }

    /// A group of nearby changes with their context, ready to print.
    public struct Hunk {
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        public var ops: [LineDiff.Op]

        public var header: String {
            "@@ -\(Self.range(oldStart, oldCount)) +\(Self.range(newStart, newCount)) @@"
        }

        /// `start,count` as `diff -u` writes it: `start` alone for one line, the line before for none.
        public static func range(_ start: Int, _ count: Int) -> String {
            switch count {
            case 0: "\(start),0"
            case 1: "\(start + 1)"
            default: "\(start + 1),\(count)"
            }
        }
    }

    /// Groups an edit script into hunks: changes closer than twice the context share one.
    public static func hunks(_ script: [LineDiff.Op], context: Int) -> [Hunk] {
        let changed = script.indices.filter { if case .equal = script[$0] { false } else { true } }
        guard let first = changed.first else { return [] }
        var groups: [(Int, Int)] = []
        var start = first, end = first
        for index in changed.dropFirst() {
            if index - end - 1 > 2 * context {
                groups.append((start, end))
                start = index
            }
            end = index
        }
        groups.append((start, end))
        return groups.map { group in
            let lower = max(0, group.0 - context)
            let upper = min(script.count - 1, group.1 + context)
            let ops = Array(script[lower...upper])
            var oldStart = 0, newStart = 0
            // The position of the hunk in each text: the number of lines of that text before it.
            for op in script[..<lower] {
                switch op {
                case .equal: oldStart += 1; newStart += 1
                case .delete: oldStart += 1
                case .insert: newStart += 1
                }
            }
            var oldCount = 0, newCount = 0
            for op in ops {
                switch op {
                case .equal: oldCount += 1; newCount += 1
                case .delete: oldCount += 1
                case .insert: newCount += 1
                }
            }
            return Hunk(oldStart: oldStart, oldCount: oldCount, newStart: newStart, newCount: newCount, ops: ops)
        }
    }
}

extension UnifiedDiff {
    /// One line of a text: its characters without the line feed, and whether a line feed ended it.
    public struct Line: Hashable {
        public var text: String
        public var terminated: Bool

        /// The lines of a text, split at `\n`; a `\r` before it stays in the line's text.
        public static func split(_ text: String) -> [Line] {
            guard !text.isEmpty else { return [] }
            // Split the scalars, not the characters: `\r\n` is one Character and would not split.
            var parts = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            let terminated = parts.last?.isEmpty == true
            if terminated { parts.removeLast() }
            return parts.enumerated().map { index, part in
                Line(text: String(Substring(part)), terminated: index < parts.count - 1 || terminated)
            }
        }
    }
}
