/// An error or warning about a place in a source file, rendered as
/// `path:line:col: error: message`, then the source line and a caret under the column.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var severity: Severity
    public var message: String
    public var path: String?
    public var mark: Mark?
    /// The text of the line the mark points into, shown under the heading.
    public var sourceLine: String?

    public init(_ message: String, path: String? = nil, mark: Mark? = nil, sourceLine: String? = nil, severity: Severity = .error) {
        self.severity = severity
        self.message = message
        self.path = path
        self.mark = mark
        self.sourceLine = sourceLine
    }

    /// The heading line alone: `path:line:col: error: message`.
    public var heading: String {
        var place = ""
        if let path {
            place = path
            if let mark, !mark.isNone { place += ":\(mark.line):\(mark.column)" }
            place += ": "
        }
        return "\(place)\(severity.rawValue): \(message)"
    }

    /// The heading, the source line and a caret under the column.
    public func rendered() -> String {
        guard let sourceLine, let mark, !mark.isNone else { return heading }
        let line = sourceLine.replacingControlCharactersForDisplay()
        var caret = ""
        for (index, scalar) in sourceLine.unicodeScalars.enumerated() where index < mark.column - 1 {
            caret.append(scalar == "\t" ? "\t" : " ")
        }
        return "\(heading)\n\(line)\n\(caret)^"
    }

    public var description: String { rendered() }
}

extension String {
    /// The string with control characters other than tab shown as `\u{..}` so a terminal never interprets them.
    func replacingControlCharactersForDisplay() -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
