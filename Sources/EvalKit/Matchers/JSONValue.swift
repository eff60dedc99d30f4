import Foundation

/// A parsed JSON value; numbers keep their text so nothing is lost to floating point.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number as written (`1.50`, `2e3`); compare with `sameNumber`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One `"key": value` pair of an object, in source order.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Why text is not JSON, with the line and column where parsing stopped.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int
        public var description: String { "\(message) at line \(line), column \(column)" }
    }

    /// Parses one JSON document (RFC 8259), surrounding whitespace allowed.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    /// The value of a key of an object; the last one when a key repeats, as JavaScript reads it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// Compact JSON text.
    public var rendered: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let text): text
        case .string(let text): Self.quote(text)
        case .array(let items): "[" + items.map(\.rendered).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { Self.quote($0.key) + ":" + $0.value.rendered }.joined(separator: ",") + "}"
        }
    }

    /// Whether two JSON number texts are the same number (`1`, `1.0` and `1e0` are).
    public static func sameNumber(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let posix = Locale(identifier: "en_US_POSIX")
        if let x = Decimal(string: a, locale: posix), let y = Decimal(string: b, locale: posix), !x.isNaN, !y.isNaN { return x == y }
        if let x = Double(a), let y = Double(b) { return x == y }
        return false
    }

    /// A JSON string literal of the text.
    public static func quote(_ text: String) -> String {
        JSONString.quoted(text)
    }

    /// Whether the text is a JSON number literal.
    static func isNumberLiteral(_ text: String) -> Bool {
        var parser = Parser(bytes: Array(text.utf8))
        guard let value = try? parser.value(depth: 0), case .number = value else { return false }
        return parser.index == parser.bytes.count
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        func error(_ message: String) -> ParseError {
            var line = 1
            var lineStart = 0
            for position in 0..<min(index, bytes.count) where bytes[position] == UInt8(ascii: "\n") {
                line += 1
                lineStart = position + 1
            }
            let column = String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
            return ParseError(message: message, line: line, column: column)
        }

        private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        private func describeCurrent() -> String {
            guard index < bytes.count else { return "end of text" }
            let scalar = String(decoding: bytes[index..<min(index + 4, bytes.count)], as: UTF8.self).unicodeScalars.first ?? "?"
            return "'\(Visible.text(String(scalar)))'"
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func value(depth: Int) throws(ParseError) -> JSONValue {
            guard depth < 512 else { throw error("JSON nested too deeply") }
            switch current ?? 0 {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw error("unexpected \(describeCurrent())")
            }
        }

        private mutating func literal(_ word: String, _ value: JSONValue) throws(ParseError) -> JSONValue {
            let utf8 = Array(word.utf8)
            guard index + utf8.count <= bytes.count, Array(bytes[index..<(index + utf8.count)]) == utf8 else {
                throw error("unexpected \(describeCurrent())")
            }
            index += utf8.count
            return value
        }

        private mutating func digits() -> Int {
            let start = index
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            return index - start
        }

        private mutating func number() throws(ParseError) -> JSONValue {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            if current == UInt8(ascii: "0") {
                index += 1
            } else if digits() == 0 {
                throw error("expected a digit")
            }
            if current == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw error("expected a digit after '.'") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw error("expected a digit in the exponent") }
            }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }

        /// The value of the four hex digits of a `\u` escape; a sign, which `UInt32(_:radix:)`
        /// would accept, is not a digit. An error points at the backslash at `escapeStart`.
        private mutating func hex4(escapeStart: Int) throws(ParseError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                    index = escapeStart
                    throw error("expected four hex digits after \\u")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        private mutating func string() throws(ParseError) -> String {
            index += 1
            var out: [UInt8] = []
            var runStart = index
            func flush(_ end: Int) {
                out.append(contentsOf: bytes[runStart..<end])
            }
            while true {
                guard let byte = current else { throw error("unterminated string") }
                if byte == UInt8(ascii: "\"") {
                    flush(index)
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if byte < 0x20 { throw error("control character in string") }
                guard byte == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
                flush(index)
                let escapeStart = index
                index += 1
                guard let escape = current else { throw error("unterminated string") }
                index += 1
                let decoded: Unicode.Scalar
                switch escape {
                case UInt8(ascii: "\""): decoded = "\""
                case UInt8(ascii: "\\"): decoded = "\\"
                case UInt8(ascii: "/"): decoded = "/"
                case UInt8(ascii: "b"): decoded = "\u{8}"
                case UInt8(ascii: "f"): decoded = "\u{C}"
                case UInt8(ascii: "n"): decoded = "\n"
                case UInt8(ascii: "r"): decoded = "\r"
                case UInt8(ascii: "t"): decoded = "\t"
                case UInt8(ascii: "u"):
                    var code = try hex4(escapeStart: escapeStart)
                    if (0xD800..<0xDC00).contains(code) {
                        guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in \\u escape")
                        }
                        index += 2
                        let low = try hex4(escapeStart: escapeStart)
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("unpaired surrogate in \\u escape") }
                    decoded = scalar
                default:
                    index -= 1
                    throw error("invalid escape \\\(Character(Unicode.Scalar(escape)))")
                }
                out.append(contentsOf: decoded.utf8)
                runStart = index
            }
        }

        private mutating func array(depth: Int) throws(ParseError) -> JSONValue {
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    index += 1
                } else if current == UInt8(ascii: "]") {
                    index += 1
                    return .array(items)
                } else {
                    throw error("expected ',' or ']', got \(describeCurrent())")
                }
            }
        }

        private mutating func object(depth: Int) throws(ParseError) -> JSONValue {
            index += 1
            var members: [Member] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw error("expected a string key, got \(describeCurrent())") }
                let key = try string()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw error("expected ':', got \(describeCurrent())") }
                index += 1
                skipWhitespace()
                members.append(Member(key: key, value: try value(depth: depth + 1)))
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    index += 1
                } else if current == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                } else {
                    throw error("expected ',' or '}', got \(describeCurrent())")
                }
            }
        }
    }
}
