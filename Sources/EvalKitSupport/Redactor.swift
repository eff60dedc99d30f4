/// Replaces secrets by `[REDACTED]` in text that is shown or stored: the one redactor of the
/// providers (their error messages) and the runner (answers, messages, prompts, reports).
///
/// A secret is searched for as its UTF-8 bytes, each byte also accepted percent-encoded with upper-
/// or lowercase hex (`/` as `/`, `%2F` or `%2f`), so a key is found however much of it a URL
/// encoder touched, and whatever follows it (a combining mark included). Text is always redacted
/// whole before it is cut, so no part of a secret survives at a cut.
public struct Redactor: Sendable {
    public static let mask = "[REDACTED]"

    /// The shortest value a suite may use as a secret: a shorter one would erase ordinary text
    /// (a port, a word) wherever it appears, so it is refused when the target is resolved.
    public static let minimumSecretLength = 8

    /// The secrets' UTF-8 bytes, longest first, so a secret that contains another is replaced whole.
    private let secrets: [[UInt8]]
    /// Which bytes can start a match: the first byte of a secret, and `%`.
    private let starts: [Bool]

    public init(_ secrets: [String]) {
        let unique = Set(secrets.filter { !$0.isEmpty }.map { Array($0.utf8) })
        self.secrets = unique.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        var starts = [Bool](repeating: false, count: 256)
        for secret in self.secrets { starts[Int(secret[0])] = true }
        if !self.secrets.isEmpty { starts[Int(UInt8(ascii: "%"))] = true }
        self.starts = starts
    }

    public var isEmpty: Bool { secrets.isEmpty }

    /// `text` with every occurrence of a secret, plain or percent-encoded, replaced by `[REDACTED]`.
    public func callAsFunction(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var copied = 0
        var index = 0
        while index < bytes.count {
            guard starts[Int(bytes[index])], let end = match(at: index, in: bytes) else {
                index += 1
                continue
            }
            if out.isEmpty { out.reserveCapacity(bytes.count) }
            out.append(contentsOf: bytes[copied..<index])
            out.append(contentsOf: Self.mask.utf8)
            index = end
            copied = end
        }
        guard copied > 0 else { return text }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    public func callAsFunction(_ text: String?) -> String? {
        text.map { self($0) }
    }

    /// Server text made fit for a one-line message: secrets removed from the whole text first,
    /// then whitespace runs collapsed, control characters made visible, cut to `limit` scalars.
    public func line(_ text: String, limit: Int = 300) -> String {
        let redacted = self(text)
        if redacted == text, Self.isOneVisibleLine(text, limit: limit) { return text }
        // Enough of the redacted text for `limit` visible scalars, without collapsing a whole 16 MiB body.
        let window = redacted.unicodeScalars.count > Self.lineWindow ? String(String.UnicodeScalarView(redacted.unicodeScalars.prefix(Self.lineWindow))) : redacted
        let collapsed = window.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        return Visible.text(self(collapsed), limit: limit)
    }

    private static let lineWindow = 65_536

    /// True when `line` would give the text back as it is: printable ASCII but a backslash, single spaces
    /// between visible characters, at most `limit` of them.
    private static func isOneVisibleLine(_ text: String, limit: Int) -> Bool {
        let utf8 = text.utf8
        guard utf8.count <= limit, utf8.first != 0x20, utf8.last != 0x20 else { return false }
        var afterSpace = false
        for byte in utf8 {
            guard (0x20...0x7E).contains(byte), byte != 0x5C, !(afterSpace && byte == 0x20) else { return false }
            afterSpace = byte == 0x20
        }
        return true
    }

    /// The end of the secret that starts at `start`, trying the longest secret first.
    private func match(at start: Int, in bytes: [UInt8]) -> Int? {
        for secret in secrets {
            if let end = Self.match(secret, from: 0, in: bytes, at: start) { return end }
        }
        return nil
    }

    /// Where `secret[from...]` ends when it is found at `position`, each byte plain or as `%XX`.
    private static func match(_ secret: [UInt8], from: Int, in bytes: [UInt8], at position: Int) -> Int? {
        var position = position
        for offset in from..<secret.count {
            let byte = secret[offset]
            let encoded = position + 2 < bytes.count && bytes[position] == UInt8(ascii: "%") && hexValue(bytes[position + 1], bytes[position + 2]) == byte
            if position < bytes.count && bytes[position] == byte {
                // A `%` in the secret can be plain or `%25`: try `%25` first, then plain.
                if encoded, let end = match(secret, from: offset + 1, in: bytes, at: position + 3) { return end }
                position += 1
            } else if encoded {
                position += 3
            } else {
                return nil
            }
        }
        return position
    }

    private static func hexValue(_ high: UInt8, _ low: UInt8) -> UInt8? {
        guard let high = hexDigit(high), let low = hexDigit(low) else { return nil }
        return high << 4 | low
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
