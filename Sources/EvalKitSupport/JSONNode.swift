import YAMLLite

/// A JSON value with the mark where it starts (and of each key) and numbers kept as written.
/// This is the one JSON reader of the library: datasets read it for the marks, and `JSONValue`
/// (what the matchers compare) is derived from it.
public struct JSONNode: Sendable, Equatable {
    /// One `"key": value` member of an object, in source order.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var keyMark: Mark
        public var value: JSONNode
    }

    public enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        /// The number's text exactly as written.
        case number(String)
        case string(String)
        case array([JSONNode])
        case object([Member])
    }

    /// Why a text is not JSON, and where.
    public struct SyntaxError: Error, Sendable, Equatable {
        /// What is wrong, without the "invalid JSON" prefix of `message`.
        public var reason: String
        public var mark: Mark

        public var message: String { "invalid JSON: \(reason)" }
    }

    public var kind: Kind
    public var mark: Mark

    /// The value of `key` when this is an object that has it (the last one when repeated).
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = kind else { return nil }
        return members.last { $0.key == key }?.value
    }

    public var members: [Member]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    public var elements: [JSONNode]? {
        if case .array(let elements) = kind { return elements }
        return nil
    }

    public var string: String? {
        if case .string(let text) = kind { return text }
        return nil
    }

    /// What the value is, for messages: "a string", "a number", "an array"…
    public var kindName: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value as text: a string as it is, a number as written, `true`/`false`, `""` for
    /// null, and an array or object as compact JSON.
    public var text: String {
        switch kind {
        case .string(let text): text
        case .null: ""
        default: json
        }
    }

    /// The value written as compact JSON.
    public var json: String {
        switch kind {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return JSONString.quoted(text)
        case .array(let elements): return "[" + elements.map(\.json).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { JSONString.quoted($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
        }
    }

    /// The value written as compact JSON with every object's keys sorted, so the text does not
    /// depend on the order a server wrote them in; numbers stay as written.
    public var sortedJSON: String {
        switch kind {
        case .array(let elements): "[" + elements.map(\.sortedJSON).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { JSONString.quoted($0.key) + ":" + $0.value.sortedJSON }.joined(separator: ",") + "}"
        default: json
        }
    }

    /// The value as a yaml-lite node with the same marks: scalars become strings, `null` is null.
    public var node: Node {
        switch kind {
        case .null: Node(.null, mark: mark)
        case .bool, .number, .string: Node(.scalar(text), mark: mark, style: .doubleQuoted)
        case .array(let elements): Node(.sequence(elements.map(\.node)), mark: mark, style: .flow)
        case .object(let members):
            Node(.mapping(members.map { Node.Entry(key: $0.key, keyMark: $0.keyMark, value: $0.value.node) }), mark: mark, style: .flow)
        }
    }


    /// Parses one JSON text that starts at `start`; whitespace around it is allowed, anything else after it is an error.
    public static func parse(_ text: String, start: Mark = Mark(line: 1, column: 1)) throws(SyntaxError) -> JSONNode {
        var parser = Parser(scalars: Array(text.unicodeScalars), line: start.line, column: start.column)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.index < parser.scalars.count {
            throw parser.error("unexpected \(parser.describeCurrent()) after the JSON value")
        }
        return value
    }

    /// Whether `text` is exactly one JSON number literal, with nothing around it.
    public static func isNumberLiteral(_ text: String) -> Bool {
        var parser = Parser(scalars: Array(text.unicodeScalars), line: 1, column: 1)
        guard let value = try? parser.value(depth: 0), case .number = value.kind else { return false }
        return parser.index == parser.scalars.count
    }

    /// A recursive-descent JSON reader over Unicode scalars that tracks line and column.
    private struct Parser {
        public let scalars: [Unicode.Scalar]
        public var index = 0
        public var line: Int
        public var column: Int

        public init(scalars: [Unicode.Scalar], line: Int, column: Int) {
            self.scalars = scalars
            self.line = line
            self.column = column
        }

        public var mark: Mark { Mark(line: line, column: column) }
        public var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        public func error(_ message: String) -> SyntaxError {
            SyntaxError(reason: message, mark: mark)
        }

        public func describeCurrent() -> String {
            guard let current else { return "end of text" }
            if current.value < 0x20 { return "control character U+\(String(current.value, radix: 16, uppercase: true))" }
            return "'\(Character(current))'"
        }

        public mutating func advance() {
            if current == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }

        public mutating func skipWhitespace() {
            while let current, current == " " || current == "\t" || current == "\n" || current == "\r" { advance() }
        }

        public mutating func expect(_ scalar: Unicode.Scalar, _ what: String) throws(SyntaxError) {
            guard current == scalar else { throw error("expected \(what), found \(describeCurrent())") }
            advance()
        }

        public mutating func value(depth: Int) throws(SyntaxError) -> JSONNode {
            guard depth < 512 else { throw error("nested too deeply") }
            let start = mark
            switch current {
            case "{": return JSONNode(kind: try object(depth: depth), mark: start)
            case "[": return JSONNode(kind: try array(depth: depth), mark: start)
            case "\"": return JSONNode(kind: .string(try string()), mark: start)
            case "t": try word("true"); return JSONNode(kind: .bool(true), mark: start)
            case "f": try word("false"); return JSONNode(kind: .bool(false), mark: start)
            case "n": try word("null"); return JSONNode(kind: .null, mark: start)
            case .some(let scalar) where scalar == "-" || ("0"..."9").contains(scalar):
                return JSONNode(kind: .number(try number()), mark: start)
            default: throw error("expected a value, found \(describeCurrent())")
            }
        }

        public mutating func word(_ word: String) throws(SyntaxError) {
            let start = mark
            for scalar in word.unicodeScalars {
                guard current == scalar else { throw SyntaxError(reason: "unknown literal (expected '\(word)')", mark: start) }
                advance()
            }
        }

        public mutating func object(depth: Int) throws(SyntaxError) -> Kind {
            advance()
            var members: [Member] = []
            skipWhitespace()
            if current == "}" {
                advance()
                return .object(members)
            }
            while true {
                skipWhitespace()
                let keyMark = mark
                guard current == "\"" else { throw error("expected a string key, got \(describeCurrent())") }
                let key = try string()
                skipWhitespace()
                try expect(":", "':' after an object key")
                skipWhitespace()
                let value = try value(depth: depth + 1)
                members.append(Member(key: key, keyMark: keyMark, value: value))
                skipWhitespace()
                if current == "," {
                    advance()
                    continue
                }
                try expect("}", "',' or '}' in an object")
                return .object(members)
            }
        }

        public mutating func array(depth: Int) throws(SyntaxError) -> Kind {
            advance()
            var elements: [JSONNode] = []
            skipWhitespace()
            if current == "]" {
                advance()
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                if current == "," {
                    advance()
                    continue
                }
                try expect("]", "',' or ']' in an array")
                return .array(elements)
            }
        }

        public mutating func string() throws(SyntaxError) -> String {
            advance()
            // UTF-8 bytes, made a String once: appending scalar by scalar to a String costs more.
            var out: [UInt8] = []
            func append(_ scalar: Unicode.Scalar) {
                if scalar.isASCII {
                    out.append(UInt8(scalar.value))
                } else {
                    out.append(contentsOf: String(scalar).utf8)
                }
            }
            while true {
                guard let scalar = current else { throw error("unterminated string") }
                if scalar == "\"" {
                    advance()
                    return String(decoding: out, as: UTF8.self)
                }
                if scalar.value < 0x20 { throw error("\(describeCurrent()) inside a string (write it as an escape)") }
                if scalar != "\\" {
                    // A run of plain scalars (no newline can occur in one) is copied at once.
                    let run = index
                    while index < scalars.count, scalars[index] != "\"", scalars[index] != "\\", scalars[index].value >= 0x20 { index += 1 }
                    column += index - run
                    for position in run..<index { append(scalars[position]) }
                    continue
                }
                let escapeMark = mark
                advance()
                guard let escaped = current else { throw error("unterminated string") }
                advance()
                switch escaped {
                case "\"": append("\"")
                case "\\": append("\\")
                case "/": append("/")
                case "b": append("\u{08}")
                case "f": append("\u{0C}")
                case "n": append("\n")
                case "r": append("\r")
                case "t": append("\t")
                case "u":
                    var code = try hex4(escapeMark)
                    if (0xD800...0xDBFF).contains(code) {
                        guard current == "\\", index + 1 < scalars.count, scalars[index + 1] == "u" else {
                            throw SyntaxError(reason: "unpaired surrogate in \\u escape", mark: escapeMark)
                        }
                        advance()
                        advance()
                        let low = try hex4(escapeMark)
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw SyntaxError(reason: "unpaired surrogate in \\u escape", mark: escapeMark)
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let decoded = Unicode.Scalar(code) else {
                        throw SyntaxError(reason: "unpaired surrogate in \\u escape", mark: escapeMark)
                    }
                    append(decoded)
                default:
                    throw SyntaxError(reason: "unknown escape '\\\(Character(escaped))'", mark: escapeMark)
                }
            }
        }

        public mutating func hex4(_ escapeMark: Mark) throws(SyntaxError) -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let scalar = current, scalar.isASCII, let digit = UInt32(String(scalar), radix: 16) else {
                    throw SyntaxError(reason: "expected four hex digits after \\u", mark: escapeMark)
                }
                code = code * 16 + digit
                advance()
            }
            return code
        }

        public mutating func number() throws(SyntaxError) -> String {
            let start = index
            let startMark = mark
            if current == "-" { advance() }
            guard let first = current, ("0"..."9").contains(first) else {
                throw SyntaxError(reason: "malformed number", mark: startMark)
            }
            if first == "0" {
                advance()
            } else {
                digits()
            }
            if current == "." {
                advance()
                guard digits() > 0 else { throw SyntaxError(reason: "malformed number", mark: startMark) }
            }
            if current == "e" || current == "E" {
                advance()
                if current == "+" || current == "-" { advance() }
                guard digits() > 0 else { throw SyntaxError(reason: "malformed number", mark: startMark) }
            }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        @discardableResult
        public mutating func digits() -> Int {
            var count = 0
            while let current, ("0"..."9").contains(current) {
                advance()
                count += 1
            }
            return count
        }
    }
}
