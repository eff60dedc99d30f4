import Foundation
import EvalKitSupport

/// A small JSON encoder for reports: pretty-printed, keys sorted, slashes unescaped, non-finite
/// numbers written as the strings `Infinity`, `-Infinity` and `NaN`.
///
/// It builds a plain tree and prints it, several times faster than Foundation's `JSONEncoder`,
/// which is the largest cost of writing the reports of a big run.
public enum JSONTextEncoder {
    /// A JSON value being built; objects and arrays are boxes so nested containers can fill them.
    fileprivate indirect enum Value {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array(ArrayBox)
        case object(ObjectBox)
        case raw(String)
    }

    /// Text written as it is in place of a value: a placeholder that the writer of the file
    /// replaces (the cases of a spooled target, see `SpooledCases`). Other encoders see a string.
    public struct Raw: Encodable {
        public var text: String

        public init(text: String) {
            self.text = text
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(text)
        }
    }

    fileprivate final class ArrayBox {
        public var items: [Value] = []
    }

    fileprivate final class ObjectBox {
        /// In the order set; a key set again is written once, with its last value.
        public var members: [(key: String, value: Value)] = []

        public func set(_ key: String, _ value: Value) {
            members.append((key, value))
        }
    }

    /// The value as JSON text, ending without a newline.
    public static func encode<T: Encodable>(_ value: T, indent: Int = 0) throws -> String {
        var out = ""
        if indent == 0 { out.reserveCapacity(1 << 16) }
        write(try box(value), indent: indent, into: &out)
        return out
    }

    /// Appends the value as `encode(_:indent:)` writes it.
    public static func append<T: Encodable>(_ value: T, indent: Int, to out: inout [UInt8]) {
        out += (try? encode(value, indent: indent)) ?? "null"
    }

    /// A number as this encoder writes it: a whole number without a fraction, the strings
    /// `"Infinity"`, `"-Infinity"` and `"NaN"` (quotes included) for the others.
    public static func appendNumber(_ number: Double, to out: inout [UInt8]) {
        switch double(number) {
        case .number(let text): out += text
        case .string(let text): JSONString.appendQuoted(text, to: &out)
        default: out += "null"
        }
    }

    /// The spaces that start a line at `indent`.
    public static func spaces(_ count: Int) -> String {
        count / 2 < indents.count ? indents[count / 2] : String(repeating: " ", count: count)
    }

    /// The bytes of `spaces(count)`.
    public static func spaceBytes(_ count: Int) -> [UInt8] {
        count / 2 < indentBytes.count ? indentBytes[count / 2] : Array(spaces(count).utf8)
    }

    fileprivate static func box<T: Encodable>(_ value: T) throws -> Value {
        if let primitive = primitive(value) { return primitive }
        let encoder = TreeEncoder()
        try value.encode(to: encoder)
        return encoder.root ?? .object(ObjectBox())
    }

    /// Scalars written directly, so they never go through a container.
    fileprivate static func primitive<T>(_ value: T) -> Value? {
        // The common scalars, plain and optional, by their type first: cheaper than the casts below.
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == String?.self { return unsafeBitCast(value, to: String?.self).map { .string($0) } ?? .null }
        if T.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Int?.self { return unsafeBitCast(value, to: Int?.self).map { .number(String($0)) } ?? .null }
        if T.self == Double.self { return double(unsafeBitCast(value, to: Double.self)) }
        if T.self == Double?.self { return unsafeBitCast(value, to: Double?.self).map(double) ?? .null }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Bool?.self { return unsafeBitCast(value, to: Bool?.self).map { .bool($0) } ?? .null }
        switch value {
        case let text as String: return .string(text)
        case let raw as Raw: return .raw(raw.text)
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .number(String(number))
        case let number as Double: return double(number)
        case let number as Float: return double(Double(number))
        case let number as Int64: return .number(String(number))
        case let number as UInt64: return .number(String(number))
        case let number as Int32: return .number(String(number))
        case let number as UInt: return .number(String(number))
        default: return nil
        }
    }

    fileprivate static func double(_ number: Double) -> Value {
        if number.isNaN { return .string("NaN") }
        if number.isInfinite { return .string(number > 0 ? "Infinity" : "-Infinity") }
        if number == number.rounded(), abs(number) < 1e15 { return .number(String(Int64(number))) }
        return .number("\(number)")
    }

    private static func write(_ value: Value, indent: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): JSONString.appendQuoted(text, to: &out)
        case .raw(let text): out += text
        case .array(let box):
            guard !box.items.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, item) in box.items.enumerated() {
                out += spaces(indent + 2)
                write(item, indent: indent + 2, into: &out)
                out += index == box.items.count - 1 ? "\n" : ",\n"
            }
            out += spaces(indent)
            out += "]"
        case .object(let box):
            guard !box.members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            var members: [(key: String, value: Value)] = []
            members.reserveCapacity(box.members.count)
            // `sorted` is stable: a key set twice keeps its order, so the last value wins.
            for member in box.members.sorted(by: { $0.key < $1.key }) {
                if members.last?.key == member.key {
                    members[members.count - 1] = member
                } else {
                    members.append(member)
                }
            }
            for (index, member) in members.enumerated() {
                out += spaces(indent + 2)
                JSONString.appendQuoted(member.key, to: &out)
                out += " : "
                write(member.value, indent: indent + 2, into: &out)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += spaces(indent)
            out += "}"
        }
    }

    private static let indents = (0...32).map { String(repeating: " ", count: $0 * 2) }
    private static let indentBytes = indents.map { Array($0.utf8) }


    /// The `Encoder` that fills the tree; each container writes into the box it was given.
    fileprivate final class TreeEncoder: Encoder {
        public var codingPath: [any CodingKey] = []
        public var userInfo: [CodingUserInfoKey: Any] = [:]
        public var root: Value?

        public func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let box: ObjectBox
            if case .object(let existing) = root {
                box = existing
            } else {
                box = ObjectBox()
                root = .object(box)
            }
            return KeyedEncodingContainer(KeyedContainer<Key>(box: box))
        }

        public func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let box: ArrayBox
            if case .array(let existing) = root {
                box = existing
            } else {
                box = ArrayBox()
                root = .array(box)
            }
            return UnkeyedContainer(box: box)
        }

        public func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleValueContainer(encoder: self)
        }
    }

    fileprivate struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        public let box: ObjectBox
        public var codingPath: [any CodingKey] = []

        public mutating func encodeNil(forKey key: Key) throws {
            box.set(key.stringValue, .null)
        }

        public mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            box.set(key.stringValue, try JSONTextEncoder.box(value))
        }

        // The scalars a container is asked for by type, without the dynamic casts of `box`.
        public mutating func encode(_ value: String, forKey key: Key) throws {
            box.set(key.stringValue, .string(value))
        }

        public mutating func encode(_ value: Bool, forKey key: Key) throws {
            box.set(key.stringValue, .bool(value))
        }

        public mutating func encode(_ value: Int, forKey key: Key) throws {
            box.set(key.stringValue, .number(String(value)))
        }

        public mutating func encode(_ value: Double, forKey key: Key) throws {
            box.set(key.stringValue, JSONTextEncoder.double(value))
        }

        public mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.set(key.stringValue, .object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
        }

        public mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.set(key.stringValue, .array(nested))
            return UnkeyedContainer(box: nested)
        }

        public mutating func superEncoder() -> any Encoder {
            MemberEncoder(box: box, key: "super")
        }

        public mutating func superEncoder(forKey key: Key) -> any Encoder {
            MemberEncoder(box: box, key: key.stringValue)
        }
    }

    fileprivate struct UnkeyedContainer: UnkeyedEncodingContainer {
        public let box: ArrayBox
        public var codingPath: [any CodingKey] = []
        public var count: Int { box.items.count }

        public mutating func encodeNil() throws {
            box.items.append(.null)
        }

        public mutating func encode<T: Encodable>(_ value: T) throws {
            box.items.append(try JSONTextEncoder.box(value))
        }

        public mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.items.append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
        }

        public mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.items.append(.array(nested))
            return UnkeyedContainer(box: nested)
        }

        public mutating func superEncoder() -> any Encoder {
            let encoder = TreeEncoder()
            box.items.append(.null)
            return encoder
        }
    }

    fileprivate struct SingleValueContainer: SingleValueEncodingContainer {
        public let encoder: TreeEncoder
        public var codingPath: [any CodingKey] = []

        public mutating func encodeNil() throws {
            encoder.root = .null
        }

        public mutating func encode<T: Encodable>(_ value: T) throws {
            encoder.root = try JSONTextEncoder.box(value)
        }
    }

    /// The encoder of a `super` member: what it encodes becomes that member.
    fileprivate final class MemberEncoder: Encoder {
        public let box: ObjectBox
        public let key: String
        public var codingPath: [any CodingKey] = []
        public var userInfo: [CodingUserInfoKey: Any] = [:]

        public init(box: ObjectBox, key: String) {
            self.box = box
            self.key = key
        }

        public func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let nested = ObjectBox()
            box.set(key, .object(nested))
            return KeyedEncodingContainer(KeyedContainer<Key>(box: nested))
        }

        public func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.set(key, .array(nested))
            return UnkeyedContainer(box: nested)
        }

        public func singleValueContainer() -> any SingleValueEncodingContainer {
            MemberValueContainer(box: box, key: key)
        }
    }

    fileprivate struct MemberValueContainer: SingleValueEncodingContainer {
        public let box: ObjectBox
        public let key: String
        public var codingPath: [any CodingKey] = []

        public mutating func encodeNil() throws {
            box.set(key, .null)
        }

        public mutating func encode<T: Encodable>(_ value: T) throws {
            box.set(key, try JSONTextEncoder.box(value))
        }
    }
}
