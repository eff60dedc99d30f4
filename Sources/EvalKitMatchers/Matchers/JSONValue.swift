import Foundation
import EvalKitSupport

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
        do {
            return JSONValue(try JSONNode.parse(text))
        } catch {
            throw ParseError(message: error.reason, line: error.mark.line, column: error.mark.column)
        }
    }

    /// The value of a node read by `JSONNode`, without its marks.
    init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let text): self = .number(text)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(JSONValue.init))
        case .object(let members): self = .object(members.map { Member(key: $0.key, value: JSONValue($0.value)) })
        }
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
        JSONNode.isNumberLiteral(text)
    }
}
