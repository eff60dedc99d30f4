import Foundation

/// How text matchers prepare both sides before comparing: trimming, whitespace and case.
public struct TextComparison: Sendable, Equatable {
    public var caseSensitive: Bool
    /// Runs of whitespace, line ends included, become one space.
    public var normalizeWhitespace: Bool
    /// Surrounding whitespace is removed.
    public var trim: Bool

    public init(caseSensitive: Bool = true, normalizeWhitespace: Bool = false, trim: Bool = true) {
        self.caseSensitive = caseSensitive
        self.normalizeWhitespace = normalizeWhitespace
        self.trim = trim
    }

    /// The text as it is compared.
    public func prepare(_ text: String) -> String {
        var text = text
        if normalizeWhitespace {
            var collapsed = ""
            var inWhitespace = false
            for character in text {
                if character.isWhitespace {
                    if !inWhitespace { collapsed.append(" ") }
                    inWhitespace = true
                } else {
                    collapsed.append(character)
                    inWhitespace = false
                }
            }
            text = collapsed
        }
        if trim, !Self.startsAndEndsVisibly(text) { text = text.trimmingCharacters(in: .whitespacesAndNewlines) }
        if !caseSensitive { text = text.lowercased() }
        return text
    }

    /// True when the text starts and ends with an ASCII character that is not whitespace, so
    /// trimming leaves it as it is: checked first, as Foundation's trimming costs more.
    private static func startsAndEndsVisibly(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last)
    }

    /// `" (ignoring case, normalizing whitespace)"`, or `""` with the default settings.
    var qualifiers: String {
        var parts: [String] = []
        if !caseSensitive { parts.append("ignoring case") }
        if normalizeWhitespace { parts.append("normalizing whitespace") }
        if !trim { parts.append("untrimmed") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }
}
