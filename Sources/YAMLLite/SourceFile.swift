/// The text of a file with its path, so any later stage can point a diagnostic into it.
public struct SourceFile: Sendable, Equatable {
    public let path: String
    public let text: String
    private let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        // Split on the byte "\n": as Characters, "\r\n" is one grapheme and never equals "\n".
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        while let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
            lines.append(text[start..<end])
            start = utf8.index(after: newline)
        }
        lines.append(text[start...])
        self.lines = lines
    }

    /// The text of line `number` (from 1), without its line end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        var line = String(lines[number - 1])
        if number == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        return line
    }

    /// A diagnostic at `mark` in this file, carrying the source line for the caret.
    public func diagnostic(_ message: String, at mark: Mark?, severity: Diagnostic.Severity = .error) -> Diagnostic {
        Diagnostic(message, path: path, mark: mark, sourceLine: mark.flatMap { line($0.line) }, severity: severity)
    }
}
