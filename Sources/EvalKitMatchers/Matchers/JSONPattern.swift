import YAMLLite
import EvalKitSupport

/// The JSON a `json` matcher compares with: JSON text, or a yaml-lite mapping or list whose
/// plain scalars `true`, `false`, `null` and numbers are those JSON values and whose other
/// scalars are strings (SPEC §4.2).
public indirect enum JSONPattern: Sendable, Equatable {
    /// A JSON value, matched exactly and with its type: numbers by value, object keys in any order.
    case value(JSONValue)
    case array([JSONPattern])
    case object([Member])

    /// One key of an object pattern.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONPattern

        public init(key: String, value: JSONPattern) {
            self.key = key
            self.value = value
        }
    }

    /// Where and how a JSON value differs from the pattern.
    public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
        /// A JSON Pointer; empty for the whole value.
        public var path: String
        public var message: String
        public var description: String { path.isEmpty ? message : "at \(path): \(message)" }
    }

    /// The pattern of parsed JSON text.
    public init(json: JSONValue) {
        switch json {
        case .array(let items): self = .array(items.map(JSONPattern.init(json:)))
        case .object(let members): self = .object(members.map { Member(key: $0.key, value: JSONPattern(json: $0.value)) })
        default: self = .value(json)
        }
    }

    /// The pattern of JSON text.
    public init(jsonText: String) throws(JSONValue.ParseError) {
        self.init(json: try JSONValue.parse(jsonText))
    }

    /// The pattern of a yaml-lite node: null is JSON null; a plain scalar that reads as JSON
    /// `true`, `false`, `null` or a number is that value; any other scalar, or a quoted one, is a string.
    public init(node: Node) {
        switch node.content {
        case .null: self = .value(.null)
        case .scalar(let text): self = .value(node.style == .plain ? Self.plainValue(text) : .string(text))
        case .sequence(let items): self = .array(items.map(JSONPattern.init(node:)))
        case .mapping(let entries): self = .object(entries.map { Member(key: $0.key, value: JSONPattern(node: $0.value)) })
        }
    }

    /// Compact JSON text.
    public var rendered: String {
        switch self {
        case .value(let value): value.rendered
        case .array(let items): "[" + items.map(\.rendered).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { JSONValue.quote($0.key) + ":" + $0.value.rendered }.joined(separator: ",") + "}"
        }
    }

    /// The JSON value a plain yaml-lite scalar reads as: a boolean, null, a number or else a string.
    private static func plainValue(_ text: String) -> JSONValue {
        switch text {
        case "true": .bool(true)
        case "false": .bool(false)
        case "null": .null
        default: JSONValue.isNumberLiteral(text) ? .number(text) : .string(text)
        }
    }

    /// The first difference between the value and this pattern: exactly equal, or with `subset`,
    /// objects may have more keys and each expected array item must match some item.
    public func mismatch(in value: JSONValue, subset: Bool, path: String = "") -> Mismatch? {
        switch self {
        case .value(let expected):
            switch expected {
            case .array, .object:
                return JSONPattern(json: expected).mismatch(in: value, subset: subset, path: path)
            default:
                return Self.leafEquals(expected, value) ? nil : differs(value, path: path)
            }
        case .array(let items):
            guard case .array(let actual) = value else { return Mismatch(path: path, message: "expected an array, got \(Self.show(value))") }
            if subset {
                for item in items where !actual.contains(where: { item.mismatch(in: $0, subset: true) == nil }) {
                    return Mismatch(path: path, message: "expected an item matching \(Self.cut(item.rendered))")
                }
                return nil
            }
            guard items.count == actual.count else {
                return Mismatch(path: path, message: "expected \(items.count) items, got \(actual.count)")
            }
            for (index, item) in items.enumerated() {
                if let mismatch = item.mismatch(in: actual[index], subset: false, path: path + "/\(index)") { return mismatch }
            }
            return nil
        case .object(let members):
            guard case .object(let actual) = value else { return Mismatch(path: path, message: "expected an object, got \(Self.show(value))") }
            for member in members {
                guard let found = value[member.key] else { return Mismatch(path: path, message: "missing key \(JSONValue.quote(member.key))") }
                if let mismatch = member.value.mismatch(in: found, subset: subset, path: path + "/" + Self.pointerToken(member.key)) { return mismatch }
            }
            if !subset, let extra = actual.first(where: { key in !members.contains { $0.key == key.key } }) {
                return Mismatch(path: path, message: "unexpected key \(JSONValue.quote(extra.key))")
            }
            return nil
        }
    }

    private func differs(_ value: JSONValue, path: String) -> Mismatch {
        Mismatch(path: path, message: "expected \(Self.cut(rendered)), got \(Self.show(value))")
    }

    private static func leafEquals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if case .number(let x) = a, case .number(let y) = b { return JSONValue.sameNumber(x, y) }
        return a == b
    }

    private static func show(_ value: JSONValue) -> String { cut(value.rendered) }

    private static func cut(_ text: String) -> String { Visible.text(text, limit: 80) }

    private static func pointerToken(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
